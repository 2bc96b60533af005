import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { NotificationsConfig, StoreConfig } from '../config';
import type {
  MappingStore,
  NotificationScans,
  NotificationStateStore,
} from '../database';
import type { NotifierContext, NotifierReport } from './context';
import { notifyLeases } from './leaseNotices';
import { notifyOrphans, type ExistingEntities } from './orphanNotices';
import { notifyRotations } from './rotationNotices';
import { notifySyncs } from './syncNotices';

/**
 * Orphans and rotation age change slowly and need the catalog or every synced row, so
 * they are looked at every quarter of an hour (and on a replica's first run), not on
 * every run.
 */
export const SLOW_CHECK_MS = 15 * 60_000;

/** What the notifier reads, records and sends through. */
export interface OwnerNotifierOptions {
  scans: NotificationScans;
  state: NotificationStateStore;
  mappings: Pick<MappingStore, 'getMany' | 'list'>;
  notifications: Pick<NotificationService, 'send'>;
  /** Which of these entity refs the catalog has (for orphans). */
  existingEntities: ExistingEntities;
  stores: ReadonlyMap<string, StoreConfig>;
  /** `secrets.admins`: told about mappings whose entity is gone. */
  admins: string[];
  config: NotificationsConfig;
  logger: LoggerService;
  clock?: () => Date;
}

/**
 * Tells the owners of mappings what changed, through Backstage's notifications: run by a
 * scheduled task on one replica at a time. Each run reads the sync state through indexed,
 * paged queries, decides per mapping what changed since it last told, records that and
 * sends; see `docs/operations.md` for what is sent when.
 */
export class OwnerNotifier {
  private lastSlowCheck?: number;

  constructor(private readonly options: OwnerNotifierOptions) {}

  /** One look at the state; a step that fails is logged and the others still run. */
  async run(): Promise<NotifierReport> {
    const o = this.options;
    const now = (o.clock ?? (() => new Date()))();
    const report: NotifierReport = { sent: 0, failed: 0, cleared: 0 };
    const ctx: NotifierContext = {
      scans: o.scans,
      state: o.state,
      mappings: o.mappings,
      notifications: o.notifications,
      config: o.config,
      logger: o.logger,
      now,
      report,
    };
    const slow =
      this.lastSlowCheck === undefined ||
      now.getTime() - this.lastSlowCheck >= SLOW_CHECK_MS;
    const steps: [string, () => Promise<unknown>][] = [
      // Rows of deleted mappings first, so no step tells about a mapping that is gone.
      ['forget deleted mappings', () => o.state.prune()],
      ['failing and recovered mappings', () => notifySyncs(ctx)],
      ['unrenewed leases', () => notifyLeases(ctx)],
      ...(slow
        ? ([
            [
              'orphaned mappings',
              () => notifyOrphans(ctx, o.existingEntities, o.admins),
            ],
            ['rotation due', () => notifyRotations(ctx, o.stores)],
          ] as [string, () => Promise<unknown>][])
        : []),
    ];
    let allRan = true;
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (error) {
        allRan = false;
        o.logger.warn(`Owner notifications: ${name} failed: ${error}`);
      }
    }
    if (slow && allRan) this.lastSlowCheck = now.getTime();
    return report;
  }
}
