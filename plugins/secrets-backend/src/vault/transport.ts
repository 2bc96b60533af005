import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import nodeVault from 'node-vault';
import type { StoreConfig } from '../config';
import { VaultError, cleanDetail } from './errors';

function readCaFile(store: StoreConfig): string {
  try {
    return fs.readFileSync(store.caFile!, 'utf8');
  } catch (error: any) {
    throw new Error(
      `secrets.stores.${store.name}.caFile: cannot read ${store.caFile} (${
        error?.code ?? 'error'
      })`,
    );
  }
}

/** Node's codes for a server certificate it does not trust. */
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/** What to do about a TLS failure, in the operator's terms; undefined for other failures. */
function tlsHint(code: string, store: string): string | undefined {
  if (UNTRUSTED.has(code))
    return `Vault's TLS certificate is not signed by a CA this store trusts: set secrets.stores.${store}.caBundle or caFile to the CA that signed it`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `Vault's TLS certificate does not name the host of secrets.stores.${store}.server`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return "Vault's TLS certificate is outside its validity period";
  return undefined;
}

/**
 * An HTTPS agent that keeps connections open and verifies Vault's certificate, against `ca`
 * when given; `client` adds the certificate that cert auth presents.
 */
function keepAliveHttps(
  ca: string | undefined,
  client?: { cert: string; key: string },
): https.Agent {
  return new https.Agent({
    ca,
    ...client,
    keepAlive: true,
    rejectUnauthorized: true,
  });
}

/** What Vault answered, whatever the status. */
export interface VaultResponse {
  status: number;
  body: any;
}

/** One HTTP call to the store's Vault. */
export interface VaultRequest {
  method: 'GET' | 'POST';
  path: string;
  token?: string;
  body?: object;
  /** `sys/health` lives in the root namespace only. */
  noNamespace?: boolean;
  /** What errors name instead of `path`, when the path holds a handle (a lease id). */
  shownPath?: string;
}

/**
 * Thin wrapper around node-vault's request function. It returns every HTTP answer
 * (callers map statuses) and turns connection failures into a {@link VaultError}
 * built from the error code and text only: node-vault/axios errors carry the request
 * config, headers and token included, so they never leave this function.
 */
export class VaultTransport {
  /** Values that must never appear in an error message (tokens, secret_id, JWTs). */
  readonly secrets = new Set<string>();
  private readonly client: ReturnType<typeof nodeVault>;
  private readonly ca: string | undefined;
  /** With cert auth: an agent presenting the client certificate, on every call. */
  private clientTls?: { agent: https.Agent; cert: string; key: string };
  /**
   * Connections are kept open and reused: node-vault's own agent opens a new connection,
   * with a full TLS handshake, for every request, which cost a full pass about as much time
   * as the first sync and left native memory behind.
   */
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(private readonly store: StoreConfig) {
    const ca = store.caFile ? readCaFile(store) : store.caBundle;
    this.ca = ca;
    this.agents = {
      http: new http.Agent({ keepAlive: true }),
      https: keepAliveHttps(ca),
    };
    const options = {
      apiVersion: 'v1',
      endpoint: store.server,
      // node-vault's debug output (DEBUG=node-vault) prints request bodies: secret_id, JWTs.
      debug: () => undefined,
      // Ignore VAULT_SKIP_VERIFY from the environment: TLS is always verified.
      rpDefaults: { strictSSL: true, timeout: store.requestTimeoutMs },
    };
    this.client = nodeVault(options as nodeVault.VaultOptions);
    // node-vault falls back to VAULT_TOKEN, VAULT_NAMESPACE and VAULT_PREFIX from the
    // environment; a store only ever uses what its config and login say.
    this.client.token = '';
    (this.client as any).namespace = '';
    (this.client as any).pathPrefix = '';
    // Keep the status: node-vault would otherwise reject with its own error type.
    this.client.handleVaultResponse = (res?: any) =>
      Promise.resolve({ status: res?.statusCode ?? 0, body: res?.body });
  }

  /** Adds a value to redact; keeps the most recent 100 so a long-running process does not grow. */
  remember(secret: string): void {
    this.secrets.delete(secret);
    this.secrets.add(secret);
    if (this.secrets.size > 100) {
      this.secrets.delete(this.secrets.values().next().value!);
    }
  }

  /**
   * Presents this certificate from now on. Every call carries it, not only the login:
   * Vault's cert method checks on renewal that the same certificate is presented.
   */
  useClientCertificate(cert: string, key: string): void {
    if (this.clientTls?.cert === cert && this.clientTls.key === key) return;
    this.clientTls?.agent.destroy();
    this.clientTls = {
      agent: keepAliveHttps(this.ca, { cert, key }),
      cert,
      key,
    };
  }

  /** Closes the kept connections (the gateway is closed). */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
    this.clientTls?.agent.destroy();
  }

  async send(verb: string, req: VaultRequest): Promise<VaultResponse> {
    const headers: Record<string, string> = {};
    if (req.token) headers['X-Vault-Token'] = req.token;
    if (this.store.namespace && !req.noNamespace) {
      headers['X-Vault-Namespace'] = this.store.namespace;
    }
    try {
      return (await this.client.request({
        method: req.method,
        path: `/${req.path}`,
        headers,
        json: req.body,
        timeout: this.store.requestTimeoutMs,
        httpAgent: this.agents.http,
        httpsAgent: this.clientTls?.agent ?? this.agents.https,
      } as any)) as VaultResponse;
    } catch (error: any) {
      const code = typeof error?.code === 'string' ? error.code : 'ERROR';
      const text = typeof error?.message === 'string' ? error.message : '';
      const hint = tlsHint(code, this.store.name);
      throw new VaultError({
        kind: 'unreachable',
        store: this.store.name,
        verb,
        path: req.shownPath ?? req.path.replace(/\?.*$/, ''),
        detail: cleanDetail(
          `${code}: ${text}${hint ? ` — ${hint}` : ''}`,
          req.shownPath ? [...this.secrets, req.path] : this.secrets,
        ),
      });
    }
  }

  /** Maps a non-2xx answer to a {@link VaultError}; `login` marks auth calls. */
  failure(
    verb: string,
    path: string,
    res: VaultResponse,
    login = false,
    /** More text to keep out of the message, e.g. a lease id Vault may echo. */
    redact: string[] = [],
  ): VaultError {
    const errors: unknown[] = Array.isArray(res.body?.errors)
      ? res.body.errors
      : [];
    const text = errors.filter(e => typeof e === 'string').join('; ');
    // No token rides on a login, so a 403 there is Vault's user lockout (AppRole,
    // userpass, LDAP): after repeated failed logins it refuses even good credentials.
    const lockout =
      login && res.status === 403
        ? ' — Vault answers a login this way while it has locked the role or user out after repeated failed logins (user lockout, 15 minutes by default): unlock it (sys/locked-users) or wait'
        : '';
    const detail = cleanDetail(`${text || 'no error message'}${lockout}`, [
      ...this.secrets,
      ...redact,
    ]);
    let kind: VaultError['kind'] = 'invalidResponse';
    if (res.status === 503 && /sealed/i.test(text)) kind = 'sealed';
    else if ([429, 502, 503, 504].includes(res.status)) kind = 'unreachable';
    else if (login && res.status >= 400 && res.status < 500)
      kind = 'loginFailed';
    else if (res.status === 403 || res.status === 401) kind = 'denied';
    else if (res.status === 404) kind = 'notFound';
    else if (res.status === 400) kind = 'rejected';
    return new VaultError({
      kind,
      store: this.store.name,
      verb,
      path: path.replace(/\?.*$/, ''),
      status: res.status,
      detail,
    });
  }
}
