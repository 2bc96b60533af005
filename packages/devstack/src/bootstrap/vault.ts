import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import nodePath from 'node:path';
import { repoRoot } from '../paths.ts';
import { SERVICE_ACCOUNT_ISSUER } from '../servers/kubeApiserver.ts';
import type { ClientCertificate } from '../servers/pki.ts';
import { DEMO } from './demoData.ts';

/** Credentials the bootstrap created for the engine, one per auth method. */
export interface VaultEngineCredentials {
  /** A renewable token carrying only the engine policy. */
  token: string;
  appRole: { path: string; roleId: string; secretId: string };
  userpass: { path: string; username: string; password: string };
  /** Vault's cert method: a role trusting the client certificate's CA, and the files. */
  cert: {
    path: string;
    role: string;
    clientCertFile: string;
    clientKeyFile: string;
  };
  kubernetes: { mountPath: string; role: string };
  jwt: { path: string; role: string; audience: string };
}

async function call(
  addr: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<any> {
  const res = await fetch(`${addr}/v1/${path}`, {
    method,
    headers: { 'x-vault-token': token, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok)
    throw new Error(
      `vault ${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`,
    );
  return text ? JSON.parse(text) : undefined;
}

/**
 * The engine's Vault policy: the operations kit's file, so the policy an operator loads is
 * the one every test runs under. It grants the team prefixes of each mount (read, and on
 * KV v2 the writes rotation needs), the team-named dynamic roles, renew and revoke of
 * their leases only, and `lookup-accessor`.
 */
export function enginePolicy(): string {
  return fs.readFileSync(
    nodePath.join(
      repoRoot(),
      'deploy',
      'vault',
      'backstage-secrets-engine.hcl',
    ),
    'utf8',
  );
}

/** Where Vault's database engine reaches the stack's PostgreSQL, as its superuser. */
export interface DatabaseEngineTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

/**
 * The database secrets engine at `database/`, backed by the stack's PostgreSQL, with one
 * role per team: each issued credential is a new PostgreSQL login role that Vault drops
 * when its lease is revoked or expires.
 */
async function bootstrapDatabaseEngine(
  addr: string,
  root: string,
  db: DatabaseEngineTarget,
): Promise<void> {
  await call(addr, root, 'POST', 'sys/mounts/database', { type: 'database' });
  await call(addr, root, 'POST', 'database/config/stack-postgres', {
    plugin_name: 'postgresql-database-plugin',
    connection_url: `postgresql://{{username}}:{{password}}@${db.host}:${db.port}/postgres?sslmode=disable`,
    username: db.user,
    password: db.password,
    allowed_roles: '*',
  });
  for (const team of DEMO.teamPrefixes) {
    await call(addr, root, 'POST', `database/roles/${team}-app`, {
      db_name: 'stack-postgres',
      creation_statements: [
        `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
      ],
      default_ttl: '1h',
      max_ttl: '24h',
    });
  }
}

/** A PKI engine at `pki/` with its own root CA and one role per team for `<team>.svc` names. */
async function bootstrapPki(addr: string, root: string): Promise<void> {
  await call(addr, root, 'POST', 'sys/mounts/pki', {
    type: 'pki',
    config: { max_lease_ttl: '87600h' },
  });
  await call(addr, root, 'POST', 'pki/root/generate/internal', {
    common_name: 'Backstage Secrets demo CA',
    ttl: '87600h',
  });
  for (const team of DEMO.teamPrefixes) {
    await call(addr, root, 'POST', `pki/roles/${team}-tls`, {
      allowed_domains: [`${team}.svc`],
      allow_subdomains: true,
      allow_bare_domains: true,
      max_ttl: '720h',
      ttl: '72h',
    });
  }
}

const random = () => randomBytes(18).toString('base64url');

/**
 * Demo secrets for the example Components. Values are random per start: nothing that
 * looks like a credential is ever committed.
 */
async function writeDemoSecrets(addr: string, root: string): Promise<void> {
  const kv2 = (path: string, data: Record<string, unknown>) =>
    call(addr, root, 'POST', `secret/data/${path}`, { data });
  await kv2('payments/payments-api', {
    db_username: 'payments',
    db_password: random(),
    api_key: random(),
  });
  // A second version, so version history and "synced version" have something to show.
  await kv2('payments/payments-api', {
    db_username: 'payments',
    db_password: random(),
    api_key: random(),
  });
  await kv2('payments/payments-worker', {
    queue_password: random(),
    settings: {
      queue: { url: 'amqp://queue.payments.svc:5672', prefetch: 20 },
    },
  });
  // Seed 002's GitLab registry credentials, for the dockerconfigjson template.
  await kv2('payments/registry', {
    username: 'payments-ci',
    password: random(),
  });
  await kv2('search/search-api', {
    api_key: random(),
    admin_password: random(),
  });
  await kv2('search/search-indexer', { crawler_token: random() });
  // Outside every team prefix: the engine must be denied here.
  await kv2('platform/root-credentials', { password: random() });
  await call(addr, root, 'POST', 'kv/payments/legacy-api', { token: random() });
  await call(addr, root, 'POST', 'kv/search/legacy-indexer', {
    token: random(),
  });
}

/**
 * Configures a dev Vault: KV v1 at `kv/` (dev mode already has KV v2 at `secret/`), the
 * engine policy, and the auth methods the seeds use — token, kubernetes (TokenReview),
 * jwt (service-account tokens with audience `vault`), approle, userpass and cert.
 */
export async function bootstrapVault(options: {
  addr: string;
  rootToken: string;
  kubeUrl: string;
  kubeCaPem: string;
  saPublicKeyPem: string;
  reviewerToken: string;
  /** The engine's client certificate for the cert method. */
  clientCertificate: ClientCertificate;
  /** When given, the database engine is configured against it. */
  database?: DatabaseEngineTarget;
}): Promise<VaultEngineCredentials> {
  const { addr, rootToken: root } = options;
  await call(addr, root, 'POST', 'sys/mounts/kv', {
    type: 'kv',
    options: { version: '1' },
  });
  await call(addr, root, 'PUT', `sys/policies/acl/${DEMO.enginePolicy}`, {
    policy: enginePolicy(),
  });
  const tokenPolicies = [DEMO.enginePolicy];

  await call(addr, root, 'POST', 'sys/auth/approle', { type: 'approle' });
  await call(addr, root, 'POST', `auth/approle/role/${DEMO.engineRole}`, {
    token_policies: tokenPolicies,
    token_ttl: '1h',
    token_max_ttl: '24h',
  });
  const roleId = (
    await call(
      addr,
      root,
      'GET',
      `auth/approle/role/${DEMO.engineRole}/role-id`,
    )
  ).data.role_id;
  const secretId = (
    await call(
      addr,
      root,
      'POST',
      `auth/approle/role/${DEMO.engineRole}/secret-id`,
      {},
    )
  ).data.secret_id;

  // A user of the userpass method with the same policy; a fresh password per start.
  const password = randomBytes(18).toString('base64url');
  await call(addr, root, 'POST', 'sys/auth/userpass', { type: 'userpass' });
  await call(addr, root, 'POST', `auth/userpass/users/${DEMO.engineRole}`, {
    password,
    token_policies: tokenPolicies,
    token_ttl: '1h',
    token_max_ttl: '24h',
  });

  // Client certificates from the clients CA with the engine's common name log in (mTLS).
  await call(addr, root, 'POST', 'sys/auth/cert', { type: 'cert' });
  await call(addr, root, 'POST', `auth/cert/certs/${DEMO.engineRole}`, {
    certificate: options.clientCertificate.caPem,
    allowed_common_names: [options.clientCertificate.commonName],
    token_policies: tokenPolicies,
    token_ttl: '1h',
    token_max_ttl: '24h',
  });

  await call(addr, root, 'POST', 'sys/auth/kubernetes', { type: 'kubernetes' });
  await call(addr, root, 'POST', 'auth/kubernetes/config', {
    kubernetes_host: options.kubeUrl,
    kubernetes_ca_cert: options.kubeCaPem,
    token_reviewer_jwt: options.reviewerToken,
    // Vault runs outside the cluster: there is no pod-mounted token to fall back on.
    disable_local_ca_jwt: true,
  });
  await call(addr, root, 'POST', `auth/kubernetes/role/${DEMO.engineRole}`, {
    bound_service_account_names: [DEMO.engineServiceAccount],
    bound_service_account_namespaces: [DEMO.engineNamespace],
    token_policies: tokenPolicies,
    token_ttl: '1h',
  });

  await call(addr, root, 'POST', 'sys/auth/jwt', { type: 'jwt' });
  await call(addr, root, 'POST', 'auth/jwt/config', {
    jwt_validation_pubkeys: [options.saPublicKeyPem],
    bound_issuer: SERVICE_ACCOUNT_ISSUER,
  });
  await call(addr, root, 'POST', `auth/jwt/role/${DEMO.engineRole}`, {
    role_type: 'jwt',
    bound_audiences: [DEMO.jwtAudience],
    user_claim: 'sub',
    bound_subject: `system:serviceaccount:${DEMO.engineNamespace}:${DEMO.engineServiceAccount}`,
    token_policies: tokenPolicies,
    token_ttl: '1h',
  });

  const token = (
    await call(addr, root, 'POST', 'auth/token/create', {
      policies: tokenPolicies,
      ttl: '24h',
      renewable: true,
      display_name: 'backstage-secrets-engine',
    })
  ).auth.client_token;

  await writeDemoSecrets(addr, root);
  await bootstrapPki(addr, root);
  if (options.database)
    await bootstrapDatabaseEngine(addr, root, options.database);
  return {
    token,
    appRole: { path: 'approle', roleId, secretId },
    userpass: { path: 'userpass', username: DEMO.engineRole, password },
    cert: {
      path: 'cert',
      role: DEMO.engineRole,
      clientCertFile: options.clientCertificate.certFile,
      clientKeyFile: options.clientCertificate.keyFile,
    },
    kubernetes: { mountPath: 'kubernetes', role: DEMO.engineRole },
    jwt: { path: 'jwt', role: DEMO.engineRole, audience: DEMO.jwtAudience },
  };
}
