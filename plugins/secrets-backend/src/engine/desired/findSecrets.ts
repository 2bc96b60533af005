import {
  compileGoRegexp,
  type FindSource,
  type GoRegexp,
} from '@backstage-secrets/plugin-secrets-common';
import { VaultError } from '../../vault/errors';
import { DesiredSecretError, type SecretReader } from './types';

/** One Vault secret as read for a mapping. */
export interface ReadResult {
  key: string;
  data: Record<string, unknown>;
  version?: number;
  /** KV v2: when the version was written, for rotation age. */
  createdTime?: string;
}
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise's outcome as a value, so one failure does not hide the others. */
export const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    value => ({ ok: true as const, value }),
    error => ({ ok: false as const, error }),
  );

/** Secrets a `find.tags` may look at: each costs a metadata read per sync. */
export const MAX_TAGGED_CANDIDATES = 200;

/**
 * Every secret below `find.path` whose path matches `name.regexp` and whose custom
 * metadata holds every tag, read; sorted by path.
 */
export async function findSecrets(
  store: string,
  reader: SecretReader,
  spec: FindSource['find'],
  field: string,
): Promise<ReadResult[]> {
  let pattern: GoRegexp | undefined;
  try {
    // RE2, as ESO: linear time, so no pattern can stall the sync loop on a long key.
    pattern = spec.name ? compileGoRegexp(spec.name.regexp) : undefined;
  } catch (error) {
    // validateMappingSpec rejects this on save; a stored spec can still predate it.
    throw new DesiredSecretError(
      `${field}.name.regexp`,
      'property',
      `is ${(error as Error).message}`,
    );
  }
  const prefix = spec.path ?? '';
  let keys = (await reader.listRecursive(store, prefix))
    .filter(key => !pattern || pattern.test(key))
    .sort();
  const tags = Object.entries(spec.tags ?? {});
  if (tags.length) {
    if (keys.length > MAX_TAGGED_CANDIDATES)
      throw new DesiredSecretError(
        `${field}.tags`,
        'notFound',
        `${keys.length} secrets below ${
          prefix ? `"${prefix}"` : 'the mount root'
        } would each have their metadata read; at most ${MAX_TAGGED_CANDIDATES}: narrow find.path or find.name`,
      );
    const metadata = await Promise.all(
      keys.map(key => settle(reader.readCustomMetadata(store, key))),
    );
    keys = keys.filter((_, i) => {
      const m = metadata[i];
      if (m.ok) return tags.every(([k, v]) => m.value[k] === v);
      // Gone since the listing: skipped, as the data reads below skip it. Anything else
      // (denied, Vault down) fails the sync rather than write a Secret missing keys.
      if (m.error instanceof VaultError && m.error.kind === 'notFound')
        return false;
      throw m.error;
    });
  }
  const reads = await Promise.all(
    keys.map(key => settle(reader.read(store, key))),
  );
  const found: ReadResult[] = [];
  reads.forEach((result, i) => {
    if (result.ok) {
      found.push({
        key: keys[i],
        data: result.value.data,
        version: result.value.version,
        createdTime: result.value.createdTime,
      });
    } else if (
      !(result.error instanceof VaultError && result.error.kind === 'notFound')
    ) {
      throw result.error;
    }
    // A notFound here was deleted between the listing and the read: ESO skips it too.
  });
  if (found.length === 0) {
    throw new DesiredSecretError(
      field,
      'notFound',
      `no Vault secret below ${
        prefix ? `"${prefix}"` : 'the mount root'
      } matches ${[
        spec.name ? JSON.stringify(spec.name.regexp) : '',
        ...tags.map(([k, v]) => `${k}=${v}`),
      ]
        .filter(Boolean)
        .join(' with tags ')}`,
    );
  }
  return found;
}
