import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import {
  ClusterError,
  DATA_HMAC_ANNOTATION,
  isManagedBy,
  managedMetadata,
  type ClusterGateway,
  type LiveSecret,
} from '../kubernetes';

/**
 * What a sync did to the Secret. `unchanged` means no Kubernetes write at all; `kept`: the
 * Secret is immutable and holds other values than Vault's, which it keeps.
 */
export type ApplyAction =
  | 'created'
  | 'updated'
  | 'driftRepaired'
  | 'merged'
  | 'kept'
  | 'unchanged';

/** The engine refused to write, to protect a Secret it does not own. */
export class ApplyRefusedError extends Error {
  readonly reason: 'SecretNotOwned' | 'MergeTargetMissing';

  constructor(reason: ApplyRefusedError['reason'], message: string) {
    super(message);
    this.name = 'ApplyRefusedError';
    this.reason = reason;
  }
}

export interface ApplyInput {
  mapping: Mapping;
  desired: { type: string; data: Record<string, Buffer> };
  /** HMAC of `desired`. */
  hmac: string;
  /** The same keyed HMAC, for what is live in the cluster. */
  hmacOf(secret: { type: string; data: Record<string, Buffer> }): string;
  /**
   * The mapping never synced here: create first and read only if the Secret exists after
   * all (409), saving a read per new Secret.
   */
  likelyAbsent?: boolean;
  /** The Secret as the caller read it just before (`live` absent: there is none): not read again. */
  known?: { live?: LiveSecret };
}

/** The Secret an Owner or Orphan mapping writes: its data, its labels and our metadata. */
function secretFor(input: ApplyInput) {
  const { mapping, desired, hmac } = input;
  const target = mapping.spec.target;
  const meta = managedMetadata({
    mappingId: mapping.id,
    entityRef: mapping.entityRef,
    dataHmac: hmac,
  });
  return {
    namespace: target.namespace,
    name: target.name,
    type: desired.type,
    data: desired.data,
    labels: { ...target.labels, ...meta.labels },
    annotations: { ...target.annotations, ...meta.annotations },
    ...(target.immutable ? { immutable: true } : {}),
  };
}

const sameEntries = (
  want: Record<string, string>,
  have: Record<string, string>,
) => Object.entries(want).every(([k, v]) => have[k] === v);

/**
 * Writes the desired Secret according to the mapping's creationPolicy, only when something
 * differs: unchanged cycles make zero writes. Secrets the engine did not create are never
 * overwritten (invariant 5); `Merge` touches only the mapping's keys of an existing Secret.
 */
export async function applySecret(
  gateway: ClusterGateway,
  input: ApplyInput,
): Promise<ApplyAction> {
  const { mapping, desired, hmac } = input;
  const target = mapping.spec.target;
  const where = `${target.namespace}/${target.name}`;
  const owner = (target.creationPolicy ?? 'Owner') !== 'Merge';
  let known = input.known;
  if (owner && (known ? !known.live : input.likelyAbsent)) {
    try {
      await gateway.createSecret(secretFor(input));
      return 'created';
    } catch (error) {
      if (!(error instanceof ClusterError && error.kind === 'conflict'))
        throw error;
      known = undefined; // created meanwhile: read what is there
    }
  }
  const live = known
    ? known.live
    : await gateway.readSecret(target.namespace, target.name);

  if ((target.creationPolicy ?? 'Owner') === 'Merge') {
    if (!live) {
      throw new ApplyRefusedError(
        'MergeTargetMissing',
        `Secret ${where} does not exist; creationPolicy Merge only adds keys to an existing Secret`,
      );
    }
    const ours = Object.fromEntries(
      Object.keys(desired.data).map(k => [k, live.data[k] ?? Buffer.alloc(0)]),
    );
    const present = Object.keys(desired.data).every(k => k in live.data);
    if (present && input.hmacOf({ type: desired.type, data: ours }) === hmac)
      return 'unchanged';
    // No managed-by label on a foreign Secret: it stays theirs, we only own our keys.
    await gateway.patchSecretKeys(target.namespace, target.name, {
      set: desired.data,
      remove: [],
      resourceVersion: live.resourceVersion,
    });
    return 'merged';
  }

  const secret = secretFor(input);
  const { labels, annotations } = secret;

  if (!live) {
    await gateway.createSecret(secret);
    return 'created';
  }
  if (!isManagedBy(live, mapping.id)) {
    throw new ApplyRefusedError(
      'SecretNotOwned',
      `Secret ${where} exists and was not created by this mapping; it is left untouched ` +
        "(use creationPolicy Merge to manage only this mapping's keys in it)",
    );
  }
  if (live.immutable && target.immutable)
    return keepImmutable(gateway, input, live, secret);
  const recorded = live.annotations[DATA_HMAC_ANNOTATION];
  const liveHmac = input.hmacOf({ type: live.type, data: live.data });
  if (
    recorded === hmac &&
    liveHmac === hmac &&
    sameEntries(labels, live.labels) &&
    sameEntries(annotations, live.annotations) &&
    Boolean(live.immutable) === Boolean(target.immutable)
  ) {
    return 'unchanged';
  }
  await write(gateway, live, secret);
  // Our annotation says the data is current but the data is not: someone edited it by hand.
  return recorded === hmac && liveHmac !== hmac ? 'driftRepaired' : 'updated';
}

/**
 * `target.immutable` on a Secret that already is: Kubernetes lets only its metadata change,
 * so our labels and annotations are brought up to date (the recorded HMAC still describing
 * the data really there) and the data stays, as in ESO; the status says when Vault differs.
 */
async function keepImmutable(
  gateway: ClusterGateway,
  input: ApplyInput,
  live: LiveSecret,
  secret: ReturnType<typeof secretFor>,
): Promise<ApplyAction> {
  const liveHmac = input.hmacOf({ type: live.type, data: live.data });
  const annotations = {
    ...secret.annotations,
    [DATA_HMAC_ANNOTATION]: liveHmac,
  };
  const metadataCurrent =
    sameEntries(secret.labels, live.labels) &&
    sameEntries(annotations, live.annotations);
  if (!metadataCurrent)
    await gateway.replaceSecret({
      ...secret,
      type: live.type,
      data: live.data,
      annotations,
      immutable: true,
      resourceVersion: live.resourceVersion,
    });
  if (liveHmac !== input.hmac) return 'kept';
  return metadataCurrent ? 'unchanged' : 'updated';
}

/**
 * A Secret's type is immutable in Kubernetes, and so is an immutable Secret: changing the
 * type, or making it mutable again, is a delete and a create.
 */
async function write(
  gateway: ClusterGateway,
  live: LiveSecret,
  secret: Parameters<ClusterGateway['createSecret']>[0] & { type: string },
): Promise<void> {
  if (live.type !== secret.type || (live.immutable && !secret.immutable)) {
    await gateway.deleteSecret(live.namespace, live.name, {
      uid: live.uid,
      resourceVersion: live.resourceVersion,
    });
    await gateway.createSecret(secret);
    return;
  }
  await gateway.replaceSecret({
    ...secret,
    resourceVersion: live.resourceVersion,
  });
}

/**
 * Removes what a mapping wrote when its Vault secret is gone and deletionPolicy is Delete:
 * an owned Secret is deleted (only if it is still ours, by uid); a merged Secret loses only
 * the mapping's keys. Returns whether anything was removed.
 */
export async function removeSecret(
  gateway: ClusterGateway,
  mapping: Mapping,
  keys: string[],
): Promise<boolean> {
  const target = mapping.spec.target;
  const live = await gateway.readSecret(target.namespace, target.name);
  if (!live) return false;
  if ((target.creationPolicy ?? 'Owner') === 'Merge') {
    const ours = keys.filter(k => k in live.data);
    if (ours.length === 0) return false;
    await gateway.patchSecretKeys(target.namespace, target.name, {
      set: {},
      remove: ours,
      resourceVersion: live.resourceVersion,
    });
    return true;
  }
  if (!isManagedBy(live, mapping.id)) return false;
  await gateway.deleteSecret(target.namespace, target.name, {
    uid: live.uid,
    resourceVersion: live.resourceVersion,
  });
  return true;
}
