import type { RolloutRestartTarget } from './types';

/**
 * Workloads as people write them, `Deployment/api, StatefulSet/db` — in messages, in the
 * mapping form, and (with `,`) in the ESO export's annotation. @public
 */
export function formatRestartTargets(
  targets: readonly RolloutRestartTarget[] = [],
  separator = ', ',
): string {
  return targets.map(w => `${w.kind}/${w.name}`).join(separator);
}
