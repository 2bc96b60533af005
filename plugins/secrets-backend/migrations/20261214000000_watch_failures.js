// @ts-check

/**
 * The Secret watches failing on each replica that runs the engine, written by that replica
 * at each health check: every replica's health report (an API-only one included, which
 * watches nothing) then shows a watch failing anywhere. A replica's rows are replaced at
 * each of its checks and ignored once not refreshed for a few checks (a replica gone).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('secrets_watch_failures', table => {
    table.comment('Failing Secret watches per engine replica');
    table.string('replica', 100).notNullable();
    table.string('cluster', 255).notNullable();
    table.string('namespace', 63).notNullable();
    table.timestamp('since', { useTz: true }).notNullable();
    table.text('message').notNullable();
    table.timestamp('seen_at', { useTz: true }).notNullable();
    table.primary(['replica', 'cluster', 'namespace']);
    table.index(['seen_at'], 'secrets_watch_failures_seen_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('secrets_watch_failures');
};
