import { CustomErrorBase } from '@backstage/errors';
import { ApiException } from '@kubernetes/client-node';

/**
 * What went wrong, coarse enough for the engine to decide: `conflict` means
 * re-read and retry now, `unreachable` means back off, `forbidden`,
 * `unauthorized` and `invalid` need a person.
 *
 * @public
 */
export type ClusterErrorKind =
  | 'forbidden'
  | 'unauthorized'
  | 'notFound'
  | 'conflict'
  | 'unreachable'
  | 'invalid';

/**
 * Where a failure happened. Only names: never data.
 *
 * @public
 */
export interface ClusterCallSite {
  cluster: string;
  verb: string;
  namespace?: string;
  name?: string;
}

/**
 * The only error a {@link ClusterGateway} throws. It is built from safe fields
 * alone (status code, the Status `reason` word, error codes): the API server's
 * response body may echo the submitted Secret, and client-node exceptions
 * carry the request, so neither is ever kept, logged or used as `cause`.
 *
 * @public
 */
export class ClusterError extends CustomErrorBase {
  name = 'ClusterError' as const;
  readonly kind: ClusterErrorKind;
  readonly cluster: string;
  readonly verb: string;
  readonly namespace?: string;
  readonly secretName?: string;
  /** The HTTP status, when the API server answered. */
  readonly status?: number;
  /** The Kubernetes Status `reason`, e.g. `AlreadyExists`, when it is one word. */
  readonly reason?: string;

  constructor(
    kind: ClusterErrorKind,
    site: ClusterCallSite,
    detail: string,
    extra: { status?: number; reason?: string } = {},
  ) {
    super(`${describe(site)} failed: ${detail}`);
    this.kind = kind;
    this.cluster = site.cluster;
    this.verb = site.verb;
    this.namespace = site.namespace;
    this.secretName = site.name;
    this.status = extra.status;
    this.reason = extra.reason;
  }
}

function describe(site: ClusterCallSite): string {
  const target = [site.namespace, site.name].filter(Boolean).join('/');
  return `Cluster '${site.cluster}': ${site.verb}${target ? ` ${target}` : ''}`;
}

/**
 * Thrown before a request is sent when the engine has no usable credentials;
 * its message names config keys and paths only.
 */
export class CredentialsUnavailableError extends Error {
  name = 'CredentialsUnavailableError' as const;
}

const KIND_BY_STATUS: Record<number, ClusterErrorKind> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  409: 'conflict',
  // Gone: a list/watch resourceVersion too old; re-reading fixes it like a conflict.
  410: 'conflict',
  413: 'invalid',
  415: 'invalid',
  422: 'invalid',
  // Timeouts and API Priority and Fairness throttling: back off and retry.
  408: 'unreachable',
  429: 'unreachable',
};

// Network and TLS failures from node-fetch/Node carry a code; the message
// carries the URL and sometimes more, so only the code is kept.
const SAFE_CODE = /^[A-Z][A-Z0-9_]{1,60}$/;

/**
 * Turns anything a client-node call threw into a {@link ClusterError},
 * keeping only fields that cannot contain Secret data.
 */
export function toClusterError(
  error: unknown,
  site: ClusterCallSite,
  timeoutMs: number,
): ClusterError {
  if (error instanceof ClusterError) return error;
  if (error instanceof CredentialsUnavailableError) {
    return new ClusterError('unauthorized', site, error.message);
  }
  if (error instanceof ApiException) {
    const status = error.code;
    const body = parseBody(error.body);
    const reason = statusReason(body);
    const kind =
      KIND_BY_STATUS[status] ??
      (status >= 400 && status < 500 ? 'invalid' : 'unreachable');
    // Nothing else from the body, not even a 422's field paths: for data they
    // are key names, which can be built from Vault content.
    const detail = `API server answered ${status}${
      reason ? ` ${reason}` : ''
    }${explain(status, body, site)}`;
    return new ClusterError(kind, site, detail, { status, reason });
  }
  const e = error as { name?: unknown; code?: unknown; type?: unknown };
  if (e?.name === 'AbortError') {
    return new ClusterError(
      'unreachable',
      site,
      `no answer within ${timeoutMs} ms`,
    );
  }
  const code =
    typeof e?.code === 'string' && SAFE_CODE.test(e.code) ? e.code : undefined;
  if (code) {
    const tls = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO/.test(code);
    const detail = tls
      ? `TLS verification failed (${code})`
      : `network error (${code})`;
    return new ClusterError('unreachable', site, detail);
  }
  const type = error instanceof Error ? error.constructor.name : typeof error;
  return new ClusterError(
    'unreachable',
    site,
    `unexpected client error (${type})`,
  );
}

/**
 * What a person should know about a refusal, from the site and the Status fields that are
 * fixed words (a cause type, a resource kind) — never from the Status message.
 */
function explain(status: number, body: unknown, site: ClusterCallSite) {
  // client-node drops the body of a 401, so that one is explained here.
  if (status === 401) return " (the engine's token was rejected)";
  const details = (body as { details?: StatusDetails } | undefined)?.details;
  const ns = site.namespace;
  if (!ns) return '';
  if (details?.causes?.some(c => c?.reason === 'NamespaceTerminating'))
    return `: namespace ${ns} is being deleted`;
  if (status === 404 && details?.kind === 'namespaces')
    return `: namespace ${ns} does not exist`;
  // Deleting a namespace deletes the engine's Role and RoleBinding in it, so a namespace
  // deleted (or re-created without them) reads as this.
  if (status === 403)
    return ` (the engine's RBAC does not allow it in namespace ${ns}: is the namespace there, with the engine's Role and RoleBinding?)`;
  return '';
}

interface StatusDetails {
  kind?: unknown;
  /** A cause's type is sent as `reason`. */
  causes?: { reason?: unknown }[];
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The Status `reason` word only; the Status `message` may quote field values. */
function statusReason(body: unknown): string | undefined {
  const reason = (body as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' && /^[A-Za-z]{1,40}$/.test(reason)
    ? reason
    : undefined;
}
