// @ts-check

/**
 * A mapping whose reads index rows are not those of its revision (the partial index's
 * predicate; the plugin's query repeats it, so the index serves that query).
 */
const READS_STALE = {
  pg: 'reads_revision IS DISTINCT FROM revision',
  sqlite: 'reads_revision IS NOT revision',
};

/** @param {import('knex').Knex} knex @returns {'pg' | 'sqlite'} */
const dialect = knex =>
  String(knex.client.config.client).match(/pg|postgres/) ? 'pg' : 'sqlite';

/**
 * The Vault paths each mapping reads, one row per store, path and kind of read: `exact`
 * for a `data` or `extract` key, `below` for a `find` path (every secret under it). Who
 * reads a path (rotation's consumers, the audit's reverse lookup) is then one indexed
 * query instead of a read of every mapping. Deleting a mapping deletes its rows.
 *
 * `secrets_mappings.reads_revision` is the revision the rows were written for. A replica of
 * an earlier version, still running during a rolling upgrade, creates and updates mappings
 * without touching it, so a mapping whose `reads_revision` is not its `revision` has rows
 * to rewrite; a partial index finds those without reading the others.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('secrets_mapping_reads', table => {
    table.comment('Vault paths read by each mapping, for the reverse lookup');
    table
      .string('mapping_id', 36)
      .notNullable()
      .references('id')
      .inTable('secrets_mappings')
      .onDelete('CASCADE');
    table.string('store', 255).notNullable();
    table.text('key').notNullable();
    table.string('match', 8).notNullable();
    table.index(['store', 'key'], 'secrets_mapping_reads_path_idx');
    table.index(['mapping_id'], 'secrets_mapping_reads_mapping_idx');
  });
  await knex.schema.alterTable('secrets_mappings', table => {
    table.integer('reads_revision').nullable();
  });
  await knex.schema.alterTable('secrets_mappings', table => {
    table.index(['id'], 'secrets_mappings_reads_stale_idx', {
      predicate: knex.whereRaw(READS_STALE[dialect(knex)]),
    });
  });
  // Mappings stored before this table existed, a page at a time. The reads are taken from
  // the stored spec here rather than through the plugin's code: a migration must keep
  // doing what it did when it was written.
  let after = '';
  for (;;) {
    const rows = await knex('secrets_mappings')
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .select('id', 'spec', 'revision');
    const reads = rows.flatMap(row => readsOf(row.id, JSON.parse(row.spec)));
    for (let i = 0; i < reads.length; i += 100)
      await knex('secrets_mapping_reads').insert(reads.slice(i, i + 100));
    // Each only at the revision read: one changed meanwhile stays stale and is redone.
    for (const row of rows)
      await knex('secrets_mappings')
        .where({ id: row.id, revision: row.revision })
        .update({ reads_revision: row.revision });
    if (rows.length < 500) return;
    after = rows[rows.length - 1].id;
  }
};

/**
 * @param {string} mappingId
 * @param {any} spec
 */
function readsOf(mappingId, spec) {
  /** @type {Map<string, {mapping_id: string, store: string, key: string, match: string}>} */
  const reads = new Map();
  /** @param {string} key @param {string} match */
  const add = (key, match) =>
    reads.set(`${match}:${key}`, {
      mapping_id: mappingId,
      store: spec.store,
      key,
      match,
    });
  if (typeof spec.store !== 'string') return [];
  for (const d of spec.data ?? []) add(d.remoteRef.key, 'exact');
  for (const d of spec.dataFrom ?? []) {
    if (d.extract) add(d.extract.key, 'exact');
    else if (d.find) add(d.find.path ?? '', 'below');
  }
  return [...reads.values()];
}

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('secrets_mappings', table => {
    table.dropIndex(['id'], 'secrets_mappings_reads_stale_idx');
  });
  await knex.schema.alterTable('secrets_mappings', table => {
    table.dropColumn('reads_revision');
  });
  await knex.schema.dropTable('secrets_mapping_reads');
};
