import { randomUUID } from 'node:crypto';
import {
  PRIORITY,
  type MappingStore,
  type NewSyncEvent,
  type RequeueFailed,
  type SyncClaim,
  type SyncEvent,
  type SyncOutcome,
  type SyncState,
  type SyncStateStore,
} from '../database';

export { InMemoryMappingStore } from './InMemoryMappingStore';

/** `ofEntity` of a fake state store: its `getMany` of the entity's mappings in `mappings`. */
async function statesOfEntity(
  states: Pick<SyncStateStore, 'getMany'>,
  name: string,
  mappings: Pick<MappingStore, 'list'> | undefined,
  entityRef: string,
): Promise<Map<string, SyncState[]>> {
  if (!mappings)
    throw new Error(`${name}: give it the mappings to find by entity`);
  const ids = (await mappings.list({ entityRef })).map(m => m.id);
  return states.getMany(ids);
}

/** The sync states and events the API reads, set by the test. */
export class FakeSyncStates
  implements
    Pick<SyncStateStore, 'get' | 'getMany' | 'ofEntity' | 'listEvents'>
{
  readonly states = new Map<string, SyncState[]>();
  readonly events = new Map<string, SyncEvent[]>();

  /** `mappings`: what `ofEntity` finds an entity's mappings in. */
  constructor(private readonly mappings?: Pick<MappingStore, 'list'>) {}

  ofEntity(entityRef: string): Promise<Map<string, SyncState[]>> {
    return statesOfEntity(this, 'FakeSyncStates', this.mappings, entityRef);
  }

  async get(mappingId: string): Promise<SyncState[]> {
    return this.states.get(mappingId) ?? [];
  }

  async getMany(mappingIds: string[]): Promise<Map<string, SyncState[]>> {
    return new Map(
      mappingIds
        .filter(id => this.states.has(id))
        .map(id => [id, this.states.get(id)!]),
    );
  }

  async listEvents(
    mappingId: string,
    options: { limit: number },
  ): Promise<SyncEvent[]> {
    return (this.events.get(mappingId) ?? []).slice(0, options.limit);
  }
}

/** A sync state as the engine would record it. */
export function syncState(
  mappingId: string,
  fields: Partial<SyncState> = {},
): SyncState {
  return {
    mappingId,
    cluster: 'local',
    status: 'Synced',
    reason: 'Created',
    syncedVersions: [],
    nextDueAt: new Date(Date.now() + 3_600_000).toISOString(),
    consecutiveFailures: 0,
    priority: 0,
    ...fields,
  };
}

type StateRow = SyncState & { token?: string; claimUntil?: number };

/**
 * The due queue in memory, with the rules the engine relies on: claims by priority then
 * due time, claims that expire, and an outcome that keeps a "sync now" which arrived while
 * the row was claimed.
 */
export class InMemorySyncStateStore implements SyncStateStore {
  readonly rows = new Map<string, StateRow>();
  readonly history: NewSyncEvent[] = [];
  /** How many times outcomes were written, to show a cycle writes them together. */
  completeCalls = 0;

  private id = (mappingId: string, cluster: string) =>
    `${mappingId}\n${cluster}`;

  /** `mappings`: what `reconcileTargets` reads the targets from. */
  constructor(private readonly mappings?: Pick<MappingStore, 'list'>) {}

  ofEntity(entityRef: string): Promise<Map<string, SyncState[]>> {
    return statesOfEntity(
      this,
      'InMemorySyncStateStore',
      this.mappings,
      entityRef,
    );
  }

  async reconcileTargets(now: Date) {
    if (!this.mappings)
      throw new Error(
        'InMemorySyncStateStore: give it the mappings to reconcile',
      );
    const wanted = new Map<string, { mappingId: string; cluster: string }>();
    for (const m of await this.mappings.list())
      for (const cluster of m.spec.target.clusters)
        wanted.set(this.id(m.id, cluster), { mappingId: m.id, cluster });
    let removed = 0;
    for (const key of [...this.rows.keys()])
      if (!wanted.has(key)) {
        this.rows.delete(key);
        removed++;
      }
    let added = 0;
    for (const [key, w] of wanted)
      if (!this.rows.has(key)) {
        await this.ensure(w.mappingId, [w.cluster], now);
        added++;
      }
    return { added, removed };
  }

  async ensure(mappingId: string, clusters: string[], now: Date) {
    for (const [key, row] of this.rows)
      if (row.mappingId === mappingId && !clusters.includes(row.cluster))
        this.rows.delete(key);
    for (const cluster of clusters)
      if (!this.rows.has(this.id(mappingId, cluster)))
        this.rows.set(this.id(mappingId, cluster), {
          mappingId,
          cluster,
          status: 'Pending',
          syncedVersions: [],
          nextDueAt: now.toISOString(),
          consecutiveFailures: 0,
          priority: PRIORITY.neverSynced,
        });
  }

  async remove(mappingId: string) {
    for (const [key, row] of this.rows)
      if (row.mappingId === mappingId) this.rows.delete(key);
  }

  /** Rows due at `now` and under no live claim, as `dueAndFree` in database/dueQueue.ts. */
  private dueAndFree(now: number): StateRow[] {
    return [...this.rows.values()].filter(
      r =>
        Date.parse(r.nextDueAt) <= now &&
        (r.claimUntil === undefined || r.claimUntil < now),
    );
  }

  async oldestDue(at: Date): Promise<Date | undefined> {
    const due = this.dueAndFree(at.getTime()).map(r => Date.parse(r.nextDueAt));
    return due.length ? new Date(Math.min(...due)) : undefined;
  }

  async hasWaitingRequest(at: Date): Promise<boolean> {
    return this.dueAndFree(at.getTime()).some(
      r => r.priority === PRIORITY.requested,
    );
  }

  async claimDue(options: {
    now: Date;
    limit: number;
    owner: string;
    leaseMs: number;
  }): Promise<SyncClaim[]> {
    const now = options.now.getTime();
    const token = randomUUID();
    return this.dueAndFree(now)
      .sort(
        (a, b) =>
          b.priority - a.priority || a.nextDueAt.localeCompare(b.nextDueAt),
      )
      .slice(0, options.limit)
      .map(row => {
        row.token = token;
        row.claimUntil = now + options.leaseMs;
        const { token: _t, claimUntil: _c, ...state } = row;
        return {
          mappingId: row.mappingId,
          cluster: row.cluster,
          token,
          state: { ...state },
        };
      });
  }

  async requestSync(mappingId: string, cluster?: string, now = new Date()) {
    let found = false;
    for (const row of this.rows.values())
      if (
        row.mappingId === mappingId &&
        (!cluster || row.cluster === cluster)
      ) {
        row.priority = PRIORITY.requested;
        row.nextDueAt = now.toISOString();
        found = true;
      }
    return found;
  }

  async markDrifted(
    mappingId: string,
    cluster: string,
    drift: { reason: string; message: string },
  ) {
    const row = this.rows.get(this.id(mappingId, cluster));
    if (!row || (row.status === 'Drifted' && row.reason === drift.reason))
      return false;
    Object.assign(row, { status: 'Drifted', ...drift });
    return true;
  }

  async completeMany(items: { claim: SyncClaim; outcome: SyncOutcome }[]) {
    this.completeCalls += 1;
    return items.map(({ claim, outcome }) => {
      const row = this.rows.get(this.id(claim.mappingId, claim.cluster));
      if (!row || row.token !== claim.token) return false;
      const untouched =
        row.priority === claim.state.priority &&
        row.nextDueAt === claim.state.nextDueAt;
      Object.assign(row, {
        status: outcome.status,
        reason: outcome.reason,
        message: outcome.message,
        syncedVersions: outcome.syncedVersions ?? row.syncedVersions,
        dataHmac: outcome.dataHmac ?? row.dataHmac,
        secretSeen: outcome.secretSeen,
        lastSyncedAt: outcome.lastSyncedAt?.toISOString() ?? row.lastSyncedAt,
        lastAttemptAt: outcome.lastAttemptAt.toISOString(),
        consecutiveFailures: outcome.consecutiveFailures,
        nextDueAt: untouched ? outcome.nextDueAt.toISOString() : row.nextDueAt,
        priority: untouched ? PRIORITY.normal : row.priority,
        token: undefined,
        claimUntil: undefined,
      });
      return true;
    });
  }

  async get(mappingId: string): Promise<SyncState[]> {
    return [...this.rows.values()]
      .filter(r => r.mappingId === mappingId)
      .map(({ token: _t, claimUntil: _c, ...state }) => state);
  }

  async getMany(mappingIds: string[]): Promise<Map<string, SyncState[]>> {
    const result = new Map<string, SyncState[]>();
    for (const id of mappingIds) {
      const states = await this.get(id);
      if (states.length) result.set(id, states);
    }
    return result;
  }

  async list(): Promise<SyncState[]> {
    return [...this.rows.values()].map(
      ({ token: _t, claimUntil: _c, ...state }) => state,
    );
  }

  async countByStatus() {
    const counts: Record<string, number> = {};
    for (const row of this.rows.values())
      counts[row.status] = (counts[row.status] ?? 0) + 1;
    return counts;
  }

  /** Labels come from `mappingStores` only; entity and target are left empty. */
  async seriesPage(options: {
    after?: { mappingId: string; cluster: string };
    limit: number;
  }) {
    const key = (r: { mappingId: string; cluster: string }) =>
      `${r.mappingId}\u0000${r.cluster}`;
    const after = options.after ? key(options.after) : '';
    return [...this.rows.values()]
      .filter(r => key(r) > after)
      .sort((a, b) => (key(a) < key(b) ? -1 : 1))
      .slice(0, options.limit)
      .map(r => ({
        mappingId: r.mappingId,
        cluster: r.cluster,
        status: r.status,
        reason: r.reason,
        entityRef: '',
        store: this.mappingStores.get(r.mappingId) ?? '',
        namespace: '',
        name: '',
      }));
  }

  /** The store each mapping reads, for `requeueFailed({ store })`; tests set what they use. */
  readonly mappingStores = new Map<string, string>();

  async requeueFailed(options: RequeueFailed) {
    const now = options.now.getTime();
    let count = 0;
    for (const row of this.rows.values()) {
      const ours =
        'cluster' in options
          ? row.cluster === options.cluster
          : this.mappingStores.get(row.mappingId) === options.store;
      if (
        !ours ||
        row.status !== 'SyncedError' ||
        !options.reasons.includes(row.reason ?? '') ||
        Date.parse(row.nextDueAt) <= now + options.spreadMs ||
        (row.claimUntil !== undefined && row.claimUntil >= now)
      )
        continue;
      const delay = Math.floor(Math.random() * Math.max(1, options.spreadMs));
      row.nextDueAt = new Date(now + delay).toISOString();
      count += 1;
    }
    return count;
  }

  async appendEvent(event: NewSyncEvent) {
    this.history.push(event);
  }

  async appendEvents(events: NewSyncEvent[]) {
    this.history.push(...events);
  }

  async listEvents(mappingId: string, options: { limit?: number } = {}) {
    return this.history
      .map((e, i) => ({ ...e, id: i + 1, at: e.at.toISOString() }))
      .filter(e => e.mappingId === mappingId)
      .reverse()
      .slice(0, options.limit ?? 100);
  }
}
