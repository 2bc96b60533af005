// @ts-check

/**
 * Mappings: one row per (entity, target Secret) declaration. The spec is stored as JSON text
 * (it never contains secret values, only Vault paths and Kubernetes names); `revision`
 * lets the API refuse an update based on a stale read.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('secrets_mappings', table => {
    table.comment(
      'Vault-to-Kubernetes secret mappings owned by catalog entities',
    );
    table.string('id', 36).primary().notNullable().comment('UUID');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Owning entity, e.g. component:default/payments-api');
    table.text('spec').notNullable().comment('The MappingSpec as JSON');
    table
      .integer('revision')
      .notNullable()
      .defaultTo(1)
      .comment('Incremented on every update');
    table.string('created_by', 255).notNullable();
    table.string('updated_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['entity_ref'], 'secrets_mappings_entity_ref_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('secrets_mappings');
};
