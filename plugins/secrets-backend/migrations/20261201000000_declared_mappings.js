// @ts-check

/**
 * Mappings declared in an entity's repository. `source` (JSON, null for UI and API
 * mappings) names the file and document a mapping comes from; such a mapping changes only
 * with its file. `secrets_declared` keeps the outcome of the last read of each entity's
 * declared files, so every replica's API shows the same status.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('secrets_mappings', table => {
    table
      .text('source')
      .nullable()
      .comment('MappingSource as JSON when declared in Git; null otherwise');
  });
  await knex.schema.createTable('secrets_declared', table => {
    table.comment(
      'Outcome of the last read of the declared files of each entity',
    );
    table.string('entity_ref', 255).primary().notNullable();
    table.text('status').notNullable().comment('DeclaredMappings as JSON');
    table.timestamp('checked_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('secrets_declared');
  await knex.schema.alterTable('secrets_mappings', table => {
    table.dropColumn('source');
  });
};
