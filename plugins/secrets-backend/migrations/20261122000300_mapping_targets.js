// @ts-check

/**
 * The Secrets each mapping writes, one row per cluster. The unique index is what stops two
 * mappings (of the same or different entities) from claiming one Secret, even when two
 * requests race on different replicas. Deleting a mapping deletes its rows.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('secrets_mapping_targets', table => {
    table.comment('Cluster/namespace/Secret claimed by each mapping');
    table
      .string('mapping_id', 36)
      .notNullable()
      .references('id')
      .inTable('secrets_mappings')
      .onDelete('CASCADE');
    table.string('cluster', 63).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('name', 253).notNullable();
    table.unique(['cluster', 'namespace', 'name'], {
      indexName: 'secrets_mapping_targets_secret_uq',
    });
    table.index(['mapping_id'], 'secrets_mapping_targets_mapping_idx');
  });
  // Mappings stored before this table existed: the oldest claim of a Secret keeps it.
  const rows = await knex('secrets_mappings').orderBy('created_at');
  const seen = new Set();
  for (const row of rows) {
    const target = JSON.parse(row.spec).target ?? {};
    for (const cluster of target.clusters ?? []) {
      const key = `${cluster}/${target.namespace}/${target.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await knex('secrets_mapping_targets').insert({
        mapping_id: row.id,
        cluster,
        namespace: target.namespace,
        name: target.name,
      });
    }
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('secrets_mapping_targets');
};
