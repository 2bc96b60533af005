import { testSecretsConfig } from '../__testUtils__/fakes';
import { VaultError, type VaultAccess, type VaultGateway } from '../vault';
import { checkStore } from './storeHealth';
import type { VaultNeed } from './needs';

const config = testSecretsConfig();
const store = config.stores.get('kv2')!;
const now = new Date('2026-03-01T00:00:00Z');

const need = (prefix: string): VaultNeed => ({
  path: `secret/data/${prefix}/probe`,
  grant: `secret/data/${prefix}/*`,
  capability: 'read',
  anyOf: ['read'],
  why: `allowedPaths prefix "${prefix}"`,
});

const vaultError = (kind: VaultError['kind'], detail: string = kind) =>
  new VaultError({
    kind,
    store: 'kv2',
    verb: 'login',
    path: 'auth/approle/login',
    detail,
  });

function gateway(
  health: Awaited<ReturnType<VaultGateway['health']>>,
  access: VaultAccess = { capabilities: {} },
) {
  return {
    health: jest.fn(async () => health),
    checkAccess: jest.fn(async () => access),
  };
}

const up = {
  store: 'kv2',
  reachable: true,
  initialized: true,
  sealed: false,
  version: '1.21.0',
};

describe('checkStore', () => {
  it('is healthy when Vault answers, the login works and the policy grants every need', async () => {
    const g = gateway(up, {
      capabilities: { 'secret/data/payments/probe': ['create', 'read'] },
    });
    const report = await checkStore(store, g, [need('payments')], now);
    expect(g.checkAccess).toHaveBeenCalledWith(['secret/data/payments/probe']);
    expect(report).toEqual({
      reachable: true,
      initialized: true,
      sealed: false,
      version: '1.21.0',
      loggedIn: true,
      healthy: true,
      problems: [],
      checkedAt: now.toISOString(),
    });
  });

  it('names a policy that denies a prefix, and what to add to which role', async () => {
    const g = gateway(up, {
      capabilities: {
        'secret/data/payments/probe': ['read'],
        'secret/data/shared/probe': ['deny'],
      },
    });
    const report = await checkStore(
      store,
      g,
      [need('payments'), need('shared')],
      now,
    );
    expect(report.healthy).toBe(false);
    expect(report.problems).toEqual([
      {
        cause: 'VaultDenied',
        message: `The engine's Vault policy does not allow read on secret/data/shared/* (allowedPaths prefix "shared")`,
        action: `Add path "secret/data/shared/*" { capabilities = ["read"] } to the policy attached to the AppRole role of secrets.stores.kv2.auth.appRole (auth/approle) (see deploy/vault/backstage-secrets-engine.hcl)`,
        path: 'secret/data/shared/*',
      },
    ]);
    expect(report.error).toBe(report.problems[0].message);
  });

  it('sums up a policy missing many prefixes after the first twenty', async () => {
    const needs = Array.from({ length: 25 }, (_, i) => need(`team-${i}`));
    const report = await checkStore(
      store,
      gateway(up, { capabilities: {} }),
      needs,
      now,
    );
    expect(report.problems).toHaveLength(21);
    expect(report.problems[20].message).toBe(
      '…and 5 more paths the policy does not allow',
    );
  });

  it('says the engine cannot log in, and how to fix the AppRole', async () => {
    const report = await checkStore(
      store,
      gateway(up, {
        loginError: vaultError('loginFailed', 'invalid role or secret ID'),
      }),
      [need('payments')],
      now,
    );
    expect(report).toMatchObject({ healthy: false, loggedIn: false });
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0].cause).toBe('VaultLoginFailed');
    expect(report.problems[0].message).toContain('invalid role or secret ID');
    expect(report.problems[0].action).toMatch(
      /^Issue a new secret-id for the AppRole role \(vault write -f auth\/approle\/role\/<role>\/secret-id\), set it in secrets\.stores\.kv2\.auth\.appRole\.secretId/,
    );
  });

  it('does not try to log in to a sealed, uninitialized or unreachable Vault', async () => {
    const sealed = gateway({ ...up, sealed: true });
    expect((await checkStore(store, sealed, [], now)).problems).toEqual([
      expect.objectContaining({ cause: 'VaultSealed' }),
    ]);
    const fresh = gateway({ ...up, initialized: false });
    expect((await checkStore(store, fresh, [], now)).problems).toEqual([
      expect.objectContaining({ cause: 'VaultNotInitialized' }),
    ]);
    const down = gateway({
      store: 'kv2',
      reachable: false,
      error: 'ECONNREFUSED',
    });
    const report = await checkStore(store, down, [], now);
    expect(report.problems).toEqual([
      expect.objectContaining({
        cause: 'VaultUnreachable',
        message: 'ECONNREFUSED',
      }),
    ]);
    expect(report.reachable).toBe(false);
    for (const g of [sealed, fresh, down])
      expect(g.checkAccess).not.toHaveBeenCalled();
  });

  it('reports a login that meets a sealed or unreachable Vault as that, not as bad credentials', async () => {
    const report = await checkStore(
      store,
      gateway(up, { loginError: vaultError('unreachable', 'ETIMEDOUT') }),
      [],
      now,
    );
    expect(report.problems[0].cause).toBe('VaultUnreachable');
  });

  it('says when Vault refuses the capabilities question itself', async () => {
    const report = await checkStore(
      store,
      gateway(up, { checkError: vaultError('denied', 'permission denied') }),
      [need('payments')],
      now,
    );
    expect(report.loggedIn).toBe(true);
    expect(report.problems[0]).toMatchObject({
      cause: 'VaultCheckFailed',
      action: expect.stringContaining("Keep Vault's default policy"),
    });
  });

  it('names the role of kubernetes auth and the key of a static token', async () => {
    const k8s = testSecretsConfig({
      stores: {
        kv2: {
          server: 'http://127.0.0.1:8200',
          mount: 'secret',
          auth: { kubernetes: { role: 'engine', tokenFile: '/t' } },
          allowedPaths: [{ prefix: 'payments' }],
        },
        kv1: {
          server: 'http://127.0.0.1:8200',
          mount: 'kv',
          kvVersion: 1,
          auth: { token: { value: 'canary-static-token' } },
          allowedPaths: [{ prefix: 'payments' }],
        },
      },
    });
    const denied = await checkStore(
      k8s.stores.get('kv2')!,
      gateway(up, { capabilities: {} }),
      [need('payments')],
      now,
    );
    expect(denied.problems[0].action).toContain(
      'attached to role "engine" of auth/kubernetes',
    );
    const refused = await checkStore(
      k8s.stores.get('kv1')!,
      gateway(up, {
        loginError: vaultError('loginFailed', 'permission denied'),
      }),
      [],
      now,
    );
    expect(refused.problems[0].action).toContain(
      'secrets.stores.kv1.auth.token',
    );
    expect(JSON.stringify(refused)).not.toContain('canary-static-token');
  });
});
