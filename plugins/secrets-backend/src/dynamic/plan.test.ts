import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import {
  capAt,
  fingerprint,
  issuerRisk,
  issuedValues,
  issueRequest,
  planIssued,
  planRenewed,
} from './plan';

const now = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);
const database = { engine: 'database' as const, role: 'payments-app' };

describe('dynamic lease planning', () => {
  it('renews a database lease at its percentage of the TTL, pulled earlier by jitter', () => {
    const issued = { data: {}, leaseDurationS: 100, renewable: true };
    expect(planIssued(database, issued, now, () => 0)).toEqual({
      expiresAt: at(100_000),
      nextAction: 'renew',
      nextActionAt: at(67_000),
    });
    expect(planIssued(database, issued, now, () => 1).nextActionAt).toEqual(
      at(57_000),
    );
    expect(
      planIssued({ ...database, renewAtPercent: 50 }, issued, now, () => 0)
        .nextActionAt,
    ).toEqual(at(50_000));
  });

  it('issues new credentials when the lease cannot be renewed', () => {
    const plan = planIssued(
      database,
      { data: {}, leaseDurationS: 60, renewable: false },
      now,
      () => 0,
    );
    expect(plan.nextAction).toBe('reissue');
  });

  it('keeps renewing while Vault grants what was asked, and re-issues once max TTL caps it', () => {
    expect(
      planRenewed(
        database,
        100,
        { leaseDurationS: 100, renewable: true },
        now,
        () => 0,
      ),
    ).toEqual({
      expiresAt: at(100_000),
      nextAction: 'renew',
      nextActionAt: at(67_000),
    });
    expect(
      planRenewed(
        database,
        100,
        { leaseDurationS: 30, renewable: true },
        now,
        () => 0,
      ),
    ).toEqual({
      expiresAt: at(30_000),
      nextAction: 'reissue',
      nextActionAt: at(20_100),
    });
  });

  it('re-issues a certificate renewBefore its expiry, or a third of its lifetime before', () => {
    const issued = {
      data: { expiration: now.getTime() / 1000 + 90 },
      leaseDurationS: 0,
      renewable: false,
    };
    const pki = {
      engine: 'pki' as const,
      role: 'payments-tls',
      commonName: 'api.payments.svc',
    };
    expect(planIssued(pki, issued, now)).toEqual({
      expiresAt: at(90_000),
      nextAction: 'reissue',
      nextActionAt: at(60_000),
    });
    expect(
      planIssued({ ...pki, renewBefore: '80s' }, issued, now).nextActionAt,
    ).toEqual(at(10_000));
    // Never in the past, however long renewBefore is.
    expect(
      planIssued({ ...pki, renewBefore: '1h' }, issued, now).nextActionAt,
    ).toEqual(at(1000));
  });

  it('asks for database credentials with a GET and for a certificate with its request', () => {
    expect(issueRequest(database)).toEqual({
      path: 'database/creds/payments-app',
    });
    expect(
      issueRequest({
        engine: 'pki',
        mount: 'team/pki',
        role: 'web',
        commonName: 'a.svc',
        altNames: ['b.svc', 'c.svc'],
        ttl: '1h',
      }),
    ).toEqual({
      path: 'team/pki/issue/web',
      body: { common_name: 'a.svc', alt_names: 'b.svc,c.svc', ttl: '3600s' },
    });
  });

  it('maps issued data to Secret keys', () => {
    expect(
      Object.fromEntries(
        issuedValues('database', { username: 'u', password: 'p', extra: 1 }),
      ),
    ).toEqual({ username: 'u', password: 'p' });
    const pki = issuedValues('pki', {
      certificate: 'LEAF',
      private_key: 'KEY',
      issuing_ca: 'CA',
      ca_chain: ['not a certificate'],
    });
    expect(Object.fromEntries(pki)).toEqual({
      'tls.crt': 'LEAF\n',
      'tls.key': 'KEY\n',
      'ca.crt': 'CA\n',
    });
  });

  it('changes the fingerprint with the role, request or template, not with labels', () => {
    const spec: MappingSpec = {
      store: 'kv',
      dynamic: database,
      target: { clusters: ['a'], namespace: 'n', name: 's' },
    };
    const base = fingerprint(spec);
    expect(
      fingerprint({ ...spec, target: { ...spec.target, labels: { a: 'b' } } }),
    ).toBe(base);
    expect(
      fingerprint({ ...spec, dynamic: { ...database, role: 'other' } }),
    ).not.toBe(base);
    expect(
      fingerprint({
        ...spec,
        target: {
          ...spec.target,
          template: { data: { dsn: '{{ .username }}' } },
        },
      }),
    ).not.toBe(base);
  });

  it('re-issues before the token behind a lease stops being renewed takes the lease with it', () => {
    const alive = (leftS: number) => ({
      state: 'alive' as const,
      expiresAt: at(leftS * 1000),
      creationTtlS: 100,
    });
    // A live engine renews at two thirds: at least a third is left. Look again at a fifth.
    expect(issuerRisk(alive(40), now)).toEqual({ checkAt: at(20_000) });
    expect(issuerRisk(alive(20), now)).toBe('ending');
    expect(issuerRisk({ state: 'gone' }, now)).toBe('gone');
    expect(issuerRisk({ state: 'unknown' }, now)).toEqual({});
    // A token that never expires (root, or no TTL) is no risk.
    expect(issuerRisk({ state: 'alive', creationTtlS: 0 }, now)).toEqual({});
    const plan = {
      expiresAt: at(100_000),
      nextAction: 'renew' as const,
      nextActionAt: at(67_000),
    };
    expect(capAt(plan, at(20_000)).nextActionAt).toEqual(at(20_000));
    expect(capAt(plan, at(90_000))).toBe(plan);
    expect(capAt(plan, undefined)).toBe(plan);
  });
});
