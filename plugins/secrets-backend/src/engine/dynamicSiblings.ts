import type { ClusterGateway } from '../kubernetes';

/**
 * A dynamic mapping that writes several clusters holds one lease, and its values exist only
 * in the Secrets. So a cluster whose Secret is missing or stale takes them from another of
 * the mapping's clusters whose Secret still holds what the lease issued: issuing again there
 * would leave every other cluster stale, each then issuing in turn. Returns the mapping's keys
 * of the first such Secret, or undefined when no cluster holds the lease's values (or none
 * answers).
 */
export async function valuesFromSibling(options: {
  namespace: string;
  name: string;
  /** The mapping's own keys of the Secret, and its type. */
  keys: readonly string[];
  type: string;
  /** The lease's `dataHmac`. */
  hmac: string;
  hmacOf(secret: { type: string; data: Record<string, Buffer> }): string;
  siblings: readonly ClusterGateway[];
}): Promise<{ cluster: string; data: Record<string, Buffer> } | undefined> {
  for (const sibling of options.siblings) {
    let live;
    try {
      live = await sibling.readSecret(options.namespace, options.name);
    } catch {
      continue; // that cluster is down: another may answer, else values are issued
    }
    // The keyed HMAC matching the lease's is the proof: only this engine's key makes it.
    if (!live) continue;
    const data = Object.fromEntries(
      options.keys.filter(k => k in live.data).map(k => [k, live.data[k]]),
    );
    if (options.hmacOf({ type: options.type, data }) === options.hmac)
      return { cluster: sibling.cluster, data };
  }
  return undefined;
}
