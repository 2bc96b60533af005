import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClusterGateway } from './createClusterGateway';
import type { ClusterConfig } from './types';
import { engineCluster, stack } from './__testUtils__/stack';
import { recordingLogger } from '../__testUtils__/recordingLogger';

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}

/** Health, timeouts, TLS and credentials against the real cluster and dead ends. */
describe('ClusterGateway connection handling (real kube-apiserver)', () => {
  const info = stack();
  const cluster = engineCluster(info);
  const gatewayFor = (c: Partial<ClusterConfig>, timeoutMs?: number) => {
    const logger = recordingLogger();
    return {
      logger,
      gateway: createClusterGateway(
        { ...cluster, ...c },
        { logger, timeoutMs },
      ),
    };
  };

  it('reports the real cluster healthy with its version', async () => {
    const result = await gatewayFor({}).gateway.health();
    expect(result).toEqual({ reachable: true, version: 'v1.36.3' });
    expect(info.kubernetes.version).toContain('v1.36.3');
  });

  it('fails fast as unreachable on a closed port', async () => {
    const { gateway } = gatewayFor({
      url: `https://127.0.0.1:${await closedPort()}`,
    });
    const start = Date.now();
    expect(await gateway.health()).toEqual({
      reachable: false,
      error:
        "Cluster 'local': read version failed: network error (ECONNREFUSED)",
      kind: 'unreachable',
    });
    await expect(gateway.readSecret('payments', 'x')).rejects.toMatchObject({
      kind: 'unreachable',
    });
    expect(Date.now() - start).toBeLessThan(3000);
  });

  it('gives up on a server that accepts connections but never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer(s => void sockets.push(s));
    await new Promise<void>(r => silent.listen(0, '127.0.0.1', r));
    try {
      const { port } = silent.address() as net.AddressInfo;
      const { gateway } = gatewayFor({ url: `https://127.0.0.1:${port}` }, 500);
      const start = Date.now();
      await expect(gateway.readSecret('payments', 'x')).rejects.toMatchObject({
        kind: 'unreachable',
        message:
          "Cluster 'local': read Secret payments/x failed: no answer within 500 ms",
      });
      expect(Date.now() - start).toBeLessThan(2000);
    } finally {
      sockets.forEach(s => s.destroy());
      await new Promise(r => silent.close(r));
    }
  });

  it('refuses the API server certificate without the configured CA', async () => {
    const { gateway } = gatewayFor({ caData: undefined, caFile: undefined });
    const result = await gateway.health();
    expect(result.reachable).toBe(false);
    expect(result.error).toMatch(/TLS verification failed \([A-Z_]+\)/);
  });

  it('trusts a caFile', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ca-'));
    try {
      const caFile = path.join(dir, 'ca.pem');
      fs.writeFileSync(caFile, info.kubernetes.caPem);
      const { gateway } = gatewayFor({ caData: undefined, caFile });
      expect(await gateway.health()).toMatchObject({ reachable: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skips TLS verification only when configured, and warns once', async () => {
    const { gateway, logger } = gatewayFor({
      caData: undefined,
      skipTLSVerify: true,
    });
    expect(await gateway.health()).toMatchObject({ reachable: true });
    expect(await gateway.readSecret('payments', 'absent')).toBeUndefined();
    const warnings = logger.calls.filter(c => c[0] === 'warn');
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0][2])).toContain('skipTLSVerify');
  });

  it('reports a rejected token as reachable but unauthorized', async () => {
    const { gateway } = gatewayFor({
      credentials: { type: 'token', token: 'not-a-token', source: 'test' },
    });
    expect(await gateway.health()).toEqual({
      reachable: true,
      error:
        "Cluster 'local': read version failed: API server answered 401 (the engine's token was rejected)",
      kind: 'unauthorized',
    });
  });

  it('reads a token file on each request', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-token-'));
    try {
      const tokenFile = path.join(dir, 'token');
      const { gateway } = gatewayFor({
        credentials: { type: 'tokenFile', path: tokenFile, source: 'test.key' },
      });
      await expect(gateway.readSecret('payments', 'x')).rejects.toMatchObject({
        kind: 'unauthorized',
        message: expect.stringContaining(
          `cannot read the token file ${tokenFile} (ENOENT) set by test.key`,
        ),
      });
      const token = (cluster.credentials as { token: string }).token;
      fs.writeFileSync(tokenFile, `${token}\n`);
      expect(await gateway.readSecret('payments', 'absent')).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails every call of a cluster the engine has no credentials for, naming the key', async () => {
    const message =
      'kubernetes.clusterLocatorMethods[0].clusters[0].authProvider is ...';
    const { gateway } = gatewayFor({
      credentials: { type: 'unusable', message },
    });
    await expect(gateway.readSecret('payments', 'x')).rejects.toMatchObject({
      kind: 'unauthorized',
      message: `Cluster 'local': read Secret payments/x failed: ${message}`,
    });
    expect(await gateway.health()).toEqual({
      reachable: false,
      error: `Cluster 'local': read version failed: ${message}`,
      kind: 'unauthorized',
    });
  });
});
