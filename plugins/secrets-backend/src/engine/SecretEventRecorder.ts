import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import {
  isManagedBy,
  SYNC_REASON_ANNOTATION,
  SYNC_STATUS_ANNOTATION,
  type ClusterGateway,
  type SecretEvent,
} from '../kubernetes';
import type { ReconcileEvent } from './reconcileMapping';

/** A history entry as a Kubernetes Event: its type and reason, or none for routine ones. */
function asKubernetesEvent(
  e: ReconcileEvent,
): Pick<SecretEvent, 'type' | 'reason' | 'message'> | undefined {
  switch (e.type) {
    case 'Failed':
      return {
        type: 'Warning',
        reason: 'SyncFailed',
        message: `${e.reason}: ${e.message}`,
      };
    case 'DriftRepaired':
      return { type: 'Warning', reason: 'DriftRepaired', message: e.message };
    case 'Synced':
      return {
        type: 'Normal',
        reason: e.reason === 'Immutable' ? 'Immutable' : 'Synced',
        message: e.message,
      };
    case 'Changed':
      return { type: 'Normal', reason: 'Updated', message: e.message };
    case 'Deleted':
      return { type: 'Normal', reason: 'Deleted', message: e.message };
    case 'Restarted':
      return { type: 'Normal', reason: 'RolloutRestart', message: e.message };
    case 'Issued':
      return { type: 'Normal', reason: 'Issued', message: e.message };
    default:
      // Renewals happen every cycle of a dynamic mapping; the history has them.
      return undefined;
  }
}

/** Past this many remembered Secrets the oldest are forgotten: memory stays bounded. */
const MAX_REMEMBERED = 10_000;

/**
 * Events per cluster: a burst, then a steady rate. A cold start that writes 10,000 Secrets,
 * or an outage failing them all, must not double the API server's work with an Event each;
 * past the budget, Events are dropped (the history and the status annotations keep it all).
 */
const EVENT_BURST = 25;
const EVENTS_PER_SECOND = 5;

/**
 * Makes what the engine did visible from `kubectl`: each change or new failure in a
 * mapping's history becomes a Kubernetes Event on its Secret (with its uid, so `kubectl
 * describe secret` lists it), and a failure marks a Secret the mapping owns with
 * `sync-status: SyncedError` and the reason (data untouched; the next good sync marks it
 * `Synced`). History entries are already one per change or new failure reason; on top, one
 * Event per Secret and reason per interval at most, and per cluster a burst of 25 then 5 a
 * second. Best effort: a cluster that refuses
 * (RBAC without `events` create) or cannot be reached never fails the sync.
 */
export class SecretEventRecorder {
  private readonly sent = new Map<string, number>();
  private readonly budgets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly logger: LoggerService,
    private readonly minIntervalMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** `uid`: of the Secret the sync just wrote; without it (or on a failure) it is read. */
  async record(
    gateway: ClusterGateway | undefined,
    mapping: Mapping,
    events: ReconcileEvent[],
    uid?: string,
  ): Promise<void> {
    if (!gateway) return;
    const due = events.flatMap(e => {
      const k = asKubernetesEvent(e);
      return k && this.take(gateway.cluster, mapping, k.reason) ? [k] : [];
    });
    const failure = events.find(e => e.type === 'Failed');
    if (due.length === 0 && !failure) return;
    const { namespace, name } = mapping.spec.target;
    try {
      if (!failure && uid) {
        for (const k of due)
          await gateway.recordEvent({ namespace, secretName: name, uid, ...k });
        return;
      }
      const live = await gateway.readSecret(namespace, name);
      const owned =
        live !== undefined &&
        isManagedBy(live, mapping.id) &&
        (mapping.spec.target.creationPolicy ?? 'Owner') !== 'Merge';
      if (failure && owned)
        await gateway.patchSecretKeys(namespace, name, {
          set: {},
          remove: [],
          resourceVersion: live.resourceVersion,
          annotations: {
            [SYNC_STATUS_ANNOTATION]: 'SyncedError',
            [SYNC_REASON_ANNOTATION]: failure.reason,
          },
        });
      for (const k of due)
        await gateway.recordEvent({
          namespace,
          secretName: name,
          ...(live ? { uid: live.uid } : {}),
          ...k,
        });
    } catch (error) {
      this.logger.debug(
        `Kubernetes Event or status annotation for mapping ${
          mapping.id
        } not recorded: ${(error as Error).message}`,
        { mappingId: mapping.id, cluster: gateway.cluster },
      );
    }
  }

  /** Whether an Event for this Secret and reason may go out now; records that it does. */
  private take(cluster: string, mapping: Mapping, reason: string): boolean {
    const { namespace, name } = mapping.spec.target;
    const key = `${cluster}/${namespace}/${name}/${reason}`;
    const now = this.clock();
    const last = this.sent.get(key);
    if (last !== undefined && now - last < this.minIntervalMs) return false;
    if (!this.spend(cluster, now)) return false;
    this.sent.delete(key);
    this.sent.set(key, now);
    if (this.sent.size > MAX_REMEMBERED)
      this.sent.delete(this.sent.keys().next().value!);
    return true;
  }

  /** Takes one Event from the cluster's budget (refilled by the clock); false when empty. */
  private spend(cluster: string, now: number): boolean {
    const budget = this.budgets.get(cluster) ?? {
      tokens: EVENT_BURST,
      at: now,
    };
    budget.tokens = Math.min(
      EVENT_BURST,
      budget.tokens + ((now - budget.at) / 1000) * EVENTS_PER_SECOND,
    );
    budget.at = now;
    this.budgets.set(cluster, budget);
    if (budget.tokens < 1) return false;
    budget.tokens -= 1;
    return true;
  }
}
