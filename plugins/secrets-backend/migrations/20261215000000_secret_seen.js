// @ts-check

/**
 * What the engine last found in a row's Secret: the Secret's resourceVersion after a
 * successful sync, the mapping revision it was checked against, and when. While the
 * Secret watch of its namespace shows that resourceVersion still, a refresh needs no read
 * of the Secret (see engine/seenSecret.ts). Cleared by every outcome that does not set it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('secrets_sync_state', table => {
    table.text('secret_seen').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('secrets_sync_state', table => {
    table.dropColumn('secret_seen');
  });
};
