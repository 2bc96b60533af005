import { parseEntityRef, type Entity } from '@backstage/catalog-model';
import {
  getEntityKubernetesNamespace,
  type ApiIssue,
  type MappingSpec,
} from '@internal/plugin-secrets-common';
import type { AccessConfig, StoreConfig } from '../config';
import { ownersOf } from './ownership';

/** Values for `{{ kind }}`, `{{ namespace }}`, `{{ name }}`, `{{ owner }}`, `{{ system }}`. */
function templateValues(entity: Entity): Record<string, string | undefined> {
  const name = (ref: unknown, kind: string) => {
    if (typeof ref !== 'string' || !ref.trim()) return undefined;
    try {
      return parseEntityRef(ref, {
        defaultKind: kind,
        defaultNamespace: 'default',
      }).name;
    } catch {
      return undefined;
    }
  };
  return {
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
    owner: name(entity.spec?.owner, 'group'),
    system: name(entity.spec?.system, 'system'),
  };
}

/** Catalog names never contain "/", but a template must not be widened by one that does. */
const SAFE_VALUE = /^[A-Za-z0-9][-A-Za-z0-9_.]*$/;

/**
 * The Vault path prefixes (without trailing "/") `entity` may read from `store`: every
 * `allowedPaths` rule for all entities or for one of the entity's owners, with the
 * template filled in. A rule whose variable the entity lacks (no system) gives nothing.
 */
export function allowedPrefixes(store: StoreConfig, entity: Entity): string[] {
  const values = templateValues(entity);
  const owners = ownersOf(entity);
  const prefixes: string[] = [];
  for (const rule of store.allowedPaths) {
    if (rule.owners && !rule.owners.some(o => owners.includes(o))) continue;
    let complete = true;
    const prefix = rule.prefix.replace(
      /\{\{\s*(\w+)\s*\}\}/g,
      (_, v: string) => {
        const value = values[v];
        if (!value || !SAFE_VALUE.test(value)) complete = false;
        return value ?? '';
      },
    );
    if (complete) prefixes.push(prefix);
  }
  return [...new Set(prefixes)];
}

/** Segment-wise: prefix `apps/a` allows `apps/a` and `apps/a/x`, not `apps/ab`. */
export const isBelow = (key: string, prefix: string) =>
  prefix === '' || key === prefix || key.startsWith(`${prefix}/`);

/** Every Vault path of a spec, with its field. */
function vaultPaths(
  spec: MappingSpec,
): { path: string; key: string | undefined }[] {
  const paths: { path: string; key: string | undefined }[] = [];
  (spec.data ?? []).forEach((d, i) =>
    paths.push({
      path: `spec.data[${i}].remoteRef.key`,
      key: d.remoteRef?.key,
    }),
  );
  (spec.dataFrom ?? []).forEach((d, i) => {
    if ('extract' in d)
      paths.push({
        path: `spec.dataFrom[${i}].extract.key`,
        key: d.extract?.key,
      });
    // A find without a path lists the whole mount.
    else
      paths.push({
        path: `spec.dataFrom[${i}].find.path`,
        key: d.find?.path ?? '',
      });
  });
  return paths;
}

/** Invariant 3, first half: only paths the store allows for this entity's owners. */
export function pathIssues(
  spec: MappingSpec,
  store: StoreConfig,
  entity: Entity,
): ApiIssue[] {
  const prefixes = allowedPrefixes(store, entity);
  const allowed = prefixes.length
    ? `allowed prefixes: ${prefixes
        .map(p => `"${p}${p ? '/' : ''}"`)
        .join(', ')}`
    : 'the store allows no paths for this entity';
  return vaultPaths(spec)
    .filter(
      p =>
        typeof p.key === 'string' &&
        !prefixes.some(pre => isBelow(p.key!, pre)),
    )
    .map(p => ({
      path: p.path,
      message: `"${p.key}" is outside the Vault paths store "${store.name}" allows for this entity (${allowed}; secrets.stores.${store.name}.allowedPaths)`,
    }));
}

/** The namespaces `entity` may write to: its annotated one plus config grants to its owners. */
export function allowedNamespaces(
  entity: Entity,
  access: AccessConfig,
): string[] {
  const owners = ownersOf(entity);
  const own = getEntityKubernetesNamespace(entity);
  return [
    ...new Set([
      ...(own ? [own] : []),
      ...access.namespaces
        .filter(n => n.owners.some(o => owners.includes(o)))
        .map(n => n.namespace),
    ]),
  ];
}

/** Invariant 3, second half: only namespaces bound to the entity. */
export function namespaceIssues(
  spec: MappingSpec,
  entity: Entity,
  access: AccessConfig,
): ApiIssue[] {
  const namespaces = allowedNamespaces(entity, access);
  if (namespaces.includes(spec.target.namespace)) return [];
  return [
    {
      path: 'spec.target.namespace',
      message: namespaces.length
        ? `"${
            spec.target.namespace
          }" is not bound to this entity (bound: ${namespaces.join(
            ', ',
          )}; from its backstage.io/kubernetes-namespace annotation and secrets.allowedNamespaces)`
        : `"${spec.target.namespace}" is not bound to this entity: it has no backstage.io/kubernetes-namespace annotation and secrets.allowedNamespaces grants its owners none`,
    },
  ];
}
