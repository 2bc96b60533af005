// @ts-check

/**
 * Leases and certificates issued for dynamic mappings. Kept in the database, not in memory,
 * so renewals continue after a restart and on another replica. No credential is stored:
 * the values live only in the Secret; a row holds the lease handle and its schedule.
 * A deleted mapping's lease stays as `revoke` until Vault has revoked it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('secrets_dynamic_leases', table => {
    table.comment('Leases and certificates of dynamic mappings (no values)');
    table.increments('id');
    table.string('mapping_id', 36).notNullable();
    // Equal to mapping_id while the lease is the mapping's current one, else null:
    // at most one current lease per mapping, on SQLite and PostgreSQL alike.
    table.string('current_for', 36).nullable().unique();
    table.string('store', 63).notNullable();
    table.string('engine', 16).notNullable();
    table.string('status', 16).notNullable();
    table.text('lease_id').nullable();
    table.string('serial_number', 128).nullable();
    // Accessor of the Vault token that issued the lease: the lease dies with that token.
    table.string('token_accessor', 128).nullable();
    table.string('fingerprint', 80).notNullable();
    table.string('data_hmac', 80).notNullable();
    table.timestamp('issued_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.integer('lease_duration_s').notNullable();
    table.boolean('renewable').notNullable();
    table.integer('renewals').notNullable().defaultTo(0);
    table.string('next_action', 16).notNullable();
    table.timestamp('next_action_at', { useTz: true }).notNullable();
    table.integer('revoke_failures').notNullable().defaultTo(0);
    // After a failed revocation, not again before this (backoff while Vault is down).
    table.timestamp('revoke_after', { useTz: true }).nullable();
    table.index(['mapping_id'], 'secrets_dynamic_leases_mapping_idx');
    table.index(['status'], 'secrets_dynamic_leases_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('secrets_dynamic_leases');
};
