import { createVaultGateway } from './createVaultGateway';
import {
  accessors,
  canary,
  capturingLogger,
  closedPort,
  createAppRole,
  newAccessorsOfRole,
  root,
  keepReading,
  sleep,
  stack,
  storeConfig,
  unique,
} from './__testUtils__/vaultStack';

/** Token lifecycle against the real Vault: reuse, recovery, renewal, revocation, no leaks. */
describe('VaultGateway tokens (real Vault)', () => {
  const info = stack();
  const key = `payments/${unique('tokens')}`;
  const lookupAccessor = (accessor: string) =>
    fetch(`${info.vault.addr}/v1/auth/token/lookup-accessor`, {
      method: 'POST',
      headers: { 'x-vault-token': info.vault.rootToken },
      body: JSON.stringify({ accessor }),
    }).then(r => r.status);

  beforeAll(async () => {
    await root(info, 'POST', `secret/data/${key}`, { data: { v: 'x' } });
  });

  it('1,000 reads log in once and create at most one token', async () => {
    const role = unique('count');
    const auth = await createAppRole(info, role);
    const before = await accessors(info);
    const gateway = createVaultGateway(storeConfig(info, auth), {
      logger: capturingLogger(),
    });
    // The first 200 start together: they must share one in-flight login.
    await Promise.all(Array.from({ length: 200 }, () => gateway.read(key)));
    for (let i = 0; i < 8; i += 1) {
      await Promise.all(Array.from({ length: 100 }, () => gateway.read(key)));
    }
    expect(gateway.stats()).toMatchObject({
      reads: 1000,
      logins: 1,
      errors: 0,
    });
    expect(await newAccessorsOfRole(info, before, role)).toHaveLength(1);
    const total = (await accessors(info)).length;
    // Other suites share this Vault, so the global count is only a sanity bound.
    expect(total - before.length).toBeLessThan(20);

    const [accessor] = await newAccessorsOfRole(info, before, role);
    await gateway.close();
    expect(await lookupAccessor(accessor)).not.toBe(200);
  }, 60_000);

  it('recovers when root revokes its token: logs in again once and retries', async () => {
    const role = unique('revoke');
    const auth = await createAppRole(info, role);
    const before = await accessors(info);
    const logger = capturingLogger();
    const gateway = createVaultGateway(storeConfig(info, auth), { logger });
    await gateway.read(key);
    const [first] = await newAccessorsOfRole(info, before, role);
    await root(info, 'POST', 'auth/token/revoke-accessor', { accessor: first });

    // Concurrent callers all hit the dead token; one new login serves them all.
    const results = await Promise.all(
      Array.from({ length: 20 }, () => gateway.read(key)),
    );
    expect(results.every(r => r.data.v === 'x')).toBe(true);
    expect(gateway.stats()).toMatchObject({ logins: 2, errors: 0 });
    expect(await newAccessorsOfRole(info, before, role)).toHaveLength(1);
    await gateway.close();
  }, 30_000);

  it('a policy denial never causes a second login', async () => {
    const role = unique('deny');
    const gateway = createVaultGateway(
      storeConfig(info, await createAppRole(info, role)),
      {
        logger: capturingLogger(),
      },
    );
    for (let i = 0; i < 5; i += 1) {
      await expect(
        gateway.read('platform/root-credentials'),
      ).rejects.toMatchObject({ kind: 'denied' });
    }
    expect(gateway.stats()).toMatchObject({ logins: 1, errors: 5 });
    await gateway.close();
  });

  it('renews a short-TTL token before it expires', async () => {
    const role = unique('renew');
    const auth = await createAppRole(info, role, {
      token_ttl: '3s',
      token_max_ttl: '60s',
    });
    const gateway = createVaultGateway(storeConfig(info, auth), {
      logger: capturingLogger(),
    });
    await keepReading(gateway, key, { v: 'x' }, 7000);
    const stats = gateway.stats();
    expect(stats.renewals).toBeGreaterThanOrEqual(2);
    expect(stats).toMatchObject({ logins: 1, errors: 0 });
    await gateway.close();
  }, 30_000);

  it('logs in again when renewal reaches the max TTL', async () => {
    const role = unique('maxttl');
    const auth = await createAppRole(info, role, {
      token_ttl: '3s',
      token_max_ttl: '4s',
    });
    const gateway = createVaultGateway(storeConfig(info, auth), {
      logger: capturingLogger(),
    });
    const started = Date.now();
    while (Date.now() - started < 9000) {
      await expect(gateway.read(key)).resolves.toMatchObject({
        data: { v: 'x' },
      });
      await sleep(500);
    }
    expect(gateway.stats().logins).toBeGreaterThanOrEqual(2);
    expect(gateway.stats().errors).toBe(0);
    await gateway.close();
  }, 30_000);

  it('never puts a token, secret_id or secret value in errors or logs', async () => {
    const secretId = canary('secretid');
    const token = canary('token');
    const value = canary('value');
    const role = unique('canary');
    const auth = await createAppRole(info, role, {}, secretId);
    // Root may choose a token's id: a token whose exact text the test knows.
    await root(info, 'POST', 'auth/token/create', {
      id: token,
      policies: ['backstage-secrets-engine'],
      ttl: '1h',
    });
    await root(info, 'POST', `secret/data/${key}-canary`, { data: { value } });
    await root(info, 'POST', 'secret/data/platform/canary', {
      data: { value },
    });
    const logger = capturingLogger();
    const errors: unknown[] = [];
    const collect = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        e => errors.push(e),
      );

    const viaAppRole = createVaultGateway(storeConfig(info, auth), { logger });
    const viaToken = createVaultGateway(
      storeConfig(info, { method: 'token', token: { value: token } }),
      { logger },
    );
    const down = `http://127.0.0.1:${await closedPort()}`;
    const unreachable = [
      createVaultGateway(storeConfig(info, auth, { server: down }), { logger }),
      createVaultGateway(
        storeConfig(
          info,
          { method: 'token', token: { value: token } },
          { server: down },
        ),
        { logger },
      ),
    ];
    const badSecretId = createVaultGateway(
      storeConfig(info, { ...auth, secretId: `${secretId}-wrong` } as any),
      { logger },
    );
    const badToken = createVaultGateway(
      storeConfig(info, {
        method: 'token',
        token: { value: `${token}-wrong` },
      }),
      { logger },
    );

    for (const g of [viaAppRole, viaToken]) {
      await expect(g.read(`${key}-canary`)).resolves.toMatchObject({
        data: { value },
      });
      await collect(g.read('platform/canary'));
      await collect(g.read(`${key}-canary`, { version: 9 }));
      await collect(g.metadata('platform/canary'));
    }
    await root(info, 'DELETE', `secret/data/${key}-canary`);
    await collect(viaAppRole.read(`${key}-canary`));
    for (const g of [...unreachable, badSecretId, badToken]) {
      await collect(g.read(`${key}-canary`));
      await g.health();
    }
    // A configured token revoked behind the gateway's back: 403, lookup-self, loginFailed.
    await root(info, 'POST', 'auth/token/revoke', { token });
    await collect(viaToken.read(`${key}-canary`));

    expect(errors.length).toBe(12);
    expect(errors.map(e => (e as any).kind).sort()).toEqual([
      'denied',
      'denied',
      'denied',
      'denied',
      'loginFailed',
      'loginFailed',
      'loginFailed',
      'notFound',
      'notFound',
      'notFound',
      'unreachable',
      'unreachable',
    ]);
    const haystacks = [
      ...errors.flatMap(e => [
        JSON.stringify(e),
        (e as Error).message,
        String((e as Error).cause),
        String(e),
      ]),
      ...logger.lines,
    ];
    for (const needle of [token, secretId, value]) {
      for (const hay of haystacks) expect(hay).not.toContain(needle);
    }
    for (const g of [
      viaAppRole,
      viaToken,
      badSecretId,
      badToken,
      ...unreachable,
    ])
      await g.close();
  }, 30_000);
});
