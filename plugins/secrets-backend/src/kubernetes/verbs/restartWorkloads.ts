import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { call, GatewayContext } from '../call';
import { ClusterError } from '../ClusterError';
import type { WorkloadRef } from '../types';

/**
 * The pod template annotation the engine sets to restart a workload: its own name, so a
 * restart for new secret values is told apart from a `kubectl rollout restart`.
 */
export const RESTARTED_AT_ANNOTATION = 'secrets.backstage.io/restartedAt';

/**
 * Changing the pod template is what makes the controller roll new pods; the
 * patch touches only that one annotation. Every workload is tried, so one
 * missing Deployment does not keep the others on stale credentials.
 */
export async function restartWorkloads(
  ctx: GatewayContext,
  namespace: string,
  workloads: WorkloadRef[],
  now: () => Date = () => new Date(),
): Promise<void> {
  // Milliseconds, unlike kubectl: two changes within one second must both restart.
  const restartedAt = now().toISOString();
  const body = {
    spec: {
      template: {
        metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: restartedAt } },
      },
    },
  };
  const options = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const failures: ClusterError[] = [];
  for (const { kind, name } of workloads) {
    try {
      await call(ctx, { verb: `restart ${kind}`, namespace, name }, c => {
        const args = { namespace, name, body };
        if (kind === 'Deployment')
          return c.apps.patchNamespacedDeployment(args, options);
        if (kind === 'StatefulSet')
          return c.apps.patchNamespacedStatefulSet(args, options);
        return c.apps.patchNamespacedDaemonSet(args, options);
      });
    } catch (error) {
      failures.push(error as ClusterError);
    }
  }
  if (failures.length > 1) {
    ctx.logger.warn(
      `${failures.length} of ${workloads.length} workload restarts failed`,
      { cluster: ctx.cluster, namespace },
    );
  }
  if (failures.length) throw failures[0];
}
