import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createVaultGateway } from './createVaultGateway';
import { VaultError } from './errors';
import {
  capturingLogger,
  closedPort,
  engineAppRole,
  root,
  stack,
  storeConfig,
  unique,
} from './__testUtils__/vaultStack';

/** KV verbs, failures and transport options against the real Vault. */
describe('VaultGateway KV and health (real Vault)', () => {
  const info = stack();
  const logger = capturingLogger();
  const engineToken = {
    method: 'token' as const,
    token: { value: info.vault.engine.token },
  };
  const folder = `payments/${unique('kv')}`;
  const kv2 = createVaultGateway(storeConfig(info, engineAppRole(info)), {
    logger,
  });
  const kv1 = createVaultGateway(
    storeConfig(info, engineToken, { mount: 'kv', kvVersion: 1 }),
    { logger },
  );

  beforeAll(async () => {
    for (const n of [1, 2, 3]) {
      await root(info, 'POST', `secret/data/${folder}/versioned`, {
        data: { n },
      });
    }
    await root(info, 'POST', `secret/data/${folder}/nested/a`, {
      data: { a: 1 },
    });
    await root(info, 'POST', `kv/${folder}/legacy`, { token: 'x' });
  });

  afterAll(async () => {
    await kv2.close();
    await kv1.close();
  });

  it('reads the latest version with its metadata', async () => {
    await expect(kv2.read(`${folder}/versioned`)).resolves.toEqual({
      data: { n: 3 },
      version: 3,
      createdTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('reads a pinned version', async () => {
    await expect(
      kv2.read(`${folder}/versioned`, { version: 1 }),
    ).resolves.toMatchObject({
      data: { n: 1 },
      version: 1,
    });
  });

  it('lists keys; folders end with "/"', async () => {
    await expect(kv2.list(folder)).resolves.toEqual(['nested/', 'versioned']);
    await expect(kv2.list(`${folder}/nested/`)).resolves.toEqual(['a']);
    await expect(kv2.list(`${folder}/empty`)).resolves.toEqual([]);
    await expect(kv1.list(folder)).resolves.toEqual(['legacy']);
    expect(kv2.stats().lists).toBe(3);
  });

  it('denied: a path outside the engine policy, without a second login', async () => {
    const err = await kv2.read('platform/root-credentials').catch(e => e);
    expect(err).toBeInstanceOf(VaultError);
    expect(err).toMatchObject({
      kind: 'denied',
      status: 403,
      store: 'test-store',
      verb: 'read',
      path: 'secret/data/platform/root-credentials',
    });
    expect(err.message).toMatch(
      /^Vault store "test-store": read secret\/data\/platform\/root-credentials failed, denied \(HTTP 403\): permission denied/,
    );
    expect(kv2.stats().logins).toBe(1);
  });

  it('notFound: a missing secret', async () => {
    await expect(kv2.read(`${folder}/missing`)).rejects.toMatchObject({
      kind: 'notFound',
      status: 404,
    });
    await expect(kv1.read(`${folder}/missing`)).rejects.toMatchObject({
      kind: 'notFound',
    });
    await expect(kv2.metadata(`${folder}/missing`)).rejects.toMatchObject({
      kind: 'notFound',
    });
  });

  it('notFound: deleted and destroyed versions', async () => {
    const key = `${folder}/deleted`;
    await root(info, 'POST', `secret/data/${key}`, { data: { v: 1 } });
    await root(info, 'POST', `secret/data/${key}`, { data: { v: 2 } });
    await root(info, 'DELETE', `secret/data/${key}`);
    await root(info, 'POST', `secret/destroy/${key}`, { versions: [1] });
    await expect(kv2.read(key)).rejects.toMatchObject({
      kind: 'notFound',
      message: expect.stringContaining('version 2 is deleted'),
    });
    await expect(kv2.read(key, { version: 1 })).rejects.toMatchObject({
      kind: 'notFound',
      message: expect.stringContaining('version 1 is destroyed'),
    });
    const meta = await kv2.metadata(key);
    expect(meta).toMatchObject({ currentVersion: 2, oldestVersion: 0 });
    expect(meta.versions[1]).toMatchObject({ destroyed: true });
    expect(meta.versions[2]).toMatchObject({
      destroyed: false,
      deletionTime: expect.stringMatching(/^\d{4}-/),
    });
  });

  it('metadata lists every version', async () => {
    const meta = await kv2.metadata(`${folder}/versioned`);
    expect(meta.currentVersion).toBe(3);
    expect(Object.keys(meta.versions)).toEqual(['1', '2', '3']);
    expect(meta.versions[2]).toEqual({
      createdTime: expect.stringMatching(/^\d{4}-/),
      deletionTime: undefined,
      destroyed: false,
    });
  });

  it('KV v1: reads, but versions and metadata are input errors', async () => {
    await expect(kv1.read(`${folder}/legacy`)).resolves.toEqual({
      data: { token: 'x' },
    });
    await expect(kv1.metadata(`${folder}/legacy`)).rejects.toThrow(InputError);
    await expect(kv1.read(`${folder}/legacy`, { version: 1 })).rejects.toThrow(
      'has no versions',
    );
  });

  it('rejects bad keys before sending anything', async () => {
    const before = kv2.stats();
    for (const key of ['../platform/x', '/payments/x', 'payments//x', '']) {
      await expect(kv2.read(key)).rejects.toThrow(InputError);
    }
    await expect(
      kv2.read(`${folder}/versioned`, { version: 0 }),
    ).rejects.toThrow(InputError);
    expect(kv2.stats()).toEqual(before);
  });

  it('health: a healthy dev server', async () => {
    await expect(kv2.health()).resolves.toEqual({
      store: 'test-store',
      reachable: true,
      initialized: true,
      sealed: false,
      standby: false,
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  it('unreachable: a closed port fails fast', async () => {
    const server = `http://127.0.0.1:${await closedPort()}`;
    const gateway = createVaultGateway(
      storeConfig(info, engineToken, { server }),
      { logger },
    );
    const started = Date.now();
    await expect(gateway.read('payments/x')).rejects.toMatchObject({
      kind: 'unreachable',
      message: expect.stringContaining('ECONNREFUSED'),
    });
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(gateway.health()).resolves.toMatchObject({
      reachable: false,
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('unreachable: a server that never answers is bounded by requestTimeout', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer(s => sockets.push(s));
    await new Promise<void>(r => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    const gateway = createVaultGateway(
      storeConfig(info, engineToken, {
        server: `http://127.0.0.1:${port}`,
        requestTimeoutMs: 300,
      }),
      { logger },
    );
    const started = Date.now();
    await expect(gateway.read('payments/x')).rejects.toMatchObject({
      kind: 'unreachable',
    });
    await expect(gateway.health()).resolves.toMatchObject({ reachable: false });
    expect(Date.now() - started).toBeLessThan(3000);
    sockets.forEach(s => s.destroy());
    await new Promise(r => silent.close(r));
  });

  it('TLS: trusts caBundle / caFile, and refuses an unknown CA', async () => {
    // The local kube-apiserver serves TLS signed by the stack's CA; it is not Vault,
    // so a verified connection shows up as "reachable, but not a Vault health body".
    const server = info.kubernetes.url;
    const health = (extra: object) =>
      createVaultGateway(storeConfig(info, engineToken, { server, ...extra }), {
        logger,
      }).health();
    await expect(
      health({ caBundle: info.kubernetes.caPem }),
    ).resolves.toMatchObject({
      reachable: true,
      error: expect.stringContaining('without a Vault health body'),
    });
    const caFile = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'vgw-')),
      'ca.pem',
    );
    fs.writeFileSync(caFile, info.kubernetes.caPem);
    await expect(health({ caFile })).resolves.toMatchObject({
      reachable: true,
    });
    await expect(health({})).resolves.toMatchObject({
      reachable: false,
      error: expect.stringMatching(/certificate|CERT/i),
    });
  });

  it('sends the namespace header on KV calls, not on sys/health', async () => {
    const seen: Array<{ url?: string; ns?: string | string[] }> = [];
    const fake = http.createServer((req, res) => {
      seen.push({ url: req.url, ns: req.headers['x-vault-namespace'] });
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/v1/auth/token/lookup-self')) {
        res.end(JSON.stringify({ data: { ttl: 0, renewable: false } }));
      } else if (req.url?.startsWith('/v1/sys/health')) {
        res.end(
          JSON.stringify({
            initialized: true,
            sealed: false,
            standby: false,
            version: 'fake',
          }),
        );
      } else {
        res.end(
          JSON.stringify({
            data: { data: { a: 1 }, metadata: { version: 7 } },
          }),
        );
      }
    });
    await new Promise<void>(r => fake.listen(0, '127.0.0.1', r));
    const port = (fake.address() as net.AddressInfo).port;
    const gateway = createVaultGateway(
      storeConfig(
        info,
        { method: 'token', token: { value: 'fake-token-value' } },
        {
          server: `http://127.0.0.1:${port}`,
          namespace: 'team-a',
        },
      ),
      { logger },
    );
    await expect(gateway.read('app/x')).resolves.toMatchObject({
      data: { a: 1 },
      version: 7,
    });
    await gateway.health();
    expect(seen).toEqual([
      { url: '/v1/auth/token/lookup-self', ns: 'team-a' },
      { url: '/v1/secret/data/app/x', ns: 'team-a' },
      { url: '/v1/sys/health', ns: undefined },
    ]);
    await new Promise(r => fake.close(r));
  });
});
