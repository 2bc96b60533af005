import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { StoreAuthConfig } from '../config';
import { startTcpProxy } from '../__testUtils__/tcpProxy';
import { createVaultGateway } from './createVaultGateway';
import {
  canary,
  capturingLogger,
  engineAppRole,
  root,
  keepReading,
  stack,
  storeConfig,
  unique,
} from './__testUtils__/vaultStack';

/** A throwaway CA and a client certificate from it, made with openssl like the stack's own. */
function foreignClientCertificate(dir: string, cn: string) {
  const run = (args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'].concat([
      '-subj',
      '/CN=foreign-ca',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
    ]),
  );
  run(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${cn}`].concat([
      '-keyout',
      'client.key',
      '-out',
      'client.csr',
    ]),
  );
  fs.writeFileSync(path.join(dir, 'ext'), 'extendedKeyUsage=clientAuth\n');
  run(
    [
      'x509',
      '-req',
      '-in',
      'client.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
    ].concat([
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      'ext',
      '-out',
      'client.crt',
    ]),
  );
  return {
    cert: fs.readFileSync(path.join(dir, 'client.crt'), 'utf8'),
    key: fs.readFileSync(path.join(dir, 'client.key'), 'utf8'),
    caPem: fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8'),
  };
}

/** The stack's Vault serves HTTPS only: CA handling, and the cert method's mutual TLS. */
describe('VaultGateway over TLS (real Vault)', () => {
  const info = stack();
  const key = `payments/${unique('tls')}`;
  const value = canary('tls');
  const logger = capturingLogger();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vgw-tls-'));
  const certAuth: StoreAuthConfig = {
    method: 'cert',
    path: info.vault.engine.cert.path,
    role: info.vault.engine.cert.role,
    clientCert: { file: info.vault.engine.cert.clientCertFile },
    clientKey: { file: info.vault.engine.cert.clientKeyFile },
  };

  beforeAll(async () => {
    await root(info, 'POST', `secret/data/${key}`, {
      data: { password: value },
    });
    await root(info, 'POST', `kv/${key}`, { password: value });
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('serves HTTPS only', () => {
    expect(info.vault.addr).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('caFile: the CA read from a file', async () => {
    const gateway = createVaultGateway(
      storeConfig(info, engineAppRole(info), {
        caBundle: undefined,
        caFile: info.vault.caFile,
      }),
      { logger },
    );
    await expect(gateway.read(key)).resolves.toMatchObject({
      data: { password: value },
    });
    await gateway.close();
  });

  it.each([
    ['a token store', engineAppRole],
    ['cert auth (mutual TLS)', () => certAuth],
  ])('%s keeps its TLS connections and reuses them', async (_what, auth) => {
    // Through a proxy that counts the connections it accepts.
    const proxy = await startTcpProxy(info.vault.addr);
    const gateway = createVaultGateway(
      storeConfig(info, auth(info), { server: proxy.url }),
      { logger },
    );
    try {
      for (let i = 0; i < 20; i++)
        await expect(gateway.read(key)).resolves.toMatchObject({
          data: { password: value },
        });
      // One connection for the login and the reads that follow it, not one per request.
      expect(proxy.accepted()).toBe(1);
    } finally {
      await gateway.close();
      await proxy.close();
    }
  });

  it('a CA that did not sign Vault’s certificate fails as unreachable, saying what to set', async () => {
    const gateway = createVaultGateway(
      // The cluster's CA: a real CA, just not Vault's.
      storeConfig(info, engineAppRole(info), {
        caBundle: info.kubernetes.caPem,
      }),
      { logger },
    );
    const error = await gateway.read(key).catch(e => e);
    expect(error).toMatchObject({ name: 'VaultError', kind: 'unreachable' });
    expect(error.message).toContain(
      "Vault's TLS certificate is not signed by a CA this store trusts: set secrets.stores.test-store.caBundle or caFile",
    );
    // Nothing was sent: no login happened, the AppRole secret stays out of the message.
    expect(error.message).not.toContain(info.vault.engine.appRole.secretId);
    expect(gateway.stats()).toMatchObject({ logins: 0 });
    await gateway.close();
  });

  it('a certificate that does not name the host fails, saying so', async () => {
    // The same server reached as 127.0.0.2, a name its certificate lacks (it names
    // 127.0.0.1 and localhost): a loopback relay, since Vault listens on 127.0.0.1 only.
    const vaultPort = Number(new URL(info.vault.addr).port);
    const relay = net.createServer(socket => {
      const upstream = net.connect(vaultPort, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>(resolve => relay.listen(0, '127.0.0.2', resolve));
    const { port } = relay.address() as net.AddressInfo;
    const gateway = createVaultGateway(
      storeConfig(info, engineAppRole(info), {
        server: `https://127.0.0.2:${port}`,
      }),
      { logger },
    );
    try {
      const error = await gateway.read(key).catch(e => e);
      expect(error).toMatchObject({ name: 'VaultError', kind: 'unreachable' });
      expect(error.message).toContain(
        "Vault's TLS certificate does not name the host of secrets.stores.test-store.server",
      );
    } finally {
      await gateway.close();
      await new Promise(resolve => relay.close(resolve));
    }
  });

  it('cert auth (files, with a role) reads KV v2 and KV v1', async () => {
    for (const extra of [{}, { mount: 'kv', kvVersion: 1 as const }]) {
      const gateway = createVaultGateway(storeConfig(info, certAuth, extra), {
        logger,
      });
      await expect(gateway.read(key)).resolves.toMatchObject({
        data: { password: value },
      });
      expect(gateway.stats()).toMatchObject({ logins: 1, errors: 0 });
      await gateway.close();
    }
  });

  it('cert auth (inline PEM, no role: Vault picks the role that trusts it)', async () => {
    const gateway = createVaultGateway(
      storeConfig(info, {
        method: 'cert',
        path: 'cert',
        clientCert: {
          value: fs.readFileSync(info.vault.engine.cert.clientCertFile, 'utf8'),
        },
        clientKey: {
          value: fs.readFileSync(info.vault.engine.cert.clientKeyFile, 'utf8'),
        },
      }),
      { logger },
    );
    await expect(gateway.read(key)).resolves.toMatchObject({
      data: { password: value },
    });
    await gateway.close();
  });

  it('cert auth renews its token presenting the same certificate', async () => {
    // A role like the engine's, with a 3 s token: the gateway must renew several times.
    const role = unique('cert-renew');
    await root(info, 'POST', `auth/cert/certs/${role}`, {
      certificate: (
        await root(
          info,
          'GET',
          `auth/cert/certs/${info.vault.engine.cert.role}`,
        )
      ).data.certificate,
      token_policies: ['backstage-secrets-engine'],
      token_ttl: '3s',
      token_max_ttl: '60s',
    });
    const gateway = createVaultGateway(
      storeConfig(info, { ...certAuth, role } as StoreAuthConfig),
      { logger },
    );
    await keepReading(gateway, key, { password: value }, 7000);
    const stats = gateway.stats();
    expect(stats.renewals).toBeGreaterThanOrEqual(2);
    expect(stats).toMatchObject({ logins: 1, errors: 0 });
    await gateway.close();
  }, 30_000);

  it('a client certificate from a CA no role trusts fails as loginFailed; the key stays out', async () => {
    const foreign = foreignClientCertificate(tmp, 'backstage-secrets-engine');
    const gateway = createVaultGateway(
      storeConfig(info, {
        method: 'cert',
        path: 'cert',
        role: info.vault.engine.cert.role,
        clientCert: { value: foreign.cert },
        clientKey: { value: foreign.key },
      }),
      { logger },
    );
    const error = await gateway.read(key).catch(e => e);
    expect(error).toMatchObject({ name: 'VaultError', kind: 'loginFailed' });
    expect(error.message).toContain('login auth/cert/login failed');
    const keyBody = foreign.key.split('\n')[1];
    expect(error.message).not.toContain(keyBody);
    expect(logger.lines.join('\n')).not.toContain(keyBody);
    await gateway.close();
  });

  it('a key that is not the certificate’s fails before any request, naming the certificate', async () => {
    const foreign = foreignClientCertificate(tmp, 'someone-else');
    const gateway = createVaultGateway(
      storeConfig(info, {
        ...certAuth,
        clientKey: { value: foreign.key },
      } as StoreAuthConfig),
      { logger },
    );
    const error = await gateway.read(key).catch(e => e);
    expect(error).toMatchObject({ name: 'VaultError', kind: 'loginFailed' });
    expect(error.message).toContain(
      'the client key does not belong to the client certificate (CN=backstage-secrets-engine)',
    );
    await gateway.close();
  });

  it('a missing key file fails as loginFailed naming the file', async () => {
    const missing = path.join(tmp, 'absent.key');
    const gateway = createVaultGateway(
      storeConfig(info, {
        ...certAuth,
        clientKey: { file: missing },
      } as StoreAuthConfig),
      { logger },
    );
    await expect(gateway.read(key)).rejects.toMatchObject({
      kind: 'loginFailed',
      message: expect.stringContaining(
        `cannot read the client key file ${missing} (ENOENT)`,
      ),
    });
    await gateway.close();
  });
});
