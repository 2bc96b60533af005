/*
 * The permission policy of this Backstage: everything stays allowed as before, except
 * the secrets plugin's permissions, which follow catalog ownership.
 */
import {
  coreServices,
  createBackendModule,
  type UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  readSecretsAdmins,
  secretsPolicyDecision,
} from '@backstage-secrets/plugin-secrets-backend';

/**
 * The secrets plugin's shipped rules (`secretsPolicyDecision`: owners change mappings,
 * admins audit, everyone reads names and status), composed with "allow" for every other
 * permission, as this demo had before it had a policy. An adopter composes the same
 * helper with their own rules, or grants and denies around it.
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
    const refs = user
      ? (await this.userInfo.getUserInfo(user.credentials)).ownershipEntityRefs
      : [];
    return (
      secretsPolicyDecision(request.permission, refs, {
        admins: this.admins,
      }) ?? { result: AuthorizeResult.ALLOW }
    );
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
          new SecretsPermissionPolicy(readSecretsAdmins(config), userInfo),
        );
      },
    });
  },
});
