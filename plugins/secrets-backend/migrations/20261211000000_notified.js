// @ts-check

/**
 * What the owners of each mapping were last told, per topic, so that each change of
 * state is told once and by one replica: the notifier claims a row (an insert or an
 * update on a condition) in the same statement that decides to send. No value is kept:
 * a reason, a store name, times. Two indexes serve the notifier's scans, which look at
 * failing rows and at leases near their end instead of reading every row.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('secrets_notified', table => {
    table.comment(
      'What the owners of each mapping were last notified of, per topic (no values)',
    );
    table.string('mapping_id', 36).notNullable();
    table
      .string('topic', 16)
      .notNullable()
      .comment('sync | lease | orphan | rotation');
    table
      .string('state', 16)
      .notNullable()
      .comment('pending (seen failing, within the grace) | notified');
    table.string('entity_ref', 255).notNullable();
    table
      .string('reason', 64)
      .nullable()
      .comment('What was told: a status reason or a lease row id');
    table
      .string('summary', 63)
      .nullable()
      .comment('The store whose summary told this failure');
    table.timestamp('since', { useTz: true }).notNullable();
    table.timestamp('notified_at', { useTz: true }).nullable();
    table.primary(['mapping_id', 'topic']);
    table.index(['topic', 'state'], 'secrets_notified_topic_idx');
  });
  await knex.schema.alterTable('secrets_sync_state', table => {
    table.index(['status'], 'secrets_sync_state_status_idx');
  });
  await knex.schema.alterTable('secrets_dynamic_leases', table => {
    table.index(['expires_at'], 'secrets_dynamic_leases_expires_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('secrets_dynamic_leases', table => {
    table.dropIndex(['expires_at'], 'secrets_dynamic_leases_expires_idx');
  });
  await knex.schema.alterTable('secrets_sync_state', table => {
    table.dropIndex(['status'], 'secrets_sync_state_status_idx');
  });
  await knex.schema.dropTable('secrets_notified');
};
