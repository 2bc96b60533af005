import { createHash, X509Certificate } from 'node:crypto';
import {
  DEFAULT_RENEW_AT_PERCENT,
  dynamicPath,
  parseDuration,
  type DynamicSource,
  type MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import type { DynamicIssue, IssuerStatus, LeaseRenewal } from '../vault';
import type { LeaseAction } from '../database';

/** When a lease or certificate ends and what to do about it, when. */
export interface LeasePlan {
  expiresAt: Date;
  nextAction: LeaseAction;
  nextActionAt: Date;
}

/** Renewals start a little early at random, so many leases issued together spread out. */
const JITTER = 0.1;

/**
 * Hash of what the issued values depend on. A changed role, request or template needs new
 * values: the old ones are not kept, so they cannot be re-rendered.
 */
export function fingerprint(spec: MappingSpec): string {
  const basis = JSON.stringify([
    spec.store,
    spec.dynamic,
    spec.target.type ?? null,
    spec.target.template ?? null,
  ]);
  return `sha256:${createHash('sha256').update(basis).digest('hex')}`;
}

/** The body of a PKI issue request; none for database credentials (a GET). */
export function issueRequest(source: DynamicSource): {
  path: string;
  body?: Record<string, unknown>;
} {
  const path = dynamicPath(source);
  if (source.engine === 'database') return { path };
  return {
    path,
    body: {
      common_name: source.commonName,
      ...(source.altNames?.length
        ? { alt_names: source.altNames.join(',') }
        : {}),
      ...(source.ttl
        ? { ttl: `${Math.round(parseDuration(source.ttl) / 1000)}s` }
        : {}),
    },
  };
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Certificates of the chain that are not self-signed roots: what a server presents. */
function intermediates(chain: unknown): string[] {
  if (!Array.isArray(chain)) return [];
  return chain.filter((pem): pem is string => {
    if (typeof pem !== 'string' || !pem.includes('BEGIN CERTIFICATE'))
      return false;
    try {
      const cert = new X509Certificate(pem);
      return cert.subject !== cert.issuer;
    } catch {
      return false;
    }
  });
}

/**
 * The values an engine issued, under the keys the Secret (or its templates) use:
 * `username`/`password`, or `tls.crt` (leaf and intermediates), `tls.key`, `ca.crt`.
 */
export function issuedValues(
  engine: DynamicSource['engine'],
  data: Record<string, unknown>,
): Map<string, string> {
  if (engine === 'database')
    return new Map([
      ['username', text(data.username)],
      ['password', text(data.password)],
    ]);
  const leaf = text(data.certificate).trim();
  const chain = intermediates(data.ca_chain);
  return new Map([
    ['tls.crt', `${[leaf, ...chain.map(c => c.trim())].join('\n')}\n`],
    ['tls.key', `${text(data.private_key).trim()}\n`],
    ['ca.crt', `${text(data.issuing_ca).trim()}\n`],
  ]);
}

/** Lease TTL share at which to act, pulled earlier by up to 10% of the TTL at random. */
function at(from: Date, ttlMs: number, percent: number, random: () => number) {
  const share = Math.max(percent / 100 - JITTER * random(), 0.05);
  return new Date(from.getTime() + Math.floor(ttlMs * share));
}

/** The schedule of freshly issued values. */
export function planIssued(
  source: DynamicSource,
  issued: DynamicIssue,
  now: Date,
  random: () => number = Math.random,
): LeasePlan {
  if (source.engine === 'pki') {
    const expiration = Number(issued.data.expiration);
    const expiresAt =
      Number.isFinite(expiration) && expiration > 0
        ? new Date(expiration * 1000)
        : new Date(now.getTime() + issued.leaseDurationS * 1000);
    const lifetime = Math.max(expiresAt.getTime() - now.getTime(), 0);
    const before = source.renewBefore
      ? parseDuration(source.renewBefore)
      : Math.floor(lifetime / 3);
    return {
      expiresAt,
      nextAction: 'reissue',
      nextActionAt: new Date(
        Math.max(expiresAt.getTime() - before, now.getTime() + 1000),
      ),
    };
  }
  const ttlMs = issued.leaseDurationS * 1000;
  const percent = source.renewAtPercent ?? DEFAULT_RENEW_AT_PERCENT;
  return {
    expiresAt: new Date(now.getTime() + ttlMs),
    nextAction: issued.renewable ? 'renew' : 'reissue',
    nextActionAt: at(now, ttlMs, percent, random),
  };
}

/**
 * The schedule after a renewal. Vault grants at most what the role's max TTL leaves, so a
 * grant shorter than asked means this lease is ending: new credentials are issued at the
 * same share of what is left, well before it runs out.
 */
export function planRenewed(
  source: DynamicSource,
  askedS: number,
  renewal: LeaseRenewal,
  now: Date,
  random: () => number = Math.random,
): LeasePlan {
  const ttlMs = renewal.leaseDurationS * 1000;
  const percent = source.renewAtPercent ?? DEFAULT_RENEW_AT_PERCENT;
  const ending = !renewal.renewable || renewal.leaseDurationS < askedS - 1;
  return {
    expiresAt: new Date(now.getTime() + ttlMs),
    nextAction: ending ? 'reissue' : 'renew',
    nextActionAt: at(now, ttlMs, percent, random),
  };
}

/**
 * A live engine renews its token at two thirds of its TTL, so a token with less than a
 * fifth left is no longer being renewed (its engine stopped, or logged in anew) and takes
 * its leases with it when it expires.
 */
const ISSUER_MARGIN = 1 / 5;

/**
 * What the issuing token means for a lease: `gone` (its leases are revoked already),
 * `ending` (issue new values now), or when to look at it again.
 */
export function issuerRisk(
  issuer: IssuerStatus,
  now: Date,
): 'gone' | 'ending' | { checkAt?: Date } {
  if (issuer.state === 'gone') return 'gone';
  if (issuer.state !== 'alive' || !issuer.expiresAt || !issuer.creationTtlS)
    return {};
  const margin = issuer.creationTtlS * 1000 * ISSUER_MARGIN;
  const checkAt = issuer.expiresAt.getTime() - margin;
  return checkAt <= now.getTime() ? 'ending' : { checkAt: new Date(checkAt) };
}

/** The earlier of a plan's next action and the next look at the issuing token. */
export function capAt(plan: LeasePlan, checkAt: Date | undefined): LeasePlan {
  if (!checkAt || checkAt >= plan.nextActionAt) return plan;
  return { ...plan, nextActionAt: checkAt };
}
