import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { migratedClient } from './migratedClient';
import { optional, toDate } from './rows';
import type { DynamicLease, LeaseStore } from './LeaseStore';

const LEASES = 'secrets_dynamic_leases';
const MAPPINGS = 'secrets_mappings';

function toLease(row: any): DynamicLease {
  return {
    id: Number(row.id),
    mappingId: row.mapping_id,
    store: row.store,
    engine: row.engine,
    status: row.status,
    leaseId: optional(row.lease_id),
    serialNumber: optional(row.serial_number),
    issuedBy: optional(row.token_accessor),
    fingerprint: row.fingerprint,
    dataHmac: row.data_hmac,
    issuedAt: toDate(row.issued_at),
    expiresAt: toDate(row.expires_at),
    leaseDurationS: Number(row.lease_duration_s),
    renewable: Boolean(row.renewable),
    renewals: Number(row.renewals),
    nextAction: row.next_action,
    nextActionAt: toDate(row.next_action_at),
    revokeFailures: Number(row.revoke_failures),
  };
}

/** {@link LeaseStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseLeaseStore implements LeaseStore {
  static async create(database: DatabaseService): Promise<DatabaseLeaseStore> {
    return new DatabaseLeaseStore(await migratedClient(database));
  }

  private readonly db: Knex;

  private constructor(db: Knex) {
    this.db = db;
  }

  async current(mappingId: string): Promise<DynamicLease | undefined> {
    const row = await this.db(LEASES).where({ current_for: mappingId }).first();
    return row ? toLease(row) : undefined;
  }

  async currentOf(mappingIds: string[]): Promise<Map<string, DynamicLease>> {
    const result = new Map<string, DynamicLease>();
    for (let i = 0; i < mappingIds.length; i += 500) {
      const rows = await this.db(LEASES).whereIn(
        'current_for',
        mappingIds.slice(i, i + 500),
      );
      for (const row of rows) result.set(row.mapping_id, toLease(row));
    }
    return result;
  }

  async currentOfEntity(entityRef: string): Promise<Map<string, DynamicLease>> {
    const rows = await this.db(LEASES)
      .join(MAPPINGS, `${MAPPINGS}.id`, `${LEASES}.current_for`)
      .where(`${MAPPINGS}.entity_ref`, entityRef)
      .select(`${LEASES}.*`);
    return new Map(rows.map(row => [row.mapping_id, toLease(row)]));
  }

  async replace(
    lease: Omit<DynamicLease, 'id' | 'status' | 'revokeFailures'>,
    previous: 'delete' | 'revoke',
  ): Promise<void> {
    await this.db.transaction(async tx => {
      const old = tx(LEASES).where({ current_for: lease.mappingId });
      if (previous === 'delete') await old.delete();
      else await old.update({ current_for: null, status: 'revoke' });
      await tx(LEASES).insert({
        mapping_id: lease.mappingId,
        current_for: lease.mappingId,
        store: lease.store,
        engine: lease.engine,
        status: 'current',
        lease_id: lease.leaseId ?? null,
        serial_number: lease.serialNumber ?? null,
        token_accessor: lease.issuedBy ?? null,
        fingerprint: lease.fingerprint,
        data_hmac: lease.dataHmac,
        issued_at: lease.issuedAt,
        expires_at: lease.expiresAt,
        lease_duration_s: lease.leaseDurationS,
        renewable: lease.renewable,
        renewals: lease.renewals,
        next_action: lease.nextAction,
        next_action_at: lease.nextActionAt,
        revoke_failures: 0,
      });
    });
  }

  async update(
    id: number,
    fields: Parameters<LeaseStore['update']>[1],
  ): Promise<void> {
    const row: Record<string, unknown> = {};
    if (fields.expiresAt) row.expires_at = fields.expiresAt;
    if (fields.renewable !== undefined) row.renewable = fields.renewable;
    if (fields.renewals !== undefined) row.renewals = fields.renewals;
    if (fields.nextAction) row.next_action = fields.nextAction;
    if (fields.nextActionAt) row.next_action_at = fields.nextActionAt;
    if (Object.keys(row).length)
      await this.db(LEASES).where({ id }).update(row);
  }

  async requestReplace(mappingId: string, now: Date): Promise<boolean> {
    const updated = await this.db(LEASES)
      .where({ current_for: mappingId })
      .update({ next_action: 'replace', next_action_at: now });
    return updated > 0;
  }

  async retire(mappingId: string): Promise<DynamicLease | undefined> {
    const lease = await this.current(mappingId);
    if (!lease) return undefined;
    // Certificates without a lease have nothing to revoke: they expire.
    if (!lease.leaseId) await this.db(LEASES).where({ id: lease.id }).delete();
    else
      await this.db(LEASES)
        .where({ id: lease.id })
        .update({ current_for: null, status: 'revoke' });
    return { ...lease, status: 'revoke' };
  }

  async toRevoke(limit: number, now: Date): Promise<DynamicLease[]> {
    const rows = await this.db(LEASES)
      .where({ status: 'revoke' })
      .andWhere(q =>
        q.whereNull('revoke_after').orWhere('revoke_after', '<=', now),
      )
      .orderBy('id')
      .limit(limit);
    return rows.map(toLease);
  }

  async revoked(id: number): Promise<void> {
    await this.db(LEASES).where({ id }).delete();
  }

  async revokeFailed(id: number, now: Date): Promise<void> {
    const row = await this.db(LEASES).where({ id }).first('revoke_failures');
    if (!row) return;
    const failures = Number(row.revoke_failures) + 1;
    const delay = Math.min(5000 * 2 ** Math.min(failures - 1, 20), 600_000);
    await this.db(LEASES)
      .where({ id })
      .update({
        revoke_failures: failures,
        revoke_after: new Date(now.getTime() + delay),
      });
  }
}
