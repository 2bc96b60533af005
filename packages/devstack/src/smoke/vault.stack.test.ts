import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { DEMO } from '../bootstrap/demoData.ts';
import {
  canary,
  requestEngineToken,
  stack,
  statusOf,
  vaultClient,
} from './__testUtils__/clients.ts';
import nodeVault from 'node-vault';

/**
 * Proves the stack's Vault is real and bootstrapped as the engine will use it: each auth
 * method the seeds use logs in and reads a KV v2 and a KV v1 value; wrong identities are refused.
 */
describe('local Vault (real server)', () => {
  const info = stack();
  const kv2Path = `payments/smoke-${Date.now()}`;
  const kv1Path = `payments/smoke-v1-${Date.now()}`;
  const kv2Value = canary('kv2');
  const kv1Value = canary('kv1');

  beforeAll(async () => {
    const root = vaultClient(info, info.vault.rootToken);
    await root.write(`secret/data/${kv2Path}`, {
      data: { password: kv2Value },
    });
    await root.write(`kv/${kv1Path}`, { password: kv1Value });
  });

  async function readBoth(token: string) {
    const vault = vaultClient(info, token);
    const v2 = await vault.read(`secret/data/${kv2Path}`);
    const v1 = await vault.read(`kv/${kv1Path}`);
    return {
      kv2: v2.data.data.password,
      kv1: v1.data.password,
      kv2Version: v2.data.metadata.version,
    };
  }

  it('serves HTTPS only, under a CA a client must be given', async () => {
    expect(info.vault.addr).toMatch(/^https:/);
    // Plain HTTP on the same port is answered with an error, never with data.
    const plain = await fetch(
      `${info.vault.addr.replace('https:', 'http:')}/v1/sys/health`,
    );
    expect(plain.status).toBe(400);
    // A fresh process (this one trusts the stack's CA for test setup) is refused.
    const code = execFileSync(
      process.execPath,
      [
        '-e',
        `fetch(${JSON.stringify(
          info.vault.addr,
        )} + '/v1/sys/health').then(() => console.log('trusted'), e => console.log(e.cause?.code))`,
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH } },
    ).trim();
    expect(code).toMatch(/CERT|UNABLE_TO_VERIFY/);
  });

  it('cert auth: logs in with the engine client certificate (mutual TLS)', async () => {
    const { cert } = info.vault.engine;
    const vault = nodeVault({
      apiVersion: 'v1',
      endpoint: info.vault.addr,
      requestOptions: {
        ca: info.vault.caPem,
        cert: fs.readFileSync(cert.clientCertFile, 'utf8'),
        key: fs.readFileSync(cert.clientKeyFile, 'utf8'),
      },
      noCustomHTTPVerbs: false,
    });
    const login = await vault.write(`auth/${cert.path}/login`, {
      name: cert.role,
    });
    await expect(readBoth(login.auth.client_token)).resolves.toEqual({
      kv2: kv2Value,
      kv1: kv1Value,
      kv2Version: 1,
    });
    // Without the certificate the same login is refused.
    await expect(
      vaultClient(info).write(`auth/${cert.path}/login`, { name: cert.role }),
    ).rejects.toThrow(/client certificate must be supplied/);
  });

  it('token auth: reads KV v2 and KV v1 with the engine token', async () => {
    await expect(readBoth(info.vault.engine.token)).resolves.toEqual({
      kv2: kv2Value,
      kv1: kv1Value,
      kv2Version: 1,
    });
  });

  it('kubernetes auth: logs in with a TokenRequest-issued token (Vault calls TokenReview)', async () => {
    const jwt = await requestEngineToken(info);
    // node-vault builds this path from mount_point; without it the request goes to "/auth//login".
    const login = await vaultClient(info).kubernetesLogin({
      role: info.vault.engine.kubernetes.role,
      jwt,
      mount_point: info.vault.engine.kubernetes.mountPath,
    });
    expect(login.auth.policies).toContain(DEMO.enginePolicy);
    expect(login.auth.metadata.service_account_name).toBe(
      DEMO.engineServiceAccount,
    );
    await expect(readBoth(login.auth.client_token)).resolves.toMatchObject({
      kv2: kv2Value,
      kv1: kv1Value,
    });
  });

  it('jwt auth: logs in with a TokenRequest token whose audience is "vault"', async () => {
    const jwt = await requestEngineToken(info, [
      info.vault.engine.jwt.audience,
    ]);
    const login = await vaultClient(info).write(
      `auth/${info.vault.engine.jwt.path}/login`,
      {
        role: info.vault.engine.jwt.role,
        jwt,
      },
    );
    expect(login.auth.policies).toContain(DEMO.enginePolicy);
    await expect(readBoth(login.auth.client_token)).resolves.toMatchObject({
      kv2: kv2Value,
      kv1: kv1Value,
    });
  });

  it('approle auth: logs in with role_id and secret_id', async () => {
    const { roleId, secretId } = info.vault.engine.appRole;
    const login = await vaultClient(info).approleLogin({
      role_id: roleId,
      secret_id: secretId,
    });
    expect(login.auth.policies).toContain(DEMO.enginePolicy);
    await expect(readBoth(login.auth.client_token)).resolves.toMatchObject({
      kv2: kv2Value,
      kv1: kv1Value,
    });
  });

  it('kubernetes auth refuses a role the service account is not bound to', async () => {
    const jwt = await requestEngineToken(info);
    const status = await statusOf(
      vaultClient(info).kubernetesLogin({
        role: 'no-such-role',
        jwt,
        mount_point: info.vault.engine.kubernetes.mountPath,
      }),
    );
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });

  it('jwt auth refuses a token whose audience is not "vault"', async () => {
    const jwt = await requestEngineToken(info, ['not-vault']);
    const status = await statusOf(
      vaultClient(info).write(`auth/${info.vault.engine.jwt.path}/login`, {
        role: info.vault.engine.jwt.role,
        jwt,
      }),
    );
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });

  it('the engine policy denies paths outside the team prefixes', async () => {
    const status = await statusOf(
      vaultClient(info, info.vault.engine.token).read(
        'secret/data/platform/root-credentials',
      ),
    );
    expect(status).toBe(403);
  });
});
