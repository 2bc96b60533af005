import type { StoreAuthConfig } from '../config';
import { readClientCertificate } from './clientCertificate';
import { loginError, readSecretFile } from './loginFiles';
import { VaultError, cleanDetail } from './errors';
import type { VaultTransport } from './transport';
import type { ServiceAccountTokenSource } from './types';

/** A Vault token and what the gateway knows about its lifetime. */
export interface Credential {
  token: string;
  /** Obtained by logging in: the gateway may log in again and must revoke it when done. */
  byLogin: boolean;
  /** Seconds the token lives from `obtainedAt`; 0 means it does not expire. */
  ttlSeconds: number;
  renewable: boolean;
  /** The token's accessor: names it (to look up its expiry) without being it. */
  accessor?: string;
}

type Auth = StoreAuthConfig;

/** The static token of `auth.token`, re-read on every call so a rotated file is picked up. */
async function staticToken(
  store: string,
  source: Extract<Auth, { method: 'token' }>['token'],
): Promise<string> {
  if ('value' in source) return source.value;
  if ('file' in source)
    return readSecretFile(store, 'token', source.file, 'token');
  const value = process.env[source.env];
  if (!value) {
    throw loginError(
      store,
      'token',
      `environment variable ${source.env} is not set`,
    );
  }
  return value;
}

async function serviceAccountJwt(
  store: string,
  auth: Extract<Auth, { method: 'kubernetes' | 'jwt' }>,
  tokenSource: ServiceAccountTokenSource | undefined,
): Promise<string> {
  const path = `auth/${auth.path}/login`;
  if (auth.tokenFile) {
    return readSecretFile(store, path, auth.tokenFile, 'ServiceAccount token');
  }
  const ref = auth.serviceAccountRef!;
  if (!tokenSource) {
    throw loginError(
      store,
      path,
      'no ServiceAccount token source is available for serviceAccountRef',
    );
  }
  try {
    return await tokenSource.requestToken({
      cluster: ref.cluster,
      namespace: ref.namespace,
      serviceAccount: ref.name,
      audiences: ref.audiences,
      expirationSeconds: ref.expirationSeconds,
    });
  } catch (error: any) {
    // Kubernetes client errors carry request headers too: keep only a status.
    const status =
      error?.code ?? error?.statusCode ?? error?.response?.statusCode;
    throw loginError(
      store,
      path,
      `TokenRequest for ServiceAccount ${ref.namespace}/${ref.name} failed${
        status ? ` (${status})` : ''
      }`,
    );
  }
}

/**
 * Obtains a token for the store: the configured static token (checked with
 * `lookup-self`, which also tells its TTL), or a login with the auth method.
 */
export async function obtainCredential(
  transport: VaultTransport,
  store: string,
  auth: Auth,
  tokenSource?: ServiceAccountTokenSource,
): Promise<Credential> {
  if (auth.method === 'token') {
    const token = await staticToken(store, auth.token);
    transport.remember(token);
    const path = 'auth/token/lookup-self';
    const res = await transport.send('login', { method: 'GET', path, token });
    if (res.status !== 200) {
      const error = transport.failure('login', path, res, true);
      throw error;
    }
    const data = res.body?.data ?? {};
    return {
      token,
      byLogin: false,
      ttlSeconds: Number(data.ttl) || 0,
      renewable: data.renewable === true,
      ...(typeof data.accessor === 'string' ? { accessor: data.accessor } : {}),
    };
  }

  let path = `auth/${auth.path}/login`;
  let body: object;
  if (auth.method === 'appRole') {
    transport.remember(auth.secretId);
    body = { role_id: auth.roleId, secret_id: auth.secretId };
  } else if (auth.method === 'cert') {
    // The certificate rides on the TLS handshake; the body only picks the role.
    const { cert, key } = await readClientCertificate(store, auth);
    transport.useClientCertificate(cert, key);
    body = auth.role ? { name: auth.role } : {};
  } else if (auth.method === 'userpass') {
    transport.remember(auth.password);
    path = `${path}/${encodeURIComponent(auth.username)}`;
    body = { password: auth.password };
  } else {
    const jwt = await serviceAccountJwt(store, auth, tokenSource);
    transport.remember(jwt);
    body = { role: auth.role, jwt };
  }
  const res = await transport.send('login', { method: 'POST', path, body });
  if (res.status !== 200) throw transport.failure('login', path, res, true);
  const token = res.body?.auth?.client_token;
  if (typeof token !== 'string' || !token) {
    throw new VaultError({
      kind: 'invalidResponse',
      store,
      verb: 'login',
      path,
      detail: cleanDetail('the login answer has no auth.client_token', []),
    });
  }
  transport.remember(token);
  return {
    token,
    byLogin: true,
    ttlSeconds: Number(res.body.auth.lease_duration) || 0,
    renewable: res.body.auth.renewable === true,
    ...(typeof res.body.auth.accessor === 'string'
      ? { accessor: res.body.auth.accessor }
      : {}),
  };
}
