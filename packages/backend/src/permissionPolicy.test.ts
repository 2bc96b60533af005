import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  secretsAuditPermission,
  secretsMappingCreatePermission,
  secretsMappingReadPermission,
  secretsMappingSyncPermission,
} from '@backstage-secrets/plugin-secrets-common';
import { readSecretsAdmins } from '@backstage-secrets/plugin-secrets-backend';
import { SecretsPermissionPolicy } from './permissionPolicy';

describe('SecretsPermissionPolicy', () => {
  const membership: Record<string, string[]> = {
    'user:default/alice': ['group:default/team-payments'],
    'user:default/dave': ['group:default/platform-admins'],
  };
  const userInfo = mockServices.userInfo.mock({
    async getUserInfo(credentials) {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(membership[ref] ?? [])],
      };
    },
  });
  const policy = new SecretsPermissionPolicy(
    readSecretsAdmins(
      new ConfigReader({ secrets: { admins: ['group:Platform-Admins'] } }),
    ),
    userInfo,
  );
  const user = (ref: string) => ({
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: [] },
  });
  const alice = user('user:default/alice');
  const dave = user('user:default/dave');

  it('lets admins do everything, the audit included', async () => {
    for (const permission of [
      secretsAuditPermission,
      secretsMappingCreatePermission,
    ]) {
      await expect(policy.handle({ permission }, dave)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('refuses the audit to everyone else', async () => {
    await expect(
      policy.handle({ permission: secretsAuditPermission }, alice),
    ).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('lets everyone read names and status', async () => {
    await expect(
      policy.handle({ permission: secretsMappingReadPermission }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it("leaves changes to the owners, as a catalog condition over the caller's refs", async () => {
    await expect(
      policy.handle({ permission: secretsMappingSyncPermission }, alice),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/alice', 'group:default/team-payments'],
        },
      },
    });
  });

  it('denies changes without a user', async () => {
    await expect(
      policy.handle({ permission: secretsMappingCreatePermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it("keeps other plugins' permissions allowed, as before", async () => {
    const other = createPermission({
      name: 'catalog.entity.delete',
      attributes: { action: 'delete' },
    });
    await expect(policy.handle({ permission: other }, alice)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
