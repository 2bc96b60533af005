import type { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  isResourcePermission,
  type Permission,
  type PermissionCondition,
  type PermissionCriteria,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { secretsAuditPermission } from '@backstage-secrets/plugin-secrets-common';
import { normalizeRef, ownersOf } from './ownership';

/** The catalog's owner rule, as the catalog backend evaluates it for conditional decisions. */
const IS_ENTITY_OWNER = 'IS_ENTITY_OWNER';

/**
 * Who may do what with secrets, as permission decisions: the one place ownership is decided.
 *
 * - `secrets.audit`: members of `admins` only;
 * - `secrets.mapping.read`: everyone (names and status are not secret; the plugin reads the
 *   entity with the caller's own credentials, so the catalog's read rules still apply);
 * - every other `secrets.mapping.*`: `admins`, or the owners of the entity (the catalog's
 *   `IS_ENTITY_OWNER` condition over the caller's ownership refs);
 * - any other permission: `undefined`, for the rest of the policy to decide.
 *
 * Compose it into your permission policy (the README shows how), or grant and deny around
 * it: the plugin asks the permission framework for every action and follows its answer.
 *
 * @param permission - the permission asked for
 * @param ownershipRefs - the caller's user and group refs (`ownershipEntityRefs`)
 * @param options - `admins`: full entity refs of `secrets.admins` (see {@link readSecretsAdmins})
 * @public
 */
export function secretsPolicyDecision(
  permission: Permission,
  ownershipRefs: readonly string[],
  options: { admins: readonly string[] },
): PolicyDecision | undefined {
  const isAudit = permission.name === secretsAuditPermission.name;
  if (!isAudit && !permission.name.startsWith('secrets.mapping.'))
    return undefined;
  const refs = ownershipRefs.map(normalizeRef);
  const isAdmin = refs.some(r => options.admins.includes(r));
  const allow = { result: AuthorizeResult.ALLOW } as const;
  const deny = { result: AuthorizeResult.DENY } as const;
  if (isAudit) return isAdmin ? allow : deny;
  if (permission.attributes.action === 'read' || isAdmin) return allow;
  if (!isResourcePermission(permission, 'catalog-entity') || !refs.length)
    return deny;
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions: {
      rule: IS_ENTITY_OWNER,
      resourceType: 'catalog-entity',
      params: { claims: refs },
    },
  };
}

type Criteria = PermissionCriteria<PermissionCondition<string>>;

/** A condition tree over one entity; a rule this file does not know never allows. */
function holds(criteria: Criteria, owners: string[]): boolean {
  if ('allOf' in criteria) return criteria.allOf.every(c => holds(c, owners));
  if ('anyOf' in criteria) return criteria.anyOf.some(c => holds(c, owners));
  if ('not' in criteria) return !holds(criteria.not, owners);
  if (criteria.rule !== IS_ENTITY_OWNER) return false;
  const claims = ((criteria.params as { claims?: string[] })?.claims ?? []).map(
    normalizeRef,
  );
  return claims.some(c => owners.includes(c));
}

/**
 * A decision of {@link secretsPolicyDecision} applied to a loaded entity, for when no
 * permission backend evaluates it (the permission framework is off).
 */
export function decideFor(
  decision: PolicyDecision | undefined,
  entity?: Entity,
): boolean {
  if (!decision) return true;
  if (decision.result !== AuthorizeResult.CONDITIONAL)
    return decision.result === AuthorizeResult.ALLOW;
  return entity ? holds(decision.conditions, ownersOf(entity)) : false;
}
