import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { call, GatewayContext } from '../call';
import { ClusterError } from '../ClusterError';
import type { WorkloadRef } from '../types';

/** The annotation `kubectl rollout restart` sets; tools recognise it. */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

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
  // kubectl writes RFC 3339 without fractional seconds.
  const restartedAt = now()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z');
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
      await call(ctx, { verb: `restart ${kind}`, namespace, name }, c =>
        kind === 'Deployment'
          ? c.apps.patchNamespacedDeployment({ namespace, name, body }, options)
          : c.apps.patchNamespacedStatefulSet(
              { namespace, name, body },
              options,
            ),
      );
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
