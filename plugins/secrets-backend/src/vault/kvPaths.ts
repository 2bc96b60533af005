import { InputError } from '@backstage/errors';

/**
 * The only place Vault KV paths are built. Mount and key stay separate values and are
 * only ever joined, never parsed: a key such as `data/app/data` on a mount named `data`
 * is `data/data/data/app/data` in KV v2, which path-stripping code gets wrong
 * (ESO issues #1333, #3116, #3851).
 */
export interface KvPaths {
  /** Where a secret's value is read. */
  data(key: string): string;
  /** KV v2 only: where a secret's versions are read. */
  metadata(key: string): string;
  /** Where the keys below a prefix are listed (ends with `/`). */
  list(prefix: string): string;
}

function checkSegments(what: string, value: string): void {
  if (value.startsWith('/')) {
    throw new InputError(
      `${what} ${JSON.stringify(value)} must not start with "/"`,
    );
  }
  const segments = value.split('/');
  if (segments.some(s => s === '')) {
    throw new InputError(
      `${what} ${JSON.stringify(value)} must not contain empty segments ("//")`,
    );
  }
  if (segments.some(s => s === '..' || s === '.')) {
    throw new InputError(
      `${what} ${JSON.stringify(value)} must not contain "." or ".." segments`,
    );
  }
  // Vault paths are URL paths: these would end or change the path itself.
  if (/[?#%\\\s]/.test(value)) {
    throw new InputError(
      `${what} ${JSON.stringify(
        value,
      )} must not contain "?", "#", "%", "\\" or whitespace`,
    );
  }
}

/** A secret key below the mount: non-empty, relative, no empty, `.` or `..` segments. */
export function checkKey(key: string): string {
  if (typeof key !== 'string' || key === '') {
    throw new InputError('a secret key must be a non-empty string');
  }
  if (key.endsWith('/')) {
    throw new InputError(
      `secret key ${JSON.stringify(
        key,
      )} must not end with "/" (that is a folder)`,
    );
  }
  checkSegments('secret key', key);
  return key;
}

/** A folder below the mount: `''` (the mount root) or a key with an optional trailing `/`. */
export function checkPrefix(prefix: string): string {
  if (typeof prefix !== 'string') {
    throw new InputError('a list prefix must be a string');
  }
  if (prefix === '') return '';
  const folder = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  checkSegments('list prefix', folder);
  return `${folder}/`;
}

/** Paths of a KV mount; `mount` is validated by the config reader. */
export function kvPaths(mount: string, kvVersion: 1 | 2): KvPaths {
  if (kvVersion === 1) {
    return {
      data: key => `${mount}/${checkKey(key)}`,
      metadata: () => {
        throw new InputError(
          `KV v1 mount "${mount}" has no versions or metadata (KV v2 only)`,
        );
      },
      list: prefix => `${mount}/${checkPrefix(prefix)}`,
    };
  }
  return {
    data: key => `${mount}/data/${checkKey(key)}`,
    metadata: key => `${mount}/metadata/${checkKey(key)}`,
    list: prefix => `${mount}/metadata/${checkPrefix(prefix)}`,
  };
}
