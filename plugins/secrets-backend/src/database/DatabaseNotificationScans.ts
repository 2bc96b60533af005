import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { migratedClient } from './migratedClient';
import { statePage } from './statePage';
import { optional, toDate, toOptionalIso } from './rows';
import type {
  FailingSync,
  NotificationScans,
  ScanCursor,
  ScannedMapping,
  SyncedVersions,
  UnrenewedLease,
} from './NotificationScans';
import type { SyncStatus } from './SyncStateStore';

const STATE = 'secrets_sync_state';
const MAPPINGS = 'secrets_mappings';
const LEASES = 'secrets_dynamic_leases';

const mappingOf = (row: any): ScannedMapping => ({
  entityRef: row.entity_ref,
  spec: JSON.parse(row.spec),
});

/** {@link NotificationScans} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseNotificationScans implements NotificationScans {
  static async create(
    database: DatabaseService,
  ): Promise<DatabaseNotificationScans> {
    return new DatabaseNotificationScans(await migratedClient(database));
  }

  private constructor(private readonly db: Knex) {}

  async failing(options: {
    after?: ScanCursor;
    limit: number;
  }): Promise<FailingSync[]> {
    const rows = await statePage(this.db, options.after, options.limit)
      .where('s.status', 'SyncedError')
      .select(
        's.mapping_id',
        's.cluster',
        's.reason',
        's.message',
        's.consecutive_failures',
        's.last_attempt_at',
        'm.entity_ref',
        'm.spec',
      );
    return rows.map((row: any) => ({
      mappingId: row.mapping_id,
      cluster: row.cluster,
      reason: optional(row.reason),
      message: optional(row.message),
      consecutiveFailures: Number(row.consecutive_failures),
      lastAttemptAt: toOptionalIso(row.last_attempt_at),
      mapping: mappingOf(row),
    }));
  }

  async statuses(mappingIds: string[]): Promise<Map<string, SyncStatus[]>> {
    const result = new Map<string, SyncStatus[]>();
    for (let i = 0; i < mappingIds.length; i += 500) {
      const rows = await this.db(STATE)
        .whereIn('mapping_id', mappingIds.slice(i, i + 500))
        .select('mapping_id', 'status');
      for (const row of rows)
        result.set(row.mapping_id, [
          ...(result.get(row.mapping_id) ?? []),
          row.status,
        ]);
    }
    return result;
  }

  async unrenewedLeases(options: {
    expiresBefore: Date;
    actionBefore: Date;
    limit: number;
  }): Promise<UnrenewedLease[]> {
    const rows = await this.db(`${LEASES} as l`)
      .join(`${MAPPINGS} as m`, 'm.id', 'l.current_for')
      .where('l.expires_at', '<', options.expiresBefore)
      .andWhere('l.next_action_at', '<', options.actionBefore)
      .orderBy('l.expires_at')
      .limit(options.limit)
      .select(
        'l.id',
        'l.mapping_id',
        'l.engine',
        'l.expires_at',
        'l.next_action_at',
        'l.serial_number',
        'm.entity_ref',
        'm.spec',
      );
    return rows.map(row => ({
      mappingId: row.mapping_id,
      leaseRowId: Number(row.id),
      engine: row.engine,
      expiresAt: toDate(row.expires_at),
      nextActionAt: toDate(row.next_action_at),
      serialNumber: optional(row.serial_number),
      mapping: mappingOf(row),
    }));
  }

  async entityRefs(options: {
    after?: string;
    limit: number;
  }): Promise<string[]> {
    const query = this.db(MAPPINGS)
      .distinct('entity_ref')
      .orderBy('entity_ref')
      .limit(options.limit);
    if (options.after !== undefined)
      query.where('entity_ref', '>', options.after);
    return (await query).map(row => row.entity_ref);
  }

  async syncedVersions(options: {
    after?: ScanCursor;
    limit: number;
  }): Promise<SyncedVersions[]> {
    // Only KV v2 versions carry a creation time, which the age check needs.
    const rows = await statePage(this.db, options.after, options.limit)
      .where('s.synced_versions', 'like', '%createdTime%')
      .select(
        's.mapping_id',
        's.cluster',
        's.synced_versions',
        'm.entity_ref',
        'm.spec',
      );
    return rows.map((row: any) => ({
      mappingId: row.mapping_id,
      cluster: row.cluster,
      syncedVersions: JSON.parse(row.synced_versions),
      mapping: mappingOf(row),
    }));
  }
}
