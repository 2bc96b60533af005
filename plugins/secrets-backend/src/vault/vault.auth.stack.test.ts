import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StoreAuthConfig } from '../config';
import { createVaultGateway } from './createVaultGateway';
import {
  canary,
  capturingLogger,
  engineAppRole,
  kubeTokenSource,
  root,
  stack,
  storeConfig,
  unique,
} from './__testUtils__/vaultStack';

/** Each auth method reads a KV v2 and a KV v1 value from the real Vault. */
describe('VaultGateway auth methods (real Vault)', () => {
  const info = stack();
  const key = `payments/${unique('auth')}`;
  const v2Value = canary('kv2');
  const v1Value = canary('kv1');
  const logger = capturingLogger();
  const tokenSource = kubeTokenSource(info);
  const sa = {
    namespace: info.kubernetes.engineNamespace,
    name: info.kubernetes.engineServiceAccount,
    expirationSeconds: 600,
  };

  beforeAll(async () => {
    await root(info, 'POST', `secret/data/${key}`, {
      data: { password: v2Value },
    });
    await root(info, 'POST', `kv/${key}`, { password: v1Value });
  });

  async function readBoth(auth: StoreAuthConfig) {
    const v2 = createVaultGateway(storeConfig(info, auth), {
      logger,
      tokenSource,
    });
    const v1 = createVaultGateway(
      storeConfig(info, auth, { mount: 'kv', kvVersion: 1 }),
      { logger, tokenSource },
    );
    try {
      const a = await v2.read(key);
      const b = await v1.read(key);
      return {
        kv2: a.data.password,
        kv2Version: a.version,
        kv1: b.data.password,
        kv1Version: b.version,
        logins: v2.stats().logins + v1.stats().logins,
      };
    } finally {
      await v2.close();
      await v1.close();
    }
  }

  const expected = (logins: number) => ({
    kv2: v2Value,
    kv2Version: 1,
    kv1: v1Value,
    kv1Version: undefined,
    logins,
  });

  it('token (value)', async () => {
    await expect(
      readBoth({ method: 'token', token: { value: info.vault.engine.token } }),
    ).resolves.toEqual(expected(0));
  });

  it('token (env and file)', async () => {
    const env = 'VAULT_GATEWAY_TEST_TOKEN';
    process.env[env] = info.vault.engine.token;
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'vgw-')),
      'token',
    );
    fs.writeFileSync(file, `${info.vault.engine.token}\n`);
    await expect(
      readBoth({ method: 'token', token: { env } }),
    ).resolves.toEqual(expected(0));
    await expect(
      readBoth({ method: 'token', token: { file } }),
    ).resolves.toEqual(expected(0));
    delete process.env[env];
  });

  it('appRole', async () => {
    await expect(readBoth(engineAppRole(info))).resolves.toEqual(expected(2));
  });

  it('userpass', async () => {
    await expect(
      readBoth({ method: 'userpass', ...info.vault.engine.userpass }),
    ).resolves.toEqual(expected(2));
  });

  it('userpass with a wrong password fails with loginFailed, naming neither password', async () => {
    const wrong = canary('wrong-password');
    const gateway = createVaultGateway(
      storeConfig(info, {
        method: 'userpass',
        ...info.vault.engine.userpass,
        password: wrong,
      }),
      { logger, tokenSource },
    );
    const error = await gateway.read(key).catch(e => e);
    expect(error).toMatchObject({
      name: 'VaultError',
      kind: 'loginFailed',
      message: expect.stringContaining(
        `login auth/userpass/login/${info.vault.engine.userpass.username} failed`,
      ),
    });
    expect(String(error.message)).not.toContain(wrong);
    expect(String(error.message)).not.toContain(
      info.vault.engine.userpass.password,
    );
    expect(gateway.stats()).toMatchObject({ logins: 0, errors: 1 });
    const logged = logger.lines.join('\n');
    expect(logged).not.toContain(wrong);
    expect(logged).not.toContain(info.vault.engine.userpass.password);
    await gateway.close();
  });

  /**
   * An AppRole mount of its own whose role `engine` is locked out after `threshold` failed
   * logins; `use` gets the mount and role-id, and the mount is removed afterwards.
   */
  async function withLockoutMount(
    threshold: number,
    use: (mount: string, roleId: string) => Promise<void>,
  ) {
    const mount = unique('lockout');
    await root(info, 'POST', `sys/auth/${mount}`, { type: 'approle' });
    try {
      await root(info, 'POST', `sys/auth/${mount}/tune`, {
        user_lockout_config: {
          lockout_threshold: String(threshold),
          lockout_duration: '10m',
          lockout_counter_reset: '10m',
        },
      });
      await root(info, 'POST', `auth/${mount}/role/engine`, {
        token_policies: ['backstage-secrets-engine'],
      });
      const roleId = (
        await root(info, 'GET', `auth/${mount}/role/engine/role-id`)
      ).data.role_id;
      await use(mount, roleId);
    } finally {
      await root(info, 'DELETE', `sys/auth/${mount}`);
    }
  }

  it('a login Vault has locked out says so, even with the right secret-id', async () => {
    // Locked out after one failed login.
    await withLockoutMount(1, async (mount, roleId) => {
      const secretId = (
        await root(info, 'POST', `auth/${mount}/role/engine/secret-id`, {})
      ).data.secret_id;
      const login = async (secret: string) => {
        const gateway = createVaultGateway(
          storeConfig(info, {
            method: 'appRole',
            path: mount,
            roleId,
            secretId: secret,
          }),
          { logger, tokenSource },
        );
        try {
          return await gateway.read(key).catch(e => e);
        } finally {
          await gateway.close();
        }
      };
      const wrong = await login(canary('wrong-secret-id'));
      expect(wrong).toMatchObject({ kind: 'loginFailed' });
      expect(wrong.message).toContain('invalid role or secret ID');
      const locked = await login(secretId);
      expect(locked).toMatchObject({ kind: 'loginFailed', status: 403 });
      expect(locked.message).toContain(
        'Vault answers a login this way while it has locked the role or user out after repeated failed logins (user lockout',
      );
      expect(locked.message).not.toContain(secretId);
    });
  });

  it('spaces out logins Vault refused, so a fixed credential is not met by a lockout', async () => {
    // Locked out at the second failed login: without the spacing, the reads and health
    // checks below would lock it out, and the fixed secret-id would be refused too.
    await withLockoutMount(2, async (mount, roleId) => {
      const secretId = canary('not-yet-issued');
      const gateway = createVaultGateway(
        storeConfig(
          info,
          { method: 'appRole', path: mount, roleId, secretId },
          { loginBackoff: { initialMs: 3000, maxMs: 3000 } },
        ),
        { logger, tokenSource },
      );
      try {
        const first = await gateway.read(key).catch(e => e);
        expect(first).toMatchObject({ kind: 'loginFailed', status: 400 });
        expect(first.message).toContain('invalid role or secret ID');
        const later = [];
        for (let i = 0; i < 5; i++) {
          later.push(await gateway.read(key).catch(e => e));
          later.push((await gateway.checkAccess([key])).loginError);
        }
        for (const held of later) {
          expect(held).toMatchObject({ kind: 'loginFailed', status: 400 });
          expect(held.message).toMatch(
            /invalid role or secret ID — not sent again until \d{4}-\d\d-\d\dT[\d:.]+Z, so that repeated failed logins do not make Vault lock the role out \(secrets\.stores\.test-store\.loginBackoff\)$/,
          );
        }
        // The operator issues the credential; the next login, after the hold, succeeds.
        await root(info, 'POST', `auth/${mount}/role/engine/custom-secret-id`, {
          secret_id: secretId,
        });
        await new Promise(r => setTimeout(r, 3100));
        await expect(gateway.read(key)).resolves.toMatchObject({
          data: { password: v2Value },
        });
        expect(gateway.stats().logins).toBe(1);
        expect(logger.lines.join('\n')).not.toContain(secretId);
      } finally {
        await gateway.close();
      }
    });
  });

  it('kubernetes, with a TokenRequest-issued ServiceAccount token', async () => {
    await expect(
      readBoth({
        method: 'kubernetes',
        path: info.vault.engine.kubernetes.mountPath,
        role: info.vault.engine.kubernetes.role,
        serviceAccountRef: sa,
      }),
    ).resolves.toEqual(expected(2));
  });

  it('kubernetes, with a token file', async () => {
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'vgw-')),
      'sa-token',
    );
    fs.writeFileSync(
      file,
      await tokenSource.requestToken({ ...sa, serviceAccount: sa.name }),
    );
    await expect(
      readBoth({
        method: 'kubernetes',
        path: info.vault.engine.kubernetes.mountPath,
        role: info.vault.engine.kubernetes.role,
        tokenFile: file,
      }),
    ).resolves.toEqual(expected(2));
  });

  it('jwt, with a ServiceAccount token whose audience is "vault"', async () => {
    await expect(
      readBoth({
        method: 'jwt',
        path: info.vault.engine.jwt.path,
        role: info.vault.engine.jwt.role,
        serviceAccountRef: {
          ...sa,
          audiences: [info.vault.engine.jwt.audience],
        },
      }),
    ).resolves.toEqual(expected(2));
  });

  it('jwt with the wrong audience fails with loginFailed', async () => {
    const gateway = createVaultGateway(
      storeConfig(info, {
        method: 'jwt',
        path: info.vault.engine.jwt.path,
        role: info.vault.engine.jwt.role,
        serviceAccountRef: { ...sa, audiences: ['not-vault'] },
      }),
      { logger, tokenSource },
    );
    await expect(gateway.read(key)).rejects.toMatchObject({
      name: 'VaultError',
      kind: 'loginFailed',
      message: expect.stringContaining('login auth/jwt/login failed'),
    });
    expect(gateway.stats()).toMatchObject({ logins: 0, errors: 1 });
  });

  it('serviceAccountRef without a token source fails with loginFailed', async () => {
    const gateway = createVaultGateway(
      storeConfig(info, {
        method: 'kubernetes',
        path: 'kubernetes',
        role: info.vault.engine.kubernetes.role,
        serviceAccountRef: sa,
      }),
      { logger },
    );
    await expect(gateway.read(key)).rejects.toMatchObject({
      kind: 'loginFailed',
      message: expect.stringContaining('no ServiceAccount token source'),
    });
  });

  it('KV v2 mounted at "data" round-trips the key "data/app/data"', async () => {
    const mounts = await root(info, 'GET', 'sys/mounts');
    if (!mounts.data['data/']) {
      await root(info, 'POST', 'sys/mounts/data', {
        type: 'kv',
        options: { version: '2' },
      });
    }
    const value = canary('data-mount');
    // Written by root at the path Vault defines: <mount>/data/<key>.
    // The version Vault gave it: a stack kept running between test runs has older ones.
    const version = (
      await root(info, 'POST', 'data/data/data/app/data', { data: { value } })
    ).data.version;
    const gateway = createVaultGateway(
      storeConfig(
        info,
        { method: 'token', token: { value: info.vault.rootToken } },
        { mount: 'data' },
      ),
      { logger },
    );
    await expect(gateway.read('data/app/data')).resolves.toMatchObject({
      data: { value },
      version,
    });
    await expect(gateway.list('data/app')).resolves.toEqual(['data']);
    await expect(gateway.list('')).resolves.toEqual(['data/']);
    await expect(gateway.metadata('data/app/data')).resolves.toMatchObject({
      currentVersion: version,
    });
    await gateway.close();
  });
});
