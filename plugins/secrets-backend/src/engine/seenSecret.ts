import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import { syncRequestPending, type SyncState } from '../database';
import type { ClusterGateway } from '../kubernetes';
import { applySecret, type ApplyAction, type ApplyInput } from './applySecret';

/**
 * What a successful sync found in the Secret it checked or wrote, kept in the row's
 * `secretSeen`: the Secret's resourceVersion, the mapping revision it was checked against
 * and when. The version prefix changes whenever what the engine writes on a Secret does,
 * so that Secrets seen by an earlier version are read again.
 */
const FORMAT = 'v1';

/**
 * The resourceVersion of a managed Secret as its namespace's watch shows it now;
 * undefined where no watch is up to date with a complete list.
 */
export type WatchedVersion = (
  cluster: string,
  namespace: string,
  name: string,
) => string | undefined;

export interface SeenSecret {
  resourceVersion: string;
  revision: number;
  /** When the Secret was last read or written (not when a refresh trusted the watch). */
  checkedAt: number;
}

export function encodeSeen(seen: SeenSecret): string {
  return `${FORMAT} ${seen.revision} ${seen.checkedAt} ${seen.resourceVersion}`;
}

export function decodeSeen(value: string | undefined): SeenSecret | undefined {
  const [format, revision, checkedAt, resourceVersion, ...rest] =
    value?.split(' ') ?? [];
  if (format !== FORMAT || !resourceVersion || rest.length > 0)
    return undefined;
  const seen = {
    resourceVersion,
    revision: Number(revision),
    checkedAt: Number(checkedAt),
  };
  return Number.isInteger(seen.revision) && Number.isFinite(seen.checkedAt)
    ? seen
    : undefined;
}

/**
 * Whether a refresh may take the Secret as the last sync left it without reading it: the
 * last sync succeeded with the same data (its HMAC) for the same mapping revision, was a
 * read or write less than `readIntervalMs` ago, and the watch of the Secret's namespace is
 * up and shows the same resourceVersion now. Any write to the Secret since — a hand edit,
 * a label removed, a delete — changes or removes that version, and the Secret is read as
 * before. Only for a Secret the mapping owns whole (not Merge, not immutable), and never
 * for a "sync now": whoever asks wants the Secret and the engine's access to it checked
 * (a RoleBinding removed does not end a watch that is open, so the watch cannot say).
 */
export function unchangedSinceSeen(input: {
  mapping: Mapping;
  state: SyncState;
  hmac: string;
  /** The resourceVersion the namespace's watch shows; undefined if it cannot tell. */
  watched: string | undefined;
  readIntervalMs: number;
  now: Date;
}): boolean {
  const { mapping, state } = input;
  const target = mapping.spec.target;
  if (
    input.readIntervalMs <= 0 ||
    input.watched === undefined ||
    target.creationPolicy === 'Merge' ||
    target.immutable ||
    state.status !== 'Synced' ||
    syncRequestPending(state) ||
    state.dataHmac !== input.hmac
  )
    return false;
  const seen = decodeSeen(state.secretSeen);
  return (
    seen !== undefined &&
    seen.revision === mapping.revision &&
    seen.resourceVersion === input.watched &&
    input.now.getTime() - seen.checkedAt < input.readIntervalMs &&
    seen.checkedAt <= input.now.getTime()
  );
}

/**
 * The desired Secret applied (applySecret), unless the Secret watch shows it as the last
 * sync left it ({@link unchangedSinceSeen}): then nothing is read or written. Gives what
 * was done and what to record of the Secret for the next refresh.
 */
export async function applyUnlessSeen(
  gateway: ClusterGateway,
  input: Omit<ApplyInput, 'onCurrent'> & {
    state: SyncState;
    watchedVersion?: WatchedVersion;
    readIntervalMs: number;
    now: Date;
  },
): Promise<{ action: ApplyAction; secretSeen?: string }> {
  const { mapping, state, now } = input;
  const target = mapping.spec.target;
  const unchanged = unchangedSinceSeen({
    mapping,
    state,
    hmac: input.hmac,
    watched: input.watchedVersion?.(
      gateway.cluster,
      target.namespace,
      target.name,
    ),
    readIntervalMs: input.readIntervalMs,
    now,
  });
  // Still the sync that really saw it: the interval counts from there.
  if (unchanged) return { action: 'unchanged', secretSeen: state.secretSeen };
  let secretSeen: string | undefined;
  const action = await applySecret(gateway, {
    ...input,
    onCurrent: resourceVersion =>
      (secretSeen = encodeSeen({
        resourceVersion,
        revision: mapping.revision,
        checkedAt: now.getTime(),
      })),
  });
  return { action, secretSeen };
}
