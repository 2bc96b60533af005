import { NotFoundError } from '@backstage/errors';
import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import {
  syncRequestPending,
  type SyncState,
  type SyncStateStore,
} from '../database';

/** How often "sync now" looks again while another cycle or replica holds its row. */
const SYNC_NOW_POLL_MS = 100;

/**
 * Puts mappings first in line: "sync now" and saved mappings. Each request is recorded in
 * the history with who asked; the sync itself is always run by a cycle, never here.
 */
export class SyncRequests {
  constructor(
    private readonly deps: {
      state: Pick<
        SyncStateStore,
        'requestSync' | 'get' | 'ensure' | 'appendEvents'
      >;
      /** Starts a background run now, so the request need not wait for the timer. */
      wake(): void;
      /** `secrets.engine.syncNowWait`. */
      waitMs: number;
      clock: () => Date;
    },
  ) {}

  /**
   * "Sync now": the mapping jumps the queue (ESO #4180), a background run is woken, and
   * this call waits on the mapping's state — never running a cycle itself — until a sync
   * that started after the request has recorded its outcome. A row held by another cycle
   * or replica at that moment keeps the request (see `completeMany`) and is served by the
   * next run; this call waits for that, up to `secrets.engine.syncNowWait`, then returns the
   * state as it is (still showing the request as pending).
   */
  async syncNow(mappingId: string, actor: string): Promise<SyncState[]> {
    if (
      !(await this.requestSync(
        mappingId,
        actor,
        'SyncRequested',
        'Sync requested',
      ))
    ) {
      throw new NotFoundError(`No mapping with id ${mappingId}`);
    }
    const deadline = Date.now() + this.deps.waitMs;
    for (;;) {
      this.deps.wake();
      await new Promise(resolve => setTimeout(resolve, SYNC_NOW_POLL_MS));
      const states = await this.deps.state.get(mappingId);
      if (!states.some(syncRequestPending) || Date.now() >= deadline)
        return states;
    }
  }

  /**
   * A mapping was created or changed through the API: its rows match its clusters and it
   * is synced first in line — also for CreatedOnce and OnChange, which a change re-queues.
   */
  async mappingSaved(mapping: Mapping, actor: string): Promise<void> {
    const now = this.deps.clock();
    await this.deps.state.ensure(mapping.id, mapping.spec.target.clusters, now);
    if (mapping.revision > 1) {
      await this.requestSync(
        mapping.id,
        actor,
        'MappingChanged',
        `Mapping changed (revision ${mapping.revision})`,
        now,
      );
    }
  }

  /**
   * Puts a mapping first in line in each of its clusters and records who asked and why;
   * false when it has no rows.
   */
  private async requestSync(
    mappingId: string,
    actor: string,
    reason: string,
    message: string,
    now = this.deps.clock(),
  ): Promise<boolean> {
    if (!(await this.deps.state.requestSync(mappingId, undefined, now)))
      return false;
    const rows = await this.deps.state.get(mappingId);
    await this.deps.state.appendEvents(
      rows.map(row => ({
        mappingId,
        cluster: row.cluster,
        at: now,
        type: 'SyncRequested' as const,
        actor,
        reason,
        message,
      })),
    );
    return true;
  }
}
