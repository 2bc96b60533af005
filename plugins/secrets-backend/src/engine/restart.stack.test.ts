import { randomBytes } from 'node:crypto';
import { readStackInfo } from '@internal/devstack';
import * as k8s from '@kubernetes/client-node';
import type { Knex } from 'knex';
import {
  createStackRuntime,
  memoryDatabase,
} from '../__testUtils__/stackRuntime';
import { adminApi, writeVaultData } from '../__testUtils__/stackAdmin';
import { RESTARTED_AT_ANNOTATION } from '../kubernetes/verbs/restartWorkloads';
import type { SyncRuntime } from '../wiring';

jest.setTimeout(120_000);

/**
 * Restart consumers against the real API server: a change to the Secret's data restarts the
 * named workloads (pod template annotation), a cycle that changes nothing restarts nothing.
 */
describe('rollout restart of consuming workloads', () => {
  const info = readStackInfo();
  const run = randomBytes(3).toString('hex');
  const path = `payments/restart-${run}`;
  const deployment = `restart-app-${run}`;
  const daemonSet = `restart-agent-${run}`;
  let runtime: SyncRuntime;
  let db: Knex;
  let apps: k8s.AppsV1Api;

  const vaultWrite = (value: string) =>
    writeVaultData(info, path, { token: value });
  const podTemplate = {
    metadata: { labels: { app: deployment } },
    spec: { containers: [{ name: 'app', image: 'registry.invalid/app:1' }] },
  };
  const template = async () => {
    const d = await apps.readNamespacedDeployment({
      name: deployment,
      namespace: 'payments',
    });
    const ds = await apps.readNamespacedDaemonSet({
      name: daemonSet,
      namespace: 'payments',
    });
    return {
      deployment:
        d.spec!.template.metadata!.annotations?.[RESTARTED_AT_ANNOTATION],
      deploymentGeneration: d.metadata!.generation,
      daemonSetGeneration: ds.metadata!.generation,
    };
  };

  beforeAll(async () => {
    apps = adminApi(info, k8s.AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'payments',
      body: {
        metadata: { name: deployment },
        spec: {
          selector: { matchLabels: { app: deployment } },
          template: podTemplate,
        },
      },
    });
    await apps.createNamespacedDaemonSet({
      namespace: 'payments',
      body: {
        metadata: { name: daemonSet },
        spec: {
          selector: { matchLabels: { app: deployment } },
          template: podTemplate,
        },
      },
    });
    await vaultWrite('first');
    db = memoryDatabase();
    runtime = await createStackRuntime({ info, db });
  });

  afterAll(async () => {
    await runtime?.close();
    await db?.destroy();
    await apps
      ?.deleteNamespacedDeployment({ name: deployment, namespace: 'payments' })
      .catch(() => undefined);
    await apps
      ?.deleteNamespacedDaemonSet({ name: daemonSet, namespace: 'payments' })
      .catch(() => undefined);
  });

  it('restarts the named workloads after a change, and not after a cycle that changed nothing', async () => {
    const mapping = await runtime.mappings.create(
      'component:default/payments-api',
      {
        actor: 'user:default/alice',
        spec: {
          store: 'kv',
          data: [
            { secretKey: 'token', remoteRef: { key: path, property: 'token' } },
          ],
          target: {
            clusters: ['local'],
            namespace: 'payments',
            name: `restart-${run}`,
            rolloutRestartTargets: [
              { kind: 'Deployment', name: deployment },
              { kind: 'DaemonSet', name: daemonSet },
            ],
          },
        },
      },
    );
    await runtime.engine.mappingSaved(mapping, 'user:default/alice');
    const before = await template();
    expect(before.deployment).toBeUndefined();

    expect((await runtime.engine.syncNow(mapping.id, 'test'))[0]).toMatchObject(
      { status: 'Synced', reason: 'Created' },
    );
    const created = await template();
    expect(created.deployment).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    );
    expect(created.deploymentGeneration).toBe(before.deploymentGeneration! + 1);
    expect(created.daemonSetGeneration).toBe(before.daemonSetGeneration! + 1);

    expect((await runtime.engine.syncNow(mapping.id, 'test'))[0]).toMatchObject(
      { reason: 'Unchanged' },
    );
    expect(await template()).toEqual(created);

    await vaultWrite('second');
    expect((await runtime.engine.syncNow(mapping.id, 'test'))[0]).toMatchObject(
      { reason: 'Updated' },
    );
    const updated = await template();
    expect(updated.deploymentGeneration).toBe(
      created.deploymentGeneration! + 1,
    );

    const events = await runtime.state.listEvents(mapping.id);
    expect(
      events.filter(e => e.type === 'Restarted').map(e => e.message),
    ).toEqual([
      `Restarted Deployment/${deployment}, DaemonSet/${daemonSet}`,
      `Restarted Deployment/${deployment}, DaemonSet/${daemonSet}`,
    ]);
  });

  it('records a failed restart without failing the sync', async () => {
    const mapping = await runtime.mappings.create(
      'component:default/payments-api',
      {
        actor: 'user:default/alice',
        spec: {
          store: 'kv',
          data: [
            { secretKey: 'token', remoteRef: { key: path, property: 'token' } },
          ],
          target: {
            clusters: ['local'],
            namespace: 'payments',
            name: `restart-missing-${run}`,
            rolloutRestartTargets: [
              { kind: 'StatefulSet', name: 'does-not-exist' },
            ],
          },
        },
      },
    );
    await runtime.engine.mappingSaved(mapping, 'user:default/alice');
    expect((await runtime.engine.syncNow(mapping.id, 'test'))[0]).toMatchObject(
      { status: 'Synced' },
    );
    const events = await runtime.state.listEvents(mapping.id);
    expect(events.find(e => e.reason === 'RestartFailed')?.message).toMatch(
      /^Restarting StatefulSet\/does-not-exist failed: .*not ?found/i,
    );
  });
});
