import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  Mapping,
  MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import {
  PRIORITY,
  type MappingFilter,
  type MappingStore,
  type MappingWrite,
  type NewSyncEvent,
  type RequeueFailed,
  type SyncClaim,
  type SyncEvent,
  type SyncOutcome,
  type SyncState,
  type SyncStateStore,
} from '../database';

/** {@link MappingStore} in a Map: revisions, actors and one Secret per mapping. */
export class InMemoryMappingStore implements MappingStore {
  readonly rows = new Map<string, Mapping>();

  async list(filter: MappingFilter = {}): Promise<Mapping[]> {
    return [...this.rows.values()].filter(
      m =>
        (!filter.entityRef || m.entityRef === filter.entityRef) &&
        (!filter.declared || m.source),
    );
  }

  async get(id: string): Promise<Mapping | undefined> {
    return this.rows.get(id);
  }

  async getMany(ids: string[]): Promise<Map<string, Mapping>> {
    return new Map(
      ids.flatMap(id => (this.rows.has(id) ? [[id, this.rows.get(id)!]] : [])),
    );
  }

  async forEachPage(
    onPage: (page: Mapping[]) => void | Promise<void>,
    pageSize = 1000,
  ): Promise<void> {
    const all = [...this.rows.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    for (let i = 0; i < all.length; i += pageSize)
      await onPage(all.slice(i, i + pageSize));
  }

  async targetNamespaces() {
    const seen = new Map<string, { cluster: string; namespace: string }>();
    for (const m of this.rows.values())
      for (const cluster of m.spec.target.clusters)
        seen.set(`${cluster}/${m.spec.target.namespace}`, {
          cluster,
          namespace: m.spec.target.namespace,
        });
    return [...seen.values()];
  }

  async create(entityRef: string, write: MappingWrite): Promise<Mapping> {
    const id = randomUUID();
    this.claim(id, write.spec);
    const now = new Date().toISOString();
    const mapping: Mapping = {
      id,
      entityRef,
      spec: write.spec,
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: write.actor,
      updatedBy: write.actor,
      ...(write.source ? { source: write.source } : {}),
    };
    this.rows.set(id, mapping);
    return mapping;
  }

  async update(
    id: string,
    write: MappingWrite & { expectedRevision?: number },
  ): Promise<Mapping> {
    const current = this.rows.get(id);
    if (!current) throw new NotFoundError(`No mapping with id ${id}`);
    if (
      write.expectedRevision !== undefined &&
      write.expectedRevision !== current.revision
    )
      throw new ConflictError(
        `Mapping ${id} was changed by someone else (revision ${current.revision}, expected ${write.expectedRevision})`,
      );
    this.claim(id, write.spec);
    const updated: Mapping = {
      ...current,
      spec: write.spec,
      revision: current.revision + 1,
      updatedBy: write.actor,
      updatedAt: new Date().toISOString(),
    };
    this.rows.set(id, updated);
    return updated;
  }

  async delete(id: string): Promise<Mapping | undefined> {
    const existing = this.rows.get(id);
    this.rows.delete(id);
    return existing;
  }

  private claim(id: string, spec: MappingSpec) {
    const taken = [...this.rows.values()].find(
      m =>
        m.id !== id &&
        m.spec.target.namespace === spec.target.namespace &&
        m.spec.target.name === spec.target.name &&
        m.spec.target.clusters.some(c => spec.target.clusters.includes(c)),
    );
    if (taken)
      throw new ConflictError(
        `target: Secret ${spec.target.namespace}/${spec.target.name} is already written by mapping ${taken.id}`,
      );
  }
}

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
