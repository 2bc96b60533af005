import type { GatewayContext } from './context';
import { VaultError } from './errors';
import type { DynamicIssue, IssuerStatus, LeaseRenewal } from './types';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A lease id (`database/creds/app/AbC…`) is a handle to live credentials: errors and
 * logs name its path, never the id itself.
 */
export const leasePath = (leaseId: string) =>
  `${leaseId.split('/').slice(0, -1).join('/')}/…`;

function invalid(
  ctx: GatewayContext,
  verb: string,
  path: string,
  detail: string,
) {
  return new VaultError({
    kind: 'invalidResponse',
    store: ctx.store.name,
    verb,
    path,
    detail,
  });
}

/**
 * Asks a dynamic secrets engine for new values: a GET for `database/creds/<role>`, a
 * write with `body` for `pki/issue/<role>`. The values go straight to the caller.
 */
export async function issueDynamic(
  ctx: GatewayContext,
  path: string,
  body?: Record<string, unknown>,
): Promise<DynamicIssue> {
  const lease: { issuesLease: boolean; issuedBy?: string } = {
    issuesLease: true,
  };
  const res = await ctx.session.send(
    'issue',
    { method: body ? 'POST' : 'GET', path, body },
    lease,
  );
  if (res.status !== 200) throw ctx.transport.failure('issue', path, res);
  const data = res.body?.data;
  if (!isObject(data))
    throw invalid(ctx, 'issue', path, 'the answer has no data');
  const leaseId = res.body?.lease_id;
  return {
    data,
    leaseId: typeof leaseId === 'string' && leaseId ? leaseId : undefined,
    leaseDurationS: Number(res.body?.lease_duration) || 0,
    renewable: res.body?.renewable === true,
    ...(lease.issuedBy && res.body?.lease_id
      ? { issuedBy: lease.issuedBy }
      : {}),
  };
}

/** The issuing token's expiry, by accessor; a token that expired or was revoked is `gone`. */
export async function issuerStatus(
  ctx: GatewayContext,
  accessor: string,
): Promise<IssuerStatus> {
  const path = 'auth/token/lookup-accessor';
  const res = await ctx.session.send('lookup token', {
    method: 'POST',
    path,
    body: { accessor },
  });
  if (res.status === 400) return { state: 'gone' };
  if (res.status === 403) return { state: 'unknown' };
  if (res.status !== 200)
    throw ctx.transport.failure('lookup token', path, res, false, [accessor]);
  const data = res.body?.data ?? {};
  const expire =
    typeof data.expire_time === 'string' ? Date.parse(data.expire_time) : NaN;
  return {
    state: 'alive',
    ...(Number.isFinite(expire) ? { expiresAt: new Date(expire) } : {}),
    creationTtlS: Number(data.creation_ttl) || 0,
  };
}

/** Extends a lease by `incrementS`; Vault may grant less (the role's max TTL caps it). */
export async function renewLease(
  ctx: GatewayContext,
  leaseId: string,
  incrementS: number,
): Promise<LeaseRenewal> {
  const shown = `sys/leases/renew/${leasePath(leaseId)}`;
  const res = await ctx.session.send('renew lease', {
    method: 'POST',
    path: `sys/leases/renew/${leaseId}`,
    shownPath: shown,
    body: { increment: incrementS },
  });
  if (res.status !== 200) {
    const error = ctx.transport.failure('renew lease', shown, res, false, [
      leaseId,
    ]);
    // An expired or revoked lease is gone for good: the caller issues new credentials.
    if (
      res.status === 400 &&
      /lease (not found|expired)|invalid lease/i.test(error.message)
    )
      throw new VaultError({
        kind: 'notFound',
        store: ctx.store.name,
        verb: 'renew lease',
        path: shown,
        status: 400,
        detail: 'the lease has expired or was revoked',
      });
    throw error;
  }
  const duration = Number(res.body?.lease_duration);
  if (!Number.isFinite(duration))
    throw invalid(
      ctx,
      'renew lease',
      shown,
      'the answer has no lease_duration',
    );
  return { leaseDurationS: duration, renewable: res.body?.renewable === true };
}

/** Revokes a lease now; revoking one that already expired is not an error. */
export async function revokeLease(
  ctx: GatewayContext,
  leaseId: string,
): Promise<void> {
  const shown = `sys/leases/revoke/${leasePath(leaseId)}`;
  const res = await ctx.session.send('revoke lease', {
    method: 'POST',
    path: `sys/leases/revoke/${leaseId}`,
    shownPath: shown,
  });
  if (res.status !== 204 && res.status !== 200)
    throw ctx.transport.failure('revoke lease', shown, res, false, [leaseId]);
}
