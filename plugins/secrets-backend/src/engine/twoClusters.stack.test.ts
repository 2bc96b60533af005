import fs from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  defaultStackDir,
  stackKubernetesConfig,
  startStack,
  stopStack,
  type StackInfo,
} from '@internal/devstack';
import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import * as k8s from '@kubernetes/client-node';
import type { Knex } from 'knex';
import { loggedText, recordingLogger } from '../__testUtils__/recordingLogger';
import { adminApi } from '../__testUtils__/stackAdmin';
import { memoryDatabase } from '../__testUtils__/stackRuntime';
import { root } from '../vault/__testUtils__/vaultStack';
import { createSyncRuntime, type SyncRuntime } from '../wiring';

/**
 * One mapping, two clusters: a stack of this suite's own with a second etcd, kube-apiserver
 * and CA (its own engine ServiceAccount and RBAC), so the second cluster can be stopped
 * without touching the suites that share the test run's stack.
 */
describe('Syncing to two clusters (own stack with a second cluster)', () => {
  const dir = defaultStackDir('two-clusters');
  const canaries: string[] = [];
  const canary = (label: string) => {
    const value = `canary-${label}-${randomBytes(8).toString('hex')}`;
    canaries.push(value);
    return value;
  };
  const logger = recordingLogger();
  let info: StackInfo;
  let runtime: SyncRuntime;
  let db: Knex;
  let local: k8s.CoreV1Api;
  let second: k8s.CoreV1Api;

  const vaultWrite = (p: string, body: unknown) => root(info, 'POST', p, body);
  const decoded = async (core: k8s.CoreV1Api, name: string) =>
    Object.fromEntries(
      Object.entries(
        (await core.readNamespacedSecret({ name, namespace: 'payments' }))
          .data ?? {},
      ).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
    );
  const create = (spec: MappingSpec) =>
    runtime.mappings.create('component:default/payments-api', {
      spec,
      actor: 'user:default/alice',
    });
  const byCluster = async (id: string) =>
    Object.fromEntries(
      (await runtime.engine.syncNow(id, 'user:default/alice')).map(s => [
        s.cluster,
        s,
      ]),
    );

  beforeAll(async () => {
    info = await startStack({ dir, secondCluster: true });
    const config = new ConfigReader({
      kubernetes: stackKubernetesConfig(info),
      secrets: {
        engine: { concurrency: 4, backoff: { initial: '1s', max: '5s' } },
        stores: {
          vault: {
            server: info.vault.addr,
            caFile: info.vault.caFile,
            mount: 'secret',
            kvVersion: 2,
            auth: { token: { value: info.vault.engine.token } },
          },
        },
      },
    });
    db = memoryDatabase();
    runtime = await createSyncRuntime({
      config,
      database: mockServices.database.mock({ getClient: async () => db }),
      logger,
    });
    [local, second] = [
      adminApi(info, k8s.CoreV1Api),
      adminApi(info, k8s.CoreV1Api, 'second'),
    ];
  }, 240_000);

  afterAll(async () => {
    await runtime?.close();
    await db?.destroy();
    await stopStack();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let kvMapping: string;

  it('writes one mapping to both clusters, each with its own status', async () => {
    expect(runtime.clusters.size).toBe(2);
    const key = 'payments/two-clusters';
    const value = canary('both');
    await vaultWrite(`secret/data/${key}`, { data: { token: value } });
    const m = await create({
      store: 'vault',
      data: [{ secretKey: 'token', remoteRef: { key, property: 'token' } }],
      target: {
        clusters: ['local', 'second'],
        namespace: 'payments',
        name: 'two-clusters',
      },
    });
    kvMapping = m.id;
    await runtime.engine.reconcile();
    const status = await byCluster(m.id);
    expect(status.local).toMatchObject({ status: 'Synced', reason: 'Created' });
    expect(status.second).toMatchObject({
      status: 'Synced',
      reason: 'Created',
    });
    expect(await decoded(local, 'two-clusters')).toEqual({ token: value });
    expect(await decoded(second, 'two-clusters')).toEqual({ token: value });
  });

  it('gives a dynamic mapping the same certificate in both clusters, from one lease', async () => {
    const m = await create({
      store: 'vault',
      dynamic: {
        engine: 'pki',
        role: 'payments-tls',
        commonName: 'two.payments.svc',
      },
      target: {
        clusters: ['local', 'second'],
        namespace: 'payments',
        name: 'two-clusters-tls',
      },
    });
    await runtime.engine.reconcile();
    // One cluster issues, the other copies: which one goes first is the queue's choice.
    const status = await byCluster(m.id);
    expect(status.local.status).toBe('Synced');
    expect(status.second.status).toBe('Synced');
    const history = (await runtime.state.listEvents(m.id)).map(
      e => `${e.type} ${e.reason}`,
    );
    expect(history.filter(e => e.startsWith('Issued'))).toEqual([
      'Issued Issued',
    ]);
    expect(history).toContain('Changed CopiedFromCluster');
    // Compared by digest: a failed assertion must not print the private key.
    const digest = (data: Record<string, string>) =>
      createHash('sha256').update(JSON.stringify(data)).digest('hex');
    const a = await decoded(local, 'two-clusters-tls');
    canaries.push(a['tls.key'].trim());
    expect(a['tls.crt']).toContain('BEGIN CERTIFICATE');
    expect(digest(await decoded(second, 'two-clusters-tls'))).toBe(digest(a));
    const leases = await db('secrets_dynamic_leases').where({
      mapping_id: m.id,
    });
    expect(leases).toHaveLength(1);

    // Steady: neither cluster issues again.
    const again = await byCluster(m.id);
    expect(again.local.reason).toBe('Unchanged');
    expect(again.second.reason).toBe('Unchanged');

    // Lost in one cluster: the values come back from the other, still one lease.
    await second.deleteNamespacedSecret({
      name: 'two-clusters-tls',
      namespace: 'payments',
    });
    const repaired = await byCluster(m.id);
    expect(repaired.second).toMatchObject({
      status: 'Synced',
      reason: 'CopiedFromCluster',
    });
    expect(digest(await decoded(second, 'two-clusters-tls'))).toBe(digest(a));
    expect(
      await db('secrets_dynamic_leases').where({ mapping_id: m.id }),
    ).toHaveLength(1);
  });

  it('keeps syncing one cluster while the other is down, and says which', async () => {
    const key = 'payments/two-clusters';
    // The second cluster's API server stops: connections are refused from now on.
    process.kill(info.secondCluster!.pids['kube-apiserver-second'], 'SIGTERM');
    const changed = canary('after-outage');
    await vaultWrite(`secret/data/${key}`, { data: { token: changed } });

    let status = await byCluster(kvMapping);
    for (let i = 0; i < 20 && status.second?.status !== 'SyncedError'; i++) {
      await new Promise(r => setTimeout(r, 500));
      status = await byCluster(kvMapping);
    }
    expect(status.local).toMatchObject({ status: 'Synced', reason: 'Updated' });
    expect(status.second).toMatchObject({ status: 'SyncedError' });
    expect(status.second.reason).toMatch(/^Kubernetes/);
    expect(await decoded(local, 'two-clusters')).toEqual({ token: changed });

    await runtime.health.check();
    const health = await runtime.health.clusterHealth();
    expect(health.get('local')).toMatchObject({ reachable: true });
    expect(health.get('second')).toMatchObject({ reachable: false });
  });

  it('keeps every planted value out of the database and the logs', async () => {
    expect(canaries.length).toBeGreaterThanOrEqual(2);
    const dump = JSON.stringify(
      await Promise.all(
        [
          'secrets_mappings',
          'secrets_sync_state',
          'secrets_sync_events',
          'secrets_dynamic_leases',
        ].map(t => db(t).select()),
      ),
    );
    const logs = loggedText(logger);
    for (const value of canaries) {
      expect(dump).not.toContain(value);
      expect(logs).not.toContain(value);
    }
  });
});
