import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  NewSyncEvent,
  SyncClaim,
  SyncOutcome,
  SyncStateStore,
} from '../database';
import { describeFailure } from './failure';

interface PendingOutcome {
  claim: SyncClaim;
  outcome: SyncOutcome;
  /** Clean-up when the row turned out to be gone: the mapping was deleted mid-sync. */
  ifLost?: () => Promise<void>;
}

/**
 * Outcomes and history events of finished syncs, held until the run claims its next batch
 * or ends and then written in one statement each (not one per sync); writing the outcomes releases the claims.
 */
export class PendingWrites {
  private outcomes: PendingOutcome[] = [];
  private events: NewSyncEvent[] = [];

  constructor(
    private readonly state: SyncStateStore,
    private readonly logger: LoggerService,
  ) {}

  addOutcome(outcome: PendingOutcome): void {
    this.outcomes.push(outcome);
  }

  addEvents(events: NewSyncEvent[]): void {
    this.events.push(...events);
  }

  /**
   * Writes all that is pending, of whichever run. An outcome whose row is gone — its
   * mapping was deleted while it synced — runs its `ifLost` clean-up once the write has
   * shown it.
   */
  async write(): Promise<void> {
    const outcomes = this.outcomes.splice(0);
    const events = this.events.splice(0);
    if (outcomes.length) {
      const recorded = await this.state.completeMany(outcomes);
      for (const [i, { claim, ifLost }] of outcomes.entries()) {
        if (recorded[i] || !ifLost) continue;
        try {
          await ifLost();
        } catch (error) {
          this.logger.warn(
            `Cleaning up after deleted mapping ${claim.mappingId} on ${
              claim.cluster
            } failed: ${describeFailure(error).message}`,
          );
        }
      }
    }
    if (events.length) await this.state.appendEvents(events);
  }
}
