import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import {
  ClusterError,
  DATA_HMAC_ANNOTATION,
  isManagedBy,
  LAST_SYNC_ANNOTATION,
  managedMetadata,
  type ClusterGateway,
  type LiveSecret,
  SYNC_REASON_ANNOTATION,
  SYNC_STATUS_ANNOTATION,
} from '../kubernetes';
import { camel } from './failure';

/**
 * What a sync did to the Secret. `unchanged` means no Kubernetes write at all;
 * `metadataUpdated`: only labels or annotations were written, the data stayed; `kept`: the
 * Secret is immutable and holds other values than Vault's, which it keeps.
 */
export type ApplyAction =
  | 'created'
  | 'updated'
  | 'metadataUpdated'
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
  /** When this sync runs, stamped on the Secret when it is written; default now. */
  now?: Date;
  /** Told the names of the keys a hand edit changed, added or removed, before the repair. */
  onDrift?(keys: string[]): void;
  /** Told the uid of the Secret it wrote (for Events on it, without reading it again). */
  onWritten?(uid: string): void;
  /**
   * Told the resourceVersion of a Secret the mapping owns whole once it holds what was
   * desired, read or written (not for Merge or an immutable Secret): see seenSecret.ts.
   */
  onCurrent?(resourceVersion: string): void;
}

/** Keys whose value differs, that are missing or that were added: names only. */
function changedKeys(
  want: Record<string, Buffer>,
  have: Record<string, Buffer>,
): string[] {
  const names = new Set([...Object.keys(want), ...Object.keys(have)]);
  return [...names]
    .filter(k => !want[k] || !have[k] || !want[k].equals(have[k]))
    .sort();
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
 * Our status annotations for `kubectl` users, stamped on each write. They are never
 * compared (the time would make every cycle a write), only the status: a Secret still
 * marked as failing is written once the mapping syncs again.
 */
function stamp<T extends { annotations: Record<string, string> }>(
  secret: T,
  input: ApplyInput,
  reason: string,
): T {
  return {
    ...secret,
    annotations: {
      ...secret.annotations,
      [LAST_SYNC_ANNOTATION]: (input.now ?? new Date()).toISOString(),
      [SYNC_STATUS_ANNOTATION]: 'Synced',
      [SYNC_REASON_ANNOTATION]: reason,
    },
  };
}

/** The Secret carries our labels and annotations and is not marked as failing. */
function metadataCurrent(
  want: { labels: Record<string, string>; annotations: Record<string, string> },
  live: LiveSecret,
): boolean {
  return (
    sameEntries(want.labels, live.labels) &&
    sameEntries(want.annotations, live.annotations) &&
    (live.annotations[SYNC_STATUS_ANNOTATION] ?? 'Synced') === 'Synced'
  );
}

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
      const created = await gateway.createSecret(
        stamp(secretFor(input), input, 'Created'),
      );
      input.onWritten?.(created.uid);
      tellCurrent(input, created);
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

  if (!live) {
    const created = await gateway.createSecret(stamp(secret, input, 'Created'));
    input.onWritten?.(created.uid);
    tellCurrent(input, created);
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
  const dataCurrent =
    liveHmac === hmac && Boolean(live.immutable) === Boolean(target.immutable);
  if (dataCurrent && recorded === hmac && metadataCurrent(secret, live)) {
    tellCurrent(input, live);
    return 'unchanged';
  }
  // Our annotation says the data is current but the data is not: someone edited it by hand.
  const drifted = recorded === hmac && liveHmac !== hmac;
  let action: ApplyAction = 'updated';
  if (dataCurrent) action = 'metadataUpdated';
  else if (drifted) {
    action = 'driftRepaired';
    input.onDrift?.(changedKeys(desired.data, live.data));
  }
  const written = await write(
    gateway,
    live,
    stamp(secret, input, camel(action)),
  );
  input.onWritten?.(written.uid);
  tellCurrent(input, written);
  return action;
}

/** A Secret the mapping owns whole holds what was desired: tell its version. */
function tellCurrent(input: ApplyInput, secret: { resourceVersion: string }) {
  if (!input.mapping.spec.target.immutable)
    input.onCurrent?.(secret.resourceVersion);
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
  const kept = liveHmac !== input.hmac;
  const current = metadataCurrent({ ...secret, annotations }, live);
  if (!current)
    await gateway.replaceSecret({
      ...stamp(
        { ...secret, annotations },
        input,
        kept ? 'Immutable' : 'MetadataUpdated',
      ),
      type: live.type,
      data: live.data,
      immutable: true,
      resourceVersion: live.resourceVersion,
    });
  if (kept) return 'kept';
  return current ? 'unchanged' : 'metadataUpdated';
}

/**
 * A Secret's type is immutable in Kubernetes, and so is an immutable Secret: changing the
 * type, or making it mutable again, is a delete and a create.
 */
async function write(
  gateway: ClusterGateway,
  live: LiveSecret,
  secret: Parameters<ClusterGateway['createSecret']>[0] & { type: string },
): Promise<{ uid: string; resourceVersion: string }> {
  if (live.type !== secret.type || (live.immutable && !secret.immutable)) {
    await gateway.deleteSecret(live.namespace, live.name, {
      uid: live.uid,
      resourceVersion: live.resourceVersion,
    });
    return gateway.createSecret(secret);
  }
  const replaced = await gateway.replaceSecret({
    ...secret,
    resourceVersion: live.resourceVersion,
  });
  // The uid stays: a replace keeps the object.
  return { uid: live.uid, resourceVersion: replaced.resourceVersion };
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
