// @ts-check

/**
 * When a store or cluster is healthy again, the rows that failed because of it are made
 * due at once (`requeueFailed`). This index lets that one UPDATE find them by reason (and
 * cluster) instead of reading every row of the queue.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('secrets_sync_state', table => {
    table.index(['reason', 'cluster'], 'secrets_sync_state_reason_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('secrets_sync_state', table => {
    table.dropIndex(['reason', 'cluster'], 'secrets_sync_state_reason_idx');
  });
};
