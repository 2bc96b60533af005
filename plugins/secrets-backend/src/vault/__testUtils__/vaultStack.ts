import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { LoggerService } from '@backstage/backend-plugin-api';
import * as k8s from '@kubernetes/client-node';
import { readStackInfo, type StackInfo } from '@internal/devstack';
import type { StoreAuthConfig, StoreConfig } from '../../config';
import type { ServiceAccountTokenSource } from '../types';

/** The running stack; throws (so suites fail, not skip) when none is running. */
export const stack = (): StackInfo => readStackInfo();

/** A value that must only ever appear where a test put it. */
export const canary = (label: string) =>
  `canary-${label}-${randomBytes(9).toString('hex')}`;

export const unique = (label: string) =>
  `${label}-${Date.now()}-${randomBytes(3).toString('hex')}`;

/** Root calls for test setup, with fetch: never through the code under test. */
export async function root(
  info: StackInfo,
  method: string,
  path: string,
  body?: unknown,
): Promise<any> {
  const res = await fetch(`${info.vault.addr}/v1/${path}`, {
    method,
    headers: { 'x-vault-token': info.vault.rootToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`root ${method} ${path}: HTTP ${res.status} ${text}`);
  }
  return text ? JSON.parse(text) : undefined;
}

export function storeConfig(
  info: StackInfo,
  auth: StoreAuthConfig,
  extra: Partial<StoreConfig> = {},
): StoreConfig {
  return {
    name: 'test-store',
    server: info.vault.addr,
    mount: 'secret',
    kvVersion: 2,
    publicUrl: info.vault.addr,
    // The stack's Vault serves HTTPS with its own CA; stores name it, as in production.
    caBundle: info.vault.caPem,
    requestTimeoutMs: 5000,
    auth,
    loginBackoff: { initialMs: 120_000, maxMs: 960_000 },
    allowedPaths: [{ prefix: '' }],
    dynamicRoles: [],
    unmanagedRotationPaths: [],
    ...extra,
  };
}

/** AppRole auth with the engine role the stack bootstrapped. */
export const engineAppRole = (info: StackInfo): StoreAuthConfig => ({
  method: 'appRole',
  ...info.vault.engine.appRole,
});

/** ServiceAccount tokens from the TokenRequest API, as the engine's own ServiceAccount. */
export function kubeTokenSource(info: StackInfo): ServiceAccountTokenSource {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(info.kubernetes.engineKubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  return {
    async requestToken(req) {
      const res = await core.createNamespacedServiceAccountToken({
        name: req.serviceAccount,
        namespace: req.namespace,
        body: {
          spec: {
            audiences: req.audiences ?? [],
            expirationSeconds: req.expirationSeconds ?? 600,
          },
        },
      });
      return res.status!.token;
    },
  };
}

/** Every accessor Vault knows, from the root token. */
export async function accessors(info: StackInfo): Promise<string[]> {
  return (await root(info, 'LIST', 'auth/token/accessors')).data.keys;
}

/** Accessors created since `before` whose token came from the given AppRole role. */
export async function newAccessorsOfRole(
  info: StackInfo,
  before: string[],
  role: string,
): Promise<string[]> {
  const seen = new Set(before);
  const mine: string[] = [];
  for (const accessor of await accessors(info)) {
    if (seen.has(accessor)) continue;
    const res = await fetch(
      `${info.vault.addr}/v1/auth/token/lookup-accessor`,
      {
        method: 'POST',
        headers: { 'x-vault-token': info.vault.rootToken },
        body: JSON.stringify({ accessor }),
      },
    );
    if (!res.ok) continue; // revoked meanwhile
    const body = await res.json();
    if (body.data?.meta?.role_name === role) mine.push(accessor);
  }
  return mine;
}

/** An AppRole role with the engine policy and its credentials. */
export async function createAppRole(
  info: StackInfo,
  role: string,
  settings: Record<string, unknown> = {},
  secretId?: string,
): Promise<StoreAuthConfig> {
  await root(info, 'POST', `auth/approle/role/${role}`, {
    token_policies: ['backstage-secrets-engine'],
    token_ttl: '1h',
    ...settings,
  });
  const roleId = (await root(info, 'GET', `auth/approle/role/${role}/role-id`))
    .data.role_id;
  const created = secretId
    ? await root(info, 'POST', `auth/approle/role/${role}/custom-secret-id`, {
        secret_id: secretId,
      })
    : await root(info, 'POST', `auth/approle/role/${role}/secret-id`, {});
  return {
    method: 'appRole',
    path: 'approle',
    roleId,
    secretId: created.data.secret_id,
  };
}

/** A logger that keeps everything it is given, children included. */
export function capturingLogger(): LoggerService & { lines: string[] } {
  const lines: string[] = [];
  const make = (meta: object): LoggerService => {
    const log = (level: string) => (message: string, extra?: unknown) => {
      lines.push(
        `${level} ${message} ${JSON.stringify(meta)} ${
          extra instanceof Error
            ? `${extra.message} ${String(extra.cause)} ${JSON.stringify(extra)}`
            : JSON.stringify(extra ?? {})
        }`,
      );
    };
    return {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: child => make({ ...meta, ...child }),
    };
  };
  return Object.assign(make({}), { lines });
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

export const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));

/** Reads `key` every half second for `ms`, each read expected to hold `data`. */
export async function keepReading(
  gateway: { read(key: string): Promise<unknown> },
  key: string,
  data: Record<string, unknown>,
  ms: number,
): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    await expect(gateway.read(key)).resolves.toMatchObject({ data });
    await sleep(500);
  }
}
