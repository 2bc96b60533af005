import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { secretsPermissions } from '@backstage-secrets/plugin-secrets-common';
import { Fields, fail } from './fields';
import type { AccessConfig, PathRule, RoleRule } from './types';

/** Variables a path prefix template may use; each is a catalog name, never a path. */
export const PATH_TEMPLATE_VARIABLES = [
  'kind',
  'namespace',
  'name',
  'owner',
  'system',
] as const;

/** A full, lowercase entity ref; `group:x` is completed to `group:default/x`. */
function entityRef(f: Fields, key: string, value: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(value)).toLocaleLowerCase('en-US');
  } catch {
    return fail(
      `${f.key}.${key}`,
      `"${value}" must be an entity ref such as group:default/team-a`,
    );
  }
}

/**
 * `secrets.admins` as full lowercase refs (`group:x` → `group:default/x`), for
 * {@link secretsPolicyDecision}; a malformed entry fails naming it.
 *
 * @public
 */
export function readSecretsAdmins(config: Config): string[] {
  const secrets = config.getOptional('secrets') ?? {};
  return entityRefs(Fields.of('secrets', secrets), 'admins') ?? [];
}

function entityRefs(f: Fields, name: string): string[] | undefined {
  return f
    .optionalStringArray(name)
    ?.map((v, i) => entityRef(f, `${name}[${i}]`, v));
}

/**
 * `secrets.stores.<name>.allowedPaths`: which Vault path prefixes an entity may read.
 * A prefix is a template over the entity (`apps/{{ owner }}/{{ name }}`); with `owners`
 * it applies only to entities owned by one of them.
 */
export function readPathRules(
  store: Fields,
  key: 'allowedPaths' | 'unmanagedRotationPaths' = 'allowedPaths',
): PathRule[] {
  return (store.optionalObjectList(key) ?? []).map(rule => {
    rule.onlyKeys('prefix', 'owners');
    const prefix = rule.string('prefix').trim().replace(/\/+$/, '');
    for (const [, variable] of prefix.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      if (!(PATH_TEMPLATE_VARIABLES as readonly string[]).includes(variable)) {
        fail(
          rule.keyOf('prefix'),
          `unknown variable "{{ ${variable} }}" (known: ${PATH_TEMPLATE_VARIABLES.join(
            ', ',
          )})`,
        );
      }
    }
    const literal = prefix.replace(/\{\{[^}]*\}\}/g, 'x');
    if (
      literal.startsWith('/') ||
      literal.split('/').some(seg => seg === '.' || seg === '..') ||
      /[\s?#%{}]/.test(literal)
    ) {
      fail(
        rule.keyOf('prefix'),
        'must be a path below the mount such as "apps/{{ owner }}" (no leading "/", no "." or ".." segments, no whitespace, "?", "#", "%" or stray braces)',
      );
    }
    return { prefix, owners: entityRefs(rule, 'owners') };
  });
}

/**
 * `secrets.stores.<name>.dynamicRoles`: which dynamic engine roles an entity may use, as
 * `<mount>/creds/<role>` or `<mount>/issue/<role>` templates; a final `*` matches any
 * rest of the role name (`database/creds/{{ owner }}-*`).
 */
export function readRoleRules(store: Fields): RoleRule[] {
  return (store.optionalObjectList('dynamicRoles') ?? []).map(rule => {
    rule.onlyKeys('path', 'owners');
    const path = rule.string('path').trim();
    for (const [, variable] of path.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      if (!(PATH_TEMPLATE_VARIABLES as readonly string[]).includes(variable))
        fail(
          rule.keyOf('path'),
          `unknown variable "{{ ${variable} }}" (known: ${PATH_TEMPLATE_VARIABLES.join(
            ', ',
          )})`,
        );
    }
    const literal = path.replace(/\{\{[^}]*\}\}/g, 'x');
    if (
      !/^[A-Za-z0-9][-A-Za-z0-9_./]*\/(creds|issue)\/[-A-Za-z0-9_.]*\*?$/.test(
        literal,
      )
    )
      fail(
        rule.keyOf('path'),
        'must be "<mount>/creds/<role>" or "<mount>/issue/<role>", where the role may end with "*" (e.g. "database/creds/{{ owner }}-*")',
      );
    return { path, owners: entityRefs(rule, 'owners') };
  });
}

/**
 * Who may administer, which extra namespaces entities may write to, and what service
 * callers may do. Nothing is granted by default.
 */
export function readAccessConfig(secrets: Fields): AccessConfig {
  const admins = entityRefs(secrets, 'admins') ?? [];
  const namespaces = (
    secrets.optionalObjectList('allowedNamespaces') ?? []
  ).map(f => {
    f.onlyKeys('namespace', 'owners');
    const namespace = f.string('namespace');
    if (
      !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace) ||
      namespace.length > 63
    ) {
      fail(f.keyOf('namespace'), 'must be a Kubernetes namespace name');
    }
    const owners = entityRefs(f, 'owners');
    if (!owners?.length)
      fail(f.keyOf('owners'), 'must list at least one owner entity ref');
    return { namespace, owners };
  });
  const known = secretsPermissions.map(p => p.name);
  const services = (secrets.optionalObjectList('services') ?? []).map(f => {
    f.onlyKeys('subject', 'permissions');
    const subject = f.string('subject');
    // The caller's principal subject, as Backstage reports it: `plugin:<pluginId>` for
    // another backend plugin, and for external access exactly the `subject` configured in
    // backend.auth.externalAccess (Backstage adds no prefix).
    if (!/^\S+$/.test(subject)) {
      fail(
        f.keyOf('subject'),
        'must be "plugin:<pluginId>" or a subject of backend.auth.externalAccess, without spaces',
      );
    }
    const permissions = f.optionalStringArray('permissions') ?? [];
    permissions.forEach((p, i) => {
      if (!known.includes(p)) {
        fail(
          `${f.keyOf('permissions')}[${i}]`,
          `unknown permission "${p}" (known: ${known.join(', ')})`,
        );
      }
    });
    return { subject, permissions };
  });
  return { admins, namespaces, services };
}
