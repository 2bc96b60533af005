import { randomBytes } from 'node:crypto';
import { readStackInfo, waitUntil } from '@internal/devstack';
import * as k8s from '@kubernetes/client-node';
import type { Knex } from 'knex';
import {
  createStackRuntime,
  memoryDatabase,
} from '../__testUtils__/stackRuntime';
import { adminApi, writeVaultData } from '../__testUtils__/stackAdmin';
import type { SyncRuntime } from '../wiring';

jest.setTimeout(120_000);

/**
 * A refresh with nothing changed reads Vault and not the Secret, while the real
 * kube-apiserver's watch shows the Secret as the engine left it; any write to the Secret
 * since (a hand edit of its metadata here) makes the next refresh read it again;
 * "sync now" always reads it, as does a refresh while the cluster's last health check
 * found a problem.
 */
describe('Refreshes trust the Secret watch on the local stack', () => {
  const info = readStackInfo();
  const tag = Date.now().toString(36);
  const name = `seen-${tag}`;
  const path = `payments/seen-${tag}`;
  const canary = `canary-${randomBytes(8).toString('hex')}`;
  let runtime: SyncRuntime;
  let db: Knex;
  let core: k8s.CoreV1Api;

  const writeVault = (password: string) =>
    writeVaultData(info, path, { password });
  const live = () => core.readNamespacedSecret({ name, namespace: 'payments' });

  beforeAll(async () => {
    await writeVault(canary);
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

  it('skips the read while the watch shows the version it left, and reads after any change', async () => {
    const mapping = await runtime.mappings.create(
      'component:default/payments-api',
      {
        spec: {
          store: 'kv',
          data: [
            {
              secretKey: 'password',
              remoteRef: { key: path, property: 'password' },
            },
          ],
          target: { clusters: ['local'], namespace: 'payments', name },
        },
        actor: 'user:default/alice',
      },
    );
    const gateway = runtime.clusters.get('local')!;
    const reads = jest.spyOn(gateway, 'readSecret');
    const vaultReads = () => runtime.vault.get('kv')!.stats().reads;
    const sync = async () => {
      const [state] = await runtime.engine.syncNow(
        mapping.id,
        'user:default/alice',
      );
      return state;
    };
    // What the schedule does: the row due, a background run; not "sync now", which reads.
    const refresh = async () => {
      await db('secrets_sync_state')
        .where('mapping_id', mapping.id)
        .update({ next_due_at: new Date(0) });
      await runtime.engine.runUntilIdle(30_000);
      const [state] = await runtime.state.get(mapping.id);
      return state;
    };
    const watched = () =>
      runtime.watchers!.versionOf('local', 'payments', name);
    const watchShowsLive = async () =>
      watched() === (await live()).metadata!.resourceVersion;

    await runtime.engine.mappingSaved(mapping, 'user:default/alice');
    expect(await sync()).toMatchObject({ status: 'Synced', reason: 'Created' });
    // As the backend's health task does: the watch is trusted where the check passed.
    await runtime.health.check();
    await runtime.watchers!.refresh();
    await waitUntil(
      'the watch sees the Secret written',
      watchShowsLive,
      10_000,
    );

    // Nothing changed: Vault is read, the Secret is not.
    reads.mockClear();
    let before = vaultReads();
    expect(await refresh()).toMatchObject({
      status: 'Synced',
      reason: 'Unchanged',
    });
    expect(reads).not.toHaveBeenCalled();
    expect(vaultReads()).toBe(before + 1);

    // An annotation added by hand: the data is as it was, but the version is not.
    await core.patchNamespacedSecret({
      name,
      namespace: 'payments',
      body: [
        {
          op: 'add',
          path: '/metadata/annotations/example.com~1note',
          value: 'by hand',
        },
      ],
    });
    await waitUntil('the watch sees the edit', watchShowsLive, 10_000);
    expect(await refresh()).toMatchObject({ reason: 'Unchanged' });
    expect(reads).toHaveBeenCalledTimes(1);
    // That read saw the new version: the next refresh trusts the watch again.
    expect(await refresh()).toMatchObject({ reason: 'Unchanged' });
    expect(reads).toHaveBeenCalledTimes(1);
    // "Sync now" always looks at the Secret itself.
    expect(await sync()).toMatchObject({ reason: 'Unchanged' });
    expect(reads).toHaveBeenCalledTimes(2);
    // So does a refresh while the cluster's last health check found a problem.
    const passed = jest
      .spyOn(runtime.health, 'clusterPassed')
      .mockReturnValue(false);
    expect(await refresh()).toMatchObject({ reason: 'Unchanged' });
    expect(reads).toHaveBeenCalledTimes(3);
    passed.mockRestore();
    expect(await refresh()).toMatchObject({ reason: 'Unchanged' });
    expect(reads).toHaveBeenCalledTimes(3);

    // A new value in Vault is written, read first as always.
    await writeVault('rotated');
    before = vaultReads();
    expect(await refresh()).toMatchObject({ reason: 'Updated' });
    expect(reads).toHaveBeenCalledTimes(4);
    expect(vaultReads()).toBe(before + 1);
    expect(
      Buffer.from((await live()).data!.password, 'base64').toString(),
    ).toBe('rotated');

    const rows = await db('secrets_sync_state').where('mapping_id', mapping.id);
    expect(rows[0].secret_seen).toMatch(/^v1 1 \d+ \d+$/);
    expect(JSON.stringify(rows)).not.toContain(canary);
  });
});
