import {
  formatRestartTargets,
  type Mapping,
} from '@backstage-secrets/plugin-secrets-common';
import type { ClusterGateway } from '../kubernetes';
import { describeFailure } from './failure';
import type { ReconcileEvent } from './reconcileMapping';

/**
 * After the Secret's data changed, restart the workloads that read it. They live in the
 * target namespace, which guardrails bound to the entity; nothing outside it is touched.
 * A failed restart does not undo the sync: it is recorded, and the next change retries.
 */
export async function restartConsumers(
  mapping: Mapping,
  gateway: ClusterGateway,
  events: ReconcileEvent[],
): Promise<void> {
  const targets = mapping.spec.target.rolloutRestartTargets ?? [];
  if (targets.length === 0) return;
  const names = formatRestartTargets(targets);
  try {
    await gateway.restartWorkloads(mapping.spec.target.namespace, targets);
    events.push({
      type: 'Restarted',
      reason: 'RolloutRestart',
      message: `Restarted ${names}`,
    });
  } catch (error) {
    events.push({
      type: 'Failed',
      reason: 'RestartFailed',
      message: `Restarting ${names} failed: ${describeFailure(error).message}`,
    });
  }
}
