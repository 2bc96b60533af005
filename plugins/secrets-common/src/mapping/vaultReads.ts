import type { MappingSpec } from './types';

/**
 * One place in a mapping spec that reads Vault: an exact path (`data`, `dataFrom.extract`)
 * or every secret below a path (`dataFrom.find`). Dynamic mappings read no KV path.
 *
 * @public
 */
export interface VaultRead {
  /** The spec field, e.g. `data[0].remoteRef.key`. */
  field: string;
  /** The Vault path, relative to the store's mount. */
  key: string;
  /** `exact` reads `key` itself; `below` reads every secret under it (a `find`). */
  match: 'exact' | 'below';
  /** `data`: the property read; absent for the whole secret. */
  property?: string;
  /** A pinned KV v2 version. */
  version?: number;
  /** `find`: the regular expression secret names must match. */
  regexp?: string;
  /** `find`: the custom metadata secrets must carry. */
  tags?: Record<string, string>;
}

/**
 * Whether `key` is `prefix` or below it, by whole path segments: `apps/a` covers `apps/a`
 * and `apps/a/x`, not `apps/ab`; the empty prefix covers everything.
 *
 * @public
 */
export const isBelowPath = (key: string, prefix: string): boolean =>
  prefix === '' || key === prefix || key.startsWith(`${prefix}/`);

/**
 * Every Vault read a mapping declares, in spec order — the one answer to "which Vault
 * paths does this mapping read", for the Secrets tab, rotation, the audit's reverse lookup
 * and the engine's checks.
 *
 * @public
 */
export function vaultReadsOf(spec: MappingSpec): VaultRead[] {
  const reads: VaultRead[] = [];
  (spec.data ?? []).forEach((d, i) =>
    reads.push({
      field: `data[${i}].remoteRef.key`,
      key: d.remoteRef.key,
      match: 'exact',
      ...(d.remoteRef.property !== undefined
        ? { property: d.remoteRef.property }
        : {}),
      ...(d.remoteRef.version !== undefined
        ? { version: d.remoteRef.version }
        : {}),
    }),
  );
  (spec.dataFrom ?? []).forEach((d, i) => {
    if ('extract' in d)
      reads.push({
        field: `dataFrom[${i}].extract.key`,
        key: d.extract.key,
        match: 'exact',
        ...(d.extract.version !== undefined
          ? { version: d.extract.version }
          : {}),
      });
    else
      reads.push({
        field: `dataFrom[${i}].find.path`,
        key: d.find.path ?? '',
        match: 'below',
        ...(d.find.name ? { regexp: d.find.name.regexp } : {}),
        ...(d.find.tags ? { tags: d.find.tags } : {}),
      });
  });
  return reads;
}

/**
 * The spec fields that read the Vault secret at `key`: exact reads by equality, `find`
 * by prefix.
 *
 * @public
 */
export function fieldsReading(spec: MappingSpec, key: string): string[] {
  return vaultReadsOf(spec)
    .filter(r =>
      r.match === 'exact' ? r.key === key : isBelowPath(key, r.key),
    )
    .map(r => r.field);
}

/**
 * The exact Vault paths a mapping reads (`data` and `extract`), each once: the paths that
 * have versions to rotate or roll back.
 *
 * @public
 */
export function exactVaultPaths(spec: MappingSpec): string[] {
  return [
    ...new Set(
      vaultReadsOf(spec)
        .filter(r => r.match === 'exact')
        .map(r => r.key),
    ),
  ];
}
