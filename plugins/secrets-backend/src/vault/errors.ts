/**
 * Why a Vault call failed:
 * - `sealed`: Vault answered that it is sealed;
 * - `unreachable`: no answer (connection, TLS, timeout) or a temporary 429/502/503/504;
 * - `denied`: Vault refused the token for this path (403);
 * - `notFound`: no such secret, or the version is deleted or destroyed;
 * - `loginFailed`: the auth method refused the store's credentials, or they could not be obtained;
 * - `conflict`: a check-and-set write found a newer version.
 * - `rejected`: Vault refused the request itself (400), e.g. a name a PKI role does not allow;
 * - `invalidResponse`: any other status, or a body that is not what Vault sends.
 */
export type VaultErrorKind =
  | 'sealed'
  | 'unreachable'
  | 'denied'
  | 'notFound'
  | 'conflict'
  | 'loginFailed'
  | 'rejected'
  | 'invalidResponse';

/**
 * A failed Vault call. The message names the store, the verb and the Vault path, and
 * never contains a token, secret_id, JWT or secret value: errors of the HTTP client
 * carry request headers (the token), so they are never rethrown, wrapped or logged.
 */
export class VaultError extends Error {
  readonly kind: VaultErrorKind;
  readonly store: string;
  readonly verb: string;
  readonly path: string;
  /** The HTTP status, when Vault answered. */
  readonly status?: number;
  /** What went wrong, as the message ends with it (already free of secrets). */
  readonly detail: string;

  constructor(options: {
    kind: VaultErrorKind;
    store: string;
    verb: string;
    path: string;
    status?: number;
    detail: string;
  }) {
    const status = options.status ? ` (HTTP ${options.status})` : '';
    super(
      `Vault store "${options.store}": ${options.verb} ${options.path} failed, ${options.kind}${status}: ${options.detail}`,
    );
    this.name = 'VaultError';
    this.kind = options.kind;
    this.store = options.store;
    this.verb = options.verb;
    this.path = options.path;
    this.status = options.status;
    this.detail = options.detail;
  }
}

/** Keeps a Vault-supplied or network message short, single-line and free of known secrets. */
export function cleanDetail(text: string, secrets: Iterable<string>): string {
  let out = text.replace(/\s+/g, ' ').replace(/^1 error occurred: \* /, '');
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  // Tokens we never saw (a JWT echoed back, a token in a URL) still look like tokens.
  out = out
    .replace(/\b(hvs|hvb|hvr|s|b|r)\.[A-Za-z0-9_-]{20,}/g, '[redacted]')
    .replace(
      /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
      '[redacted]',
    );
  return out.length > 300 ? `${out.slice(0, 300)}…` : out.trim();
}
