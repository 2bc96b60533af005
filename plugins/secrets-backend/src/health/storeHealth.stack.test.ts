import type { StoreAuthConfig } from '../config';
import { createVaultGateway } from '../vault';
import {
  accessors,
  capturingLogger,
  newAccessorsOfRole,
  root,
  stack,
  storeConfig,
  unique,
} from '../vault/__testUtils__/vaultStack';
import { testVaultRole } from './__testUtils__/testIdentities';
import { storeNeeds } from './needs';
import { checkStore } from './storeHealth';

/**
 * Store health against the real Vault: a fresh login and `sys/capabilities-self` show a
 * revoked AppRole secret-id and a policy edited to deny, and their fixes. Everything is
 * this suite's own (role, policy, prefix): the shared engine role and policy are not
 * touched.
 */

jest.setTimeout(60_000);

const info = stack();
const id = unique('health-store');
const roleName = `${id}-role`;
const prefix = `${id}-team`;

describe('store health (real Vault)', () => {
  let vaultRole: Awaited<ReturnType<typeof testVaultRole>>;
  let auth: Extract<StoreAuthConfig, { method: 'appRole' }>;
  const logger = capturingLogger();

  beforeAll(async () => {
    vaultRole = await testVaultRole(info, roleName, prefix);
    auth = vaultRole.auth;
    await root(info, 'POST', `secret/data/${prefix}/app`, {
      data: { password: 'not-checked-here' },
    });
  });

  afterAll(async () => {
    await vaultRole?.remove();
    await root(info, 'DELETE', `secret/metadata/${prefix}/app`).catch(
      () => undefined,
    );
  });

  const setup = () => {
    const store = storeConfig(info, auth, {
      name: 'health-store',
      allowedPaths: [{ prefix }],
      loginBackoff: { initialMs: 1000, maxMs: 1000 },
    });
    const gateway = createVaultGateway(store, { logger });
    const check = () =>
      checkStore(store, gateway, storeNeeds(store, []), new Date());
    return { gateway, check };
  };

  it('is healthy when the role logs in and its policy grants the prefix; the probe token is revoked', async () => {
    const { gateway, check } = setup();
    const before = await accessors(info);
    const report = await check();
    expect(report).toMatchObject({
      reachable: true,
      sealed: false,
      loggedIn: true,
      healthy: true,
      problems: [],
    });
    expect(await newAccessorsOfRole(info, before, roleName)).toEqual([]);
    // Not counted as the engine's own logins.
    expect(gateway.stats().logins).toBe(0);
    await gateway.close();
  });

  it('shows a policy edited to deny the prefix, and its fix, each at the next check', async () => {
    const { gateway, check } = setup();
    try {
      await vaultRole.deny();
      const denied = await check();
      expect(denied.healthy).toBe(false);
      expect(denied.loggedIn).toBe(true);
      expect(denied.problems).toEqual([
        {
          cause: 'VaultDenied',
          message: `The engine's Vault policy does not allow read on secret/data/${prefix}/* (allowedPaths prefix "${prefix}")`,
          action: `Add path "secret/data/${prefix}/*" { capabilities = ["read"] } to the policy attached to the AppRole role of secrets.stores.health-store.auth.appRole (auth/approle) (see deploy/vault/backstage-secrets-engine.hcl)`,
          path: `secret/data/${prefix}/*`,
        },
      ]);
      await vaultRole.allow();
      expect(await check()).toMatchObject({ healthy: true, problems: [] });
    } finally {
      await vaultRole.allow();
      await gateway.close();
    }
  });

  it('shows a revoked secret-id although the current token still reads, and recovers once it is back', async () => {
    const { gateway, check } = setup();
    try {
      // The engine's session logs in once and keeps its token.
      await expect(gateway.read(`${prefix}/app`)).resolves.toBeDefined();
      await vaultRole.revokeSecretId();
      // Vault keeps the issued token alive: only a new login shows the problem.
      await expect(gateway.read(`${prefix}/app`)).resolves.toBeDefined();
      const refused = await check();
      expect(refused).toMatchObject({ healthy: false, loggedIn: false });
      expect(refused.problems).toHaveLength(1);
      expect(refused.problems[0]).toMatchObject({
        cause: 'VaultLoginFailed',
        message: expect.stringMatching(
          /^The engine cannot log in to store "health-store" with appRole: .*login auth\/approle\/login failed, loginFailed \(HTTP 400\)/,
        ),
        action: expect.stringMatching(
          /^Issue a new secret-id for the AppRole role/,
        ),
      });
      const text = JSON.stringify(refused);
      expect(text).not.toContain(auth.secretId);
      expect(text).not.toContain(auth.roleId);

      // Until the hold after the refusal ends, the check repeats it without a login.
      const held = await check();
      expect(held.problems[0].message).toMatch(
        /HTTP 400\): invalid role or secret ID — not sent again until /,
      );

      // Fixed: the secret-id the configuration holds is valid again.
      await vaultRole.restoreSecretId();
      await new Promise(r => setTimeout(r, 1100));
      expect(await check()).toMatchObject({ healthy: true, loggedIn: true });
    } finally {
      await gateway.close();
    }
    expect(logger.lines.join('\n')).not.toContain(auth.secretId);
  });
});
