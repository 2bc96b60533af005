// @ts-check

/**
 * Sync state per (mapping, cluster) and the event history. By design there is no column
 * that could hold a secret value: statuses carry reasons and messages built from names
 * and paths, the data is represented only by its keyed HMAC.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('secrets_sync_state', table => {
    table.comment(
      'Where each mapping stands in each of its clusters, and the due queue',
    );
    table.string('mapping_id', 36).notNullable();
    table.string('cluster', 255).notNullable();
    table
      .string('status', 32)
      .notNullable()
      .comment('Pending | Synced | SyncedError | Drifted');
    table.string('reason', 64).nullable();
    table.text('message').nullable();
    table.text('synced_versions').nullable().comment('JSON [{key, version}]');
    table.string('data_hmac', 100).nullable();
    table.timestamp('last_synced_at', { useTz: true }).nullable();
    table.timestamp('last_attempt_at', { useTz: true }).nullable();
    table.timestamp('next_due_at', { useTz: true }).notNullable();
    table.integer('consecutive_failures').notNullable().defaultTo(0);
    table
      .integer('priority')
      .notNullable()
      .defaultTo(0)
      .comment('Higher first: never synced, sync now');
    table.string('claimed_by', 255).nullable();
    table.timestamp('claim_until', { useTz: true }).nullable();
    table.string('claim_token', 36).nullable();
    table.primary(['mapping_id', 'cluster']);
    table.index(['next_due_at'], 'secrets_sync_state_due_idx');
  });
  await knex.schema.createTable('secrets_sync_events', table => {
    table.comment(
      'History of each mapping: what the engine or a user did, never a value',
    );
    table.bigIncrements('id').primary();
    table.string('mapping_id', 36).notNullable();
    table.string('cluster', 255).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('type', 32).notNullable();
    table.string('actor', 255).notNullable();
    table.string('reason', 64).nullable();
    table.text('message').nullable();
    table.index(['mapping_id', 'id'], 'secrets_sync_events_mapping_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('secrets_sync_events');
  await knex.schema.dropTable('secrets_sync_state');
};
