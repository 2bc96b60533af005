import * as k8s from '@kubernetes/client-node';
import {
  adminKubeconfigOptions,
  DEMO,
  type StackInfo,
} from '@internal/devstack';
import type { StoreAuthConfig } from '../../config';
import { createAppRole, root } from '../../vault/__testUtils__/vaultStack';

/**
 * Engine identities of a suite's own, on the shared stack, for health tests that break
 * and fix them: other suites' roles, policies, ServiceAccounts and bindings are never
 * touched. Every name is the caller's (unique per run); `remove` deletes it all.
 */

/**
 * An AppRole role whose policy grants read below `prefix` of `secret/`, and ways to edit
 * the policy to deny, revoke the configured secret-id and bring both back.
 */
export async function testVaultRole(
  info: StackInfo,
  name: string,
  prefix: string,
) {
  const policyName = `${name}-policy`;
  const putPolicy = (policy: string) =>
    root(info, 'PUT', `sys/policies/acl/${policyName}`, { policy });
  const allow = () =>
    putPolicy(`path "secret/data/${prefix}/*" { capabilities = ["read"] }`);
  await allow();
  const auth = (await createAppRole(info, name, {
    token_policies: [policyName],
  })) as Extract<StoreAuthConfig, { method: 'appRole' }>;
  const ignore = () => undefined;
  return {
    auth,
    allow,
    /** The policy as someone edited it: the prefix is gone. */
    deny: () =>
      putPolicy(
        `path "secret/data/${name}-elsewhere/*" { capabilities = ["read"] }`,
      ),
    revokeSecretId: () =>
      root(info, 'POST', `auth/approle/role/${name}/secret-id/destroy`, {
        secret_id: auth.secretId,
      }),
    /** The configured secret-id is valid again (as if re-issued with that value). */
    restoreSecretId: () =>
      root(info, 'POST', `auth/approle/role/${name}/custom-secret-id`, {
        secret_id: auth.secretId,
      }),
    async remove() {
      await root(info, 'DELETE', `auth/approle/role/${name}`).catch(ignore);
      await root(info, 'DELETE', `sys/policies/acl/${policyName}`).catch(
        ignore,
      );
    },
  };
}

/**
 * A ServiceAccount in the engine's namespace with a Role on Secrets and Events (as the
 * engine's Role grants, or only these Secret `verbs`, and Events only with `events`) bound
 * in `namespace`, a token for it, and ways to remove and restore the binding.
 */
export async function testEngineIdentity(
  info: StackInfo,
  name: string,
  namespace: string,
  verbs = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  events = true,
) {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(adminKubeconfigOptions(info));
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
  const saNamespace = DEMO.engineNamespace;
  await core.createNamespacedServiceAccount({
    namespace: saNamespace,
    body: { metadata: { name } },
  });
  await rbac.createNamespacedRole({
    namespace,
    body: {
      metadata: { name },
      rules: [
        {
          apiGroups: [''],
          resources: ['secrets'],
          verbs,
        },
        ...(events
          ? [{ apiGroups: [''], resources: ['events'], verbs: ['create'] }]
          : []),
      ],
    },
  });
  const binding: k8s.V1RoleBinding = {
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name, namespace: saNamespace }],
  };
  const bind = () =>
    rbac.createNamespacedRoleBinding({ namespace, body: binding });
  await bind();
  const token = (
    await core.createNamespacedServiceAccountToken({
      name,
      namespace: saNamespace,
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    })
  ).status!.token;
  const ignore = () => undefined;
  return {
    token,
    bind,
    unbind: () => rbac.deleteNamespacedRoleBinding({ name, namespace }),
    async remove() {
      await rbac.deleteNamespacedRoleBinding({ name, namespace }).catch(ignore);
      await rbac.deleteNamespacedRole({ name, namespace }).catch(ignore);
      await core
        .deleteNamespacedServiceAccount({ name, namespace: saNamespace })
        .catch(ignore);
    },
  };
}
