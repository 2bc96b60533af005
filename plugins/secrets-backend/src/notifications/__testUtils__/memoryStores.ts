import type {
  Mapping,
  MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type {
  FailingSync,
  NotificationScans,
  NotificationStateStore,
  NotifiedClaim,
  NotifiedState,
  NotifiedTopic,
  SyncedVersions,
  SyncStatus,
  UnrenewedLease,
} from '../../database';

/** A KV mapping of `entityRef` writing Secret `payments/<name>` from `store`. */
export function mappingOf(
  id: string,
  options: {
    entityRef?: string;
    store?: string;
    name?: string;
    maxAge?: string;
    updatedBy?: string;
  } = {},
): Mapping {
  const spec: MappingSpec = {
    store: options.store ?? 'kv',
    data: [
      { secretKey: 'k', remoteRef: { key: 'payments/app', property: 'p' } },
    ],
    target: {
      clusters: ['local'],
      namespace: 'payments',
      name: options.name ?? `secret-${id}`,
    },
    ...(options.maxAge ? { maxAge: options.maxAge } : {}),
  };
  return {
    id,
    entityRef: options.entityRef ?? 'component:default/payments-api',
    spec,
    revision: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdBy: options.updatedBy ?? 'user:default/alice',
    updatedBy: options.updatedBy ?? 'user:default/alice',
  };
}

/** One cluster row of a mapping, as the sync state holds it. */
export interface MemoryRow {
  status: SyncStatus;
  reason?: string;
  message?: string;
  consecutiveFailures: number;
  syncedVersions?: SyncedVersions['syncedVersions'];
}

/**
 * The mappings, their sync state and leases the notifier scans, and what it recorded, in
 * memory: the same contract as the database classes, conditions included.
 */
export class MemoryNotificationWorld
  implements NotificationScans, NotificationStateStore
{
  readonly mappings = new Map<string, Mapping>();
  /** By mapping id, then cluster. */
  readonly rows = new Map<string, Map<string, MemoryRow>>();
  readonly leases: Omit<UnrenewedLease, 'mapping'>[] = [];
  readonly notified = new Map<string, NotifiedState>();
  /** Scan calls, to check that every read is paged. */
  readonly calls: string[] = [];

  addMapping(mapping: Mapping, rows: Record<string, MemoryRow> = {}) {
    this.mappings.set(mapping.id, mapping);
    this.rows.set(mapping.id, new Map(Object.entries(rows)));
  }

  setRow(mappingId: string, cluster: string, row: MemoryRow) {
    this.rows.get(mappingId)!.set(cluster, row);
  }

  deleteMapping(id: string) {
    this.mappings.delete(id);
    this.rows.delete(id);
  }

  /** The `MappingStore` methods the notifier uses. */
  readonly mappingStore = {
    getMany: async (ids: string[]) =>
      new Map(
        ids
          .filter(id => this.mappings.has(id))
          .map(id => [id, this.mappings.get(id)!]),
      ),
    list: async (filter?: { entityRef?: string }) =>
      [...this.mappings.values()].filter(
        m => !filter?.entityRef || m.entityRef === filter.entityRef,
      ),
  };

  private scanned(id: string) {
    const m = this.mappings.get(id)!;
    return { entityRef: m.entityRef, spec: m.spec };
  }

  private ordered() {
    return [...this.rows.entries()]
      .filter(([id]) => this.mappings.has(id))
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([id, clusters]) =>
        [...clusters.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([cluster, row]) => ({ id, cluster, row })),
      );
  }

  async failing(options: {
    after?: { mappingId: string; cluster: string };
    limit: number;
  }): Promise<FailingSync[]> {
    this.calls.push(`failing:${options.limit}`);
    const a = options.after;
    return this.ordered()
      .filter(r => r.row.status === 'SyncedError')
      .filter(
        r =>
          !a ||
          r.id > a.mappingId ||
          (r.id === a.mappingId && r.cluster > a.cluster),
      )
      .slice(0, options.limit)
      .map(r => ({
        mappingId: r.id,
        cluster: r.cluster,
        reason: r.row.reason,
        message: r.row.message,
        consecutiveFailures: r.row.consecutiveFailures,
        mapping: this.scanned(r.id),
      }));
  }

  async statuses(ids: string[]) {
    const out = new Map<string, SyncStatus[]>();
    for (const id of ids) {
      const rows = this.rows.get(id);
      if (rows?.size)
        out.set(
          id,
          [...rows.values()].map(r => r.status),
        );
    }
    return out;
  }

  async unrenewedLeases(options: {
    expiresBefore: Date;
    actionBefore: Date;
    limit: number;
  }): Promise<UnrenewedLease[]> {
    return this.leases
      .filter(
        l =>
          this.mappings.has(l.mappingId) &&
          l.expiresAt < options.expiresBefore &&
          l.nextActionAt < options.actionBefore,
      )
      .slice(0, options.limit)
      .map(l => ({ ...l, mapping: this.scanned(l.mappingId) }));
  }

  async entityRefs(options: { after?: string; limit: number }) {
    return [...new Set([...this.mappings.values()].map(m => m.entityRef))]
      .sort()
      .filter(r => options.after === undefined || r > options.after)
      .slice(0, options.limit);
  }

  async syncedVersions(options: {
    after?: { mappingId: string; cluster: string };
    limit: number;
  }): Promise<SyncedVersions[]> {
    const a = options.after;
    return this.ordered()
      .filter(r => r.row.syncedVersions?.some(v => v.createdTime))
      .filter(
        r =>
          !a ||
          r.id > a.mappingId ||
          (r.id === a.mappingId && r.cluster > a.cluster),
      )
      .slice(0, options.limit)
      .map(r => ({
        mappingId: r.id,
        cluster: r.cluster,
        syncedVersions: r.row.syncedVersions!,
        mapping: this.scanned(r.id),
      }));
  }

  private key = (id: string, topic: NotifiedTopic) => `${id}\n${topic}`;

  async list(topic: NotifiedTopic, options: { after?: string; limit: number }) {
    return [...this.notified.values()]
      .filter(r => r.topic === topic)
      .sort((a, b) => a.mappingId.localeCompare(b.mappingId))
      .filter(r => options.after === undefined || r.mappingId > options.after)
      .slice(0, options.limit)
      .map(r => ({ ...r }));
  }

  async watch(
    topic: NotifiedTopic,
    rows: { mappingId: string; entityRef: string }[],
    since: Date,
  ) {
    for (const r of rows) {
      const k = this.key(r.mappingId, topic);
      if (!this.notified.has(k))
        this.notified.set(k, { ...r, topic, state: 'pending', since });
    }
  }

  async claim(
    topic: NotifiedTopic,
    from: 'absent' | 'pending',
    rows: NotifiedClaim[],
    now: Date,
  ) {
    const claimed: string[] = [];
    for (const r of rows) {
      const k = this.key(r.mappingId, topic);
      const known = this.notified.get(k);
      if (from === 'absent' ? known : known?.state !== 'pending') continue;
      this.notified.set(k, {
        ...r,
        topic,
        state: 'notified',
        since: known?.since ?? now,
        notifiedAt: now,
      });
      claimed.push(r.mappingId);
    }
    return claimed;
  }

  async unclaim(
    topic: NotifiedTopic,
    from: 'absent' | 'pending',
    ids: string[],
  ) {
    for (const id of ids) {
      const k = this.key(id, topic);
      const known = this.notified.get(k);
      if (known?.state !== 'notified') continue;
      if (from === 'absent') this.notified.delete(k);
      else this.notified.set(k, { ...known, state: 'pending' });
    }
  }

  async release(
    topic: NotifiedTopic,
    state: NotifiedState['state'],
    ids: string[],
  ) {
    return ids.filter(id => {
      const k = this.key(id, topic);
      if (this.notified.get(k)?.state !== state) return false;
      this.notified.delete(k);
      return true;
    });
  }

  async restore(rows: NotifiedState[]) {
    for (const r of rows) {
      const k = this.key(r.mappingId, r.topic);
      if (!this.notified.has(k)) this.notified.set(k, { ...r });
    }
  }

  async prune() {
    let n = 0;
    for (const [k, r] of this.notified)
      if (!this.mappings.has(r.mappingId)) {
        this.notified.delete(k);
        n++;
      }
    return n;
  }
}

/** A NotificationService that records what it was asked to send, or fails on demand. */
export class RecordingNotifications {
  readonly sent: NotificationSendOptions[] = [];
  failNext = 0;

  async send(options: NotificationSendOptions): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('Failed to send notifications: Error: status 503');
    }
    this.sent.push(options);
  }

  titles(): string[] {
    return this.sent.map(s => s.payload.title);
  }
}
