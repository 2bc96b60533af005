import {
  isDynamic,
  type Mapping,
  type SecretComparison,
} from '@backstage-secrets/plugin-secrets-common';
import {
  isManagedBy,
  managedMetadata,
  MAPPING_ID_LABEL,
  type ClusterGateway,
  type LiveSecret,
} from '../kubernetes';
import type { VaultGateway } from '../vault';
import {
  buildDesiredSecret,
  clusterTemplateSources,
  dataHmac,
} from './desired';
import { CycleReadCache } from './readCache';

type KeyStatus = SecretComparison['keys'][number]['status'];

/** Key by key, names only: what the mapping would write against what the Secret holds. */
export function compareKeys(
  desired: Record<string, Buffer>,
  live: Record<string, Buffer>,
): { key: string; status: KeyStatus }[] {
  const keys = [...new Set([...Object.keys(desired), ...Object.keys(live)])];
  return keys.sort().map(key => {
    let status: KeyStatus;
    if (!(key in live)) status = 'missing';
    else if (!(key in desired)) status = 'extra';
    else status = desired[key].equals(live[key]) ? 'match' : 'differ';
    return { key, status };
  });
}

/** Whose the live Secret is, for the comparison. */
function ownerOf(live: LiveSecret | undefined, mappingId: string) {
  if (!live) return 'absent' as const;
  return isManagedBy(live, mappingId)
    ? ('ours' as const)
    : ('foreign' as const);
}

/**
 * Compares what the mapping would write with the Secret in each of its clusters, and with
 * `adopt` takes ownership of a Secret someone else wrote (ESO, kubectl) when it already
 * holds exactly that: only labels and annotations are patched, never the data, so the next
 * sync finds it current and writes nothing. A Secret that differs in any key or type, or
 * that another object controls (an ExternalSecret would keep writing it, and Kubernetes
 * would delete it with its owner), is not adopted, and the comparison says why. Values are
 * compared here and never returned.
 */
export async function compareMapping(
  mapping: Mapping,
  deps: {
    vault: (store: string) => VaultGateway;
    cluster: (name: string) => ClusterGateway | undefined;
    hmacKey: Buffer;
  },
  options: { adopt: boolean },
): Promise<SecretComparison[]> {
  if (isDynamic(mapping.spec))
    throw new Error('a dynamic mapping issues new values: nothing to compare');
  const target = mapping.spec.target;
  // One Vault read per key for every cluster; templateFrom reads each cluster's own objects.
  const cache = new CycleReadCache(deps.vault);
  const merge = target.creationPolicy === 'Merge';
  const results: SecretComparison[] = [];
  for (const cluster of [...new Set(target.clusters)]) {
    const gateway = deps.cluster(cluster);
    if (!gateway) {
      results.push({
        cluster,
        secret: 'absent',
        type: { desired: target.type ?? 'Opaque' },
        keys: [],
        matches: false,
        message: `Cluster "${cluster}" is not configured`,
      });
      continue;
    }
    const desired = await buildDesiredSecret(
      mapping.spec,
      cache,
      clusterTemplateSources(gateway, target.namespace),
    );
    const live = await gateway.readSecret(target.namespace, target.name);
    const secret = ownerOf(live, mapping.id);
    // A Merge mapping owns only its keys: the Secret's other keys are not a difference.
    const keys = compareKeys(desired.data, live?.data ?? {}).filter(
      k => !(merge && k.status === 'extra'),
    );
    const matches =
      Boolean(live) &&
      (merge || live!.type === desired.type) &&
      keys.every(k => k.status === 'match');
    const result: SecretComparison = {
      cluster,
      secret,
      type: { desired: desired.type, ...(live ? { live: live.type } : {}) },
      keys,
      matches,
      ...(live?.controller
        ? { controller: `${live.controller.kind}/${live.controller.name}` }
        : {}),
    };
    result.message = why(result, live, target.creationPolicy ?? 'Owner');
    if (options.adopt && !result.message && live) {
      const meta = managedMetadata({
        mappingId: mapping.id,
        entityRef: mapping.entityRef,
        dataHmac: dataHmac(deps.hmacKey, desired),
      });
      await gateway.patchSecretKeys(target.namespace, target.name, {
        set: {},
        remove: [],
        resourceVersion: live.resourceVersion,
        labels: { ...target.labels, ...meta.labels },
        annotations: { ...target.annotations, ...meta.annotations },
      });
      result.secret = 'ours';
      result.adopted = true;
      result.message = 'adopted: labels and annotations set, data untouched';
    }
    results.push(result);
  }
  return results;
}

/** Why the Secret cannot be adopted as it is; undefined when it can. */
function why(
  c: SecretComparison,
  live: LiveSecret | undefined,
  policy: string,
): string | undefined {
  if (policy === 'None')
    return 'creationPolicy None writes no Secret: there is nothing to take over';
  if (!live) return 'no Secret yet: the next sync creates it';
  if (c.secret === 'ours') return 'already written by this mapping';
  if (policy === 'Merge')
    return 'creationPolicy Merge never takes a Secret over: it manages only its keys';
  const other = live.labels[MAPPING_ID_LABEL];
  if (isManagedBy(live) && other)
    return `written by another mapping (${other}); a Secret belongs to one mapping`;
  if (!c.matches) {
    const off = c.keys.filter(k => k.status !== 'match');
    const parts = off.map(k => `${k.key} ${k.status}`);
    if (live.type !== c.type.desired)
      parts.unshift(`type ${live.type} (the mapping writes ${c.type.desired})`);
    return `not adopted, it differs: ${parts.join(
      ', ',
    )}; adopting must not change data`;
  }
  if (c.controller)
    return `controlled by ${c.controller}: delete that object with --cascade=orphan first, or it keeps writing the Secret and Kubernetes deletes the Secret with it`;
  return undefined;
}
