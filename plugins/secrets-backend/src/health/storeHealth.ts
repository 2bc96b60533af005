import type {
  HealthProblem,
  StoreStatus,
} from '@backstage-secrets/plugin-secrets-common';
import type { StoreAuthConfig, StoreConfig } from '../config';
import type { VaultError, VaultGateway } from '../vault';
import type { VaultNeed } from './needs';

/** What `/stores` reports as a store's health. */
export type StoreHealthReport = StoreStatus['health'];

/** Problems listed per store; a policy missing many prefixes is summed up after these. */
const MAX_PROBLEMS = 20;

const POLICY_FILE = 'deploy/vault/backstage-secrets-engine.hcl';

/** Who the engine is in Vault, in words an operator can look up (never a credential). */
function identity(store: StoreConfig): string {
  const auth = store.auth;
  switch (auth.method) {
    case 'appRole':
      return `the AppRole role of secrets.stores.${store.name}.auth.appRole (auth/${auth.path})`;
    case 'kubernetes':
    case 'jwt':
      return `role "${auth.role}" of auth/${auth.path}`;
    case 'userpass':
      return `user "${auth.username}" of auth/${auth.path}`;
    case 'cert':
      return auth.role
        ? `cert role "${auth.role}" of auth/${auth.path}`
        : `the client certificate of secrets.stores.${store.name}.auth.cert (auth/${auth.path})`;
    default:
      return `the token of secrets.stores.${store.name}.auth.token`;
  }
}

/** Vault's user lockout outlasts the fix of a credential the engine kept retrying. */
const UNLOCK =
  'if Vault locked the login out after the failed attempts, unlock it (vault write -f sys/locked-users/<mount accessor>/unlock/<alias>) or wait for the lockout to end';

/** What to do when the store's auth method refuses the engine. */
function loginAction(store: StoreConfig, auth: StoreAuthConfig): string {
  const key = `secrets.stores.${store.name}.auth`;
  switch (auth.method) {
    case 'appRole':
      return `Issue a new secret-id for the AppRole role (vault write -f auth/${auth.path}/role/<role>/secret-id), set it in ${key}.appRole.secretId, and check that the role still exists with that role-id; ${UNLOCK} (the alias is the role-id)`;
    case 'kubernetes':
      return `Check role "${auth.role}" of auth/${auth.path}: it must bind the engine's ServiceAccount (name and namespace), and Vault must be able to review the token (token_reviewer_jwt, kubernetes_host)`;
    case 'jwt':
      return `Check role "${auth.role}" of auth/${auth.path}: its bound audience and subject must match the engine's ServiceAccount token, and the method must trust the cluster's issuer keys`;
    case 'userpass':
      return `Check that user "${auth.username}" exists in auth/${auth.path} with the engine policy, and set its current password in ${key}.userpass.password; ${UNLOCK} (the alias is the username)`;
    case 'cert':
      return `Check that the certificate in ${key}.cert is current and signed by a CA that ${
        auth.role ? `role "${auth.role}"` : 'a role'
      } of auth/${
        auth.path
      } trusts (its allowed names included), and that nothing between the engine and Vault ends TLS`;
    default:
      return `Create a new token with the engine policy (vault token create -policy=backstage-secrets-engine) and set it in ${key}.token`;
  }
}

const unreachable = (store: StoreConfig, message: string): HealthProblem => ({
  cause: 'VaultUnreachable',
  message,
  action: `Check secrets.stores.${store.name}.server, the network path to it and TLS (caBundle or caFile); syncing resumes by itself once Vault answers`,
});

const sealed = (store: StoreConfig): HealthProblem => ({
  cause: 'VaultSealed',
  message: `Vault store "${store.name}" is sealed: every read fails, live Secrets are kept`,
  action:
    'Unseal Vault (vault operator unseal); syncing resumes by itself once it is unsealed',
});

/** A failed login as a problem: sealed and unreachable say so, anything else is the login. */
function loginProblem(store: StoreConfig, error: VaultError): HealthProblem {
  if (error.kind === 'sealed') return sealed(store);
  if (error.kind === 'unreachable') return unreachable(store, error.message);
  return {
    cause: 'VaultLoginFailed',
    message: `The engine cannot log in to store "${store.name}" with ${store.auth.method}: ${error.message}`,
    action: loginAction(store, store.auth),
  };
}

function checkProblem(store: StoreConfig, error: VaultError): HealthProblem {
  if (error.kind === 'denied')
    return {
      cause: 'VaultCheckFailed',
      message: `Vault refused sys/capabilities-self to the engine's token, so its policy cannot be checked`,
      action: `Keep Vault's default policy on ${identity(
        store,
      )} (token_no_default_policy false), or grant update on sys/capabilities-self`,
    };
  if (error.kind === 'sealed') return sealed(store);
  if (error.kind === 'unreachable') return unreachable(store, error.message);
  return {
    cause: 'VaultCheckFailed',
    message: `Could not check the engine's policy on store "${store.name}": ${error.message}`,
    action: 'Look at the Vault server log; the check runs again next cycle',
  };
}

function deniedProblems(
  store: StoreConfig,
  needs: VaultNeed[],
  capabilities: Record<string, string[]>,
): HealthProblem[] {
  const denied = needs.filter(need => {
    const caps = capabilities[need.path] ?? [];
    return !caps.includes('root') && !need.anyOf.some(c => caps.includes(c));
  });
  const problems: HealthProblem[] = denied.slice(0, MAX_PROBLEMS).map(need => ({
    cause: 'VaultDenied',
    message: `The engine's Vault policy does not allow ${need.capability} on ${need.grant} (${need.why})`,
    action: `Add path "${need.grant}" { capabilities = ["${
      need.capability
    }"] } to the policy attached to ${identity(store)} (see ${POLICY_FILE})`,
    path: need.grant,
  }));
  if (denied.length > MAX_PROBLEMS)
    problems.push({
      cause: 'VaultDenied',
      message: `…and ${
        denied.length - MAX_PROBLEMS
      } more paths the policy does not allow`,
      action: `Grant each prefix of secrets.stores.${
        store.name
      }.allowedPaths in the policy attached to ${identity(store)}`,
    });
  return problems;
}

/**
 * One store's health: reachable and unsealed (`sys/health`), the engine can log in with
 * the configured auth, and that login's policy grants what the store's mappings need. Each
 * problem names the cause (the reason its mappings fail with), what is wrong and what to
 * do. Never throws: the gateway's calls report failures as values.
 */
export async function checkStore(
  store: StoreConfig,
  gateway: Pick<VaultGateway, 'health' | 'checkAccess'>,
  needs: VaultNeed[],
  now: Date,
): Promise<StoreHealthReport> {
  const { store: _name, ...health } = await gateway.health();
  const report = (problems: HealthProblem[], loggedIn?: boolean) => ({
    ...health,
    ...(loggedIn === undefined ? {} : { loggedIn }),
    healthy: problems.length === 0,
    problems,
    checkedAt: now.toISOString(),
    ...(problems.length ? { error: problems[0].message } : {}),
  });
  if (!health.reachable)
    return report([unreachable(store, health.error ?? 'no answer')]);
  if (health.initialized === false)
    return report([
      {
        cause: 'VaultNotInitialized',
        message: `Vault store "${store.name}" is not initialized`,
        action: 'Initialize Vault (vault operator init) and unseal it',
      },
    ]);
  if (health.sealed) return report([sealed(store)]);
  if (health.error) return report([unreachable(store, health.error)]);

  const access = await gateway.checkAccess(needs.map(n => n.path));
  if (access.loginError)
    return report([loginProblem(store, access.loginError)], false);
  if (access.checkError)
    return report([checkProblem(store, access.checkError)], true);
  return report(deniedProblems(store, needs, access.capabilities ?? {}), true);
}
