// @ts-check

/**
 * A claim takes the due rows of one priority at a time in due order. This index hands
 * them over in that order, so a claim reads only the rows it takes instead of sorting
 * every due row (a cold sync of many mappings would otherwise sort them all per batch).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('secrets_sync_state', table => {
    table.index(
      ['priority', 'next_due_at', 'mapping_id'],
      'secrets_sync_state_claim_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('secrets_sync_state', table => {
    table.dropIndex(
      ['priority', 'next_due_at', 'mapping_id'],
      'secrets_sync_state_claim_idx',
    );
  });
};
