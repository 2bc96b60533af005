/*
 * The permission policy of this Backstage: everything stays allowed as before, except
 * the secrets plugin's permissions, which follow catalog ownership.
 */
import {
  coreServices,
  createBackendModule,
  type UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { secretsAuditPermission } from '@internal/plugin-secrets-common';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** `secrets.admins`, as full lowercase refs (`group:x` → `group:default/x`). */
export function readAdmins(config: Config): string[] {
  return (config.getOptionalStringArray('secrets.admins') ?? []).map(ref =>
    lower(stringifyEntityRef(parseEntityRef(ref))),
  );
}

/**
 * Owners mutate, admins audit everything, everyone else sees names and status only:
 * - `secrets.mapping.read`: allowed (the plugin still reads the entity with the caller's
 *   credentials, so catalog read rules apply);
 * - every other `secrets.mapping.*`: admins, or the entity's owners (the catalog's
 *   `isEntityOwner` condition over the caller's ownership refs);
 * - `secrets.audit`: admins only;
 * - any other permission: allowed, as before this policy.
 */
export class SecretsPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly admins: string[],
    private readonly userInfo: UserInfoService,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const isSecrets =
      permission.name === secretsAuditPermission.name ||
      permission.name.startsWith('secrets.mapping.');
    if (!isSecrets) return { result: AuthorizeResult.ALLOW };

    const refs = user
      ? (
          await this.userInfo.getUserInfo(user.credentials)
        ).ownershipEntityRefs.map(lower)
      : [];
    const isAdmin = refs.some(r => this.admins.includes(r));
    if (isPermission(permission, secretsAuditPermission)) {
      return { result: isAdmin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    if (permission.attributes.action === 'read' || isAdmin) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isResourcePermission(permission, 'catalog-entity') && refs.length > 0) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: refs }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}

/** Installs {@link SecretsPermissionPolicy} in the permission backend. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'secrets-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(
          new SecretsPermissionPolicy(readAdmins(config), userInfo),
        );
      },
    });
  },
});
