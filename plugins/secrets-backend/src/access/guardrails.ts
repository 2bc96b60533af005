import { parseEntityRef, type Entity } from '@backstage/catalog-model';
import {
  dynamicPath,
  getEntityKubernetesNamespace,
  isBelowPath,
  vaultReadsOf,
  type ApiIssue,
  type MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import type { AccessConfig, PathRule, StoreConfig } from '../config';
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

/** A rule's template with the entity's values, or undefined when one is missing or unsafe. */
function fill(
  template: string,
  values: Record<string, string | undefined>,
): string | undefined {
  let complete = true;
  const filled = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, v: string) => {
    const value = values[v];
    if (!value || !SAFE_VALUE.test(value)) complete = false;
    return value ?? '';
  });
  return complete ? filled : undefined;
}

/** Templates of the rules for all entities or for one of the entity's owners, filled in. */
function applicable(
  rules: { template: string; owners?: string[] }[],
  entity: Entity,
): string[] {
  const values = templateValues(entity);
  const owners = ownersOf(entity);
  const out: string[] = [];
  for (const rule of rules) {
    if (rule.owners && !rule.owners.some(o => owners.includes(o))) continue;
    const filled = fill(rule.template, values);
    if (filled !== undefined) out.push(filled);
  }
  return [...new Set(out)];
}

/**
 * The Vault path prefixes (without trailing "/") `entity` may read from `store`: every
 * `allowedPaths` rule for all entities or for one of the entity's owners, with the
 * template filled in. A rule whose variable the entity lacks (no system) gives nothing.
 */
export function allowedPrefixes(
  store: StoreConfig,
  entity: Entity,
  rules: PathRule[] = store.allowedPaths,
): string[] {
  return applicable(
    rules.map(r => ({ template: r.prefix, owners: r.owners })),
    entity,
  );
}

/** The dynamic engine paths (`database/creds/payments-*`) `entity` may use on `store`. */
export function allowedDynamicPaths(
  store: StoreConfig,
  entity: Entity,
): string[] {
  return applicable(
    store.dynamicRoles.map(r => ({ template: r.path, owners: r.owners })),
    entity,
  );
}

/** A final "*" matches any rest of the role name; otherwise the path must be equal. */
const matchesRole = (path: string, pattern: string) =>
  pattern.endsWith('*')
    ? path.startsWith(pattern.slice(0, -1))
    : path === pattern;

/** Whether rotation may overwrite data the product did not write at `key`. */
export function unmanagedRotationAllowed(
  store: StoreConfig,
  entity: Entity,
  key: string,
): boolean {
  return allowedPrefixes(store, entity, store.unmanagedRotationPaths).some(
    prefix => isBelowPath(key, prefix),
  );
}

/** Invariant 3, first half: only paths the store allows for this entity's owners. */
export function pathIssues(
  spec: MappingSpec,
  store: StoreConfig,
  entity: Entity,
): ApiIssue[] {
  if (spec.dynamic) {
    const path = dynamicPath(spec.dynamic);
    const patterns = allowedDynamicPaths(store, entity);
    if (patterns.some(p => matchesRole(path, p))) return [];
    return [
      {
        path: 'spec.dynamic.role',
        message: `"${path}" is not a role store "${
          store.name
        }" allows for this entity (${
          patterns.length
            ? `allowed: ${patterns.map(p => `"${p}"`).join(', ')}`
            : 'the store allows no dynamic roles for this entity'
        }; secrets.stores.${store.name}.dynamicRoles)`,
      },
    ];
  }
  // A find without a path lists the whole mount: its key is '' and fits no prefix but ''.
  return outsidePrefixes(
    vaultReadsOf(spec).map(r => ({
      path: `spec.${r.field}`,
      key: r.key,
      match: r.match,
    })),
    store,
    entity,
  );
}

/** A single KV key (rotation, push) against the prefixes the store allows the entity. */
export function keyIssues(
  key: string,
  store: StoreConfig,
  entity: Entity,
): ApiIssue[] {
  return outsidePrefixes([{ path: 'key', key, match: 'exact' }], store, entity);
}

/**
 * The keys below none of the store's prefixes for the entity, each named by its field. A
 * secret read by its exact path must lie below a prefix: the prefix itself is the folder
 * the platform granted (its Vault policy covers `prefix/*`), not a secret. A `find` may
 * start at the prefix, since it reads what is below it.
 */
function outsidePrefixes(
  keys: { path: string; key: string | undefined; match: 'exact' | 'below' }[],
  store: StoreConfig,
  entity: Entity,
): ApiIssue[] {
  const prefixes = allowedPrefixes(store, entity);
  const allowed = prefixes.length
    ? `allowed prefixes: ${prefixes
        .map(p => `"${p}${p ? '/' : ''}"`)
        .join(', ')}`
    : 'the store allows no paths for this entity';
  const within = (key: string, match: 'exact' | 'below', prefix: string) =>
    match === 'exact' && prefix !== ''
      ? key.startsWith(`${prefix}/`)
      : isBelowPath(key, prefix);
  return keys
    .filter(
      p =>
        typeof p.key === 'string' &&
        !prefixes.some(pre => within(p.key!, p.match, pre)),
    )
    .map(p => ({
      path: p.path,
      message: prefixes.includes(p.key!)
        ? `"${p.key}" is an allowed prefix itself, not a secret: name a secret below it ("${p.key}/…"; secrets.stores.${store.name}.allowedPaths)`
        : `"${p.key}" is outside the Vault paths store "${store.name}" allows for this entity (${allowed}; secrets.stores.${store.name}.allowedPaths)`,
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
