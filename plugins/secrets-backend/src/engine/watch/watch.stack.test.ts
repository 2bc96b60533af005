import { randomBytes } from 'node:crypto';
import { readStackInfo, waitUntil } from '@internal/devstack';
import * as k8s from '@kubernetes/client-node';
import type { Knex } from 'knex';
import {
  createStackRuntime,
  memoryDatabase,
} from '../../__testUtils__/stackRuntime';
import { adminApi, writeVaultData } from '../../__testUtils__/stackAdmin';
import type { SyncRuntime } from '../../wiring';

jest.setTimeout(120_000);

/**
 * Watch, don't wait: on the real kube-apiserver, a managed Secret deleted or edited by hand
 * is written again within seconds with nobody calling "sync now" and a refresh an hour
 * away; the status passes through Drifted, the history names the keys, never a value.
 */
describe('Watching managed Secrets on the local stack', () => {
  const info = readStackInfo();
  const tag = Date.now().toString(36);
  const name = `watched-${tag}`;
  const path = `payments/watched-${tag}`;
  const canary = `canary-${randomBytes(8).toString('hex')}`;
  let runtime: SyncRuntime;
  let db: Knex;
  let core: k8s.CoreV1Api;

  const text = async () =>
    Object.fromEntries(
      Object.entries(
        (await core.readNamespacedSecret({ name, namespace: 'payments' }))
          .data ?? {},
      ).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
    );
  const current = async () => {
    try {
      return await text();
    } catch {
      return undefined;
    }
  };

  beforeAll(async () => {
    await writeVaultData(info, path, { password: canary, user: 'app' });
    db = memoryDatabase();
    runtime = await createStackRuntime({
      info,
      db,
      engine: { defaultRefreshInterval: '1h' },
    });
    core = adminApi(info, k8s.CoreV1Api);
  });

  afterAll(async () => {
    await runtime?.close();
    await db?.destroy();
    await core
      ?.deleteNamespacedSecret({ name, namespace: 'payments' })
      .catch(() => undefined);
  });

  it('writes a deleted Secret again and repairs a hand edit, by itself, within seconds', async () => {
    const mapping = await runtime.mappings.create(
      'component:default/payments-api',
      {
        spec: {
          store: 'kv',
          dataFrom: [{ extract: { key: path } }],
          target: { clusters: ['local'], namespace: 'payments', name },
        },
        actor: 'user:default/alice',
      },
    );
    await runtime.engine.mappingSaved(mapping, 'user:default/alice');
    await runtime.engine.syncNow(mapping.id, 'user:default/alice');
    expect(await text()).toEqual({ password: canary, user: 'app' });
    await runtime.watchers!.refresh();
    expect(runtime.watchers!.watched).toContain('local/payments');

    await core.deleteNamespacedSecret({ name, namespace: 'payments' });
    await waitUntil(
      'the deleted Secret written again',
      async () => (await current())?.password === canary,
      10_000,
    );

    await core.patchNamespacedSecret({
      name,
      namespace: 'payments',
      body: [
        {
          op: 'replace',
          path: '/data/user',
          value: Buffer.from('intruder').toString('base64'),
        },
      ],
    });
    await waitUntil(
      'the edited key restored',
      async () => (await current())?.user === 'app',
      10_000,
    );

    // The repair's outcome and history are recorded when its cycle ends.
    await waitUntil(
      'the repair recorded',
      async () =>
        (
          await runtime.state.listEvents(mapping.id)
        ).some(e => e.type === 'DriftRepaired'),
      10_000,
    );
    const events = await runtime.state.listEvents(mapping.id);
    const seen = events.map(e => `${e.type} ${e.reason}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'Drifted SecretDeleted',
        'Drifted SecretEdited',
        'DriftRepaired driftRepaired',
      ]),
    );
    expect(events.find(e => e.type === 'DriftRepaired')?.message).toBe(
      'Secret was edited in the cluster (keys user); restored from Vault',
    );
    expect(JSON.stringify(events)).not.toContain(canary);
    const [state] = await runtime.state.get(mapping.id);
    expect(state.status).toBe('Synced');
  });
});
