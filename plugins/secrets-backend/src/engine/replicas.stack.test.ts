import { randomBytes } from 'node:crypto';
import { readStackInfo } from '@internal/devstack';
import * as k8s from '@kubernetes/client-node';
import { createStackRuntime } from '../__testUtils__/stackRuntime';
import { writeVaultData } from '../__testUtils__/stackAdmin';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import type { Knex } from 'knex';
import type { SyncRuntime } from '../wiring';
import { PRIORITY } from '../database';

jest.setTimeout(180_000);

const { databases, ids } = createTestDatabases();
const postgres = ids.find(id => id.startsWith('POSTGRES'))!;

/**
 * Two backend replicas on one PostgreSQL: each due mapping is synced by exactly one of
 * them, and together they sync all of them; "sync now" on one waits for a row the other
 * holds.
 */
describe('two engine replicas on one PostgreSQL', () => {
  const info = readStackInfo();
  const run = randomBytes(4).toString('hex');
  const names = Array.from({ length: 40 }, (_, i) => `replica-${run}-${i}`);
  const syncNowName = `replica-${run}-sync-now`;
  const replicas: SyncRuntime[] = [];
  const make = async (db: Knex) => {
    const runtime = await createStackRuntime({
      info,
      db,
      engine: { concurrency: 4 },
    });
    replicas.push(runtime);
    return runtime;
  };
  const vaultWrite = (key: string) =>
    writeVaultData(info, key, { token: 'not-a-real-secret' });
  const createMapping = (runtime: SyncRuntime, name: string) =>
    runtime.mappings.create('component:default/search-api', {
      actor: 'user:default/carol',
      spec: {
        store: 'kv',
        data: [
          {
            secretKey: 'token',
            remoteRef: { key: `search/replicas-${run}`, property: 'token' },
          },
        ],
        target: { clusters: ['local'], namespace: 'search', name },
      },
    });

  afterAll(async () => {
    await Promise.all(replicas.map(r => r.close()));
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(info.kubernetes.engineKubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await Promise.all(
      [...names, syncNowName].map(name =>
        core
          .deleteNamespacedSecret({ name, namespace: 'search' })
          .catch(() => undefined),
      ),
    );
  });

  it('syncs every mapping exactly once between them', async () => {
    const db = await databases.init(postgres);
    const pair = [await make(db), await make(db)];
    await vaultWrite(`search/replicas-${run}`);
    for (const name of names) await createMapping(pair[0], name);
    await pair[0].engine.reconcile();

    // Both replicas cycle at the same time until nothing is due. Every sync a replica makes,
    // changed or not, counts in its report, so any double work shows in the total.
    const totals = [0, 0];
    for (let round = 0; round < 10; round++) {
      const reports = await Promise.all(pair.map(r => r.engine.runCycle()));
      reports.forEach((r, i) => (totals[i] += r.synced));
      if (reports.every(r => r.claimed === 0)) break;
    }
    expect(totals[0] + totals[1]).toBe(names.length);
    expect(totals[0]).toBeGreaterThan(0);
    expect(totals[1]).toBeGreaterThan(0);

    const states = (await pair[0].state.list()).filter(
      s => s.cluster === 'local',
    );
    const ours = (await pair[0].mappings.list()).map(m => m.id);
    for (const id of ours) {
      const events = await pair[0].state.listEvents(id);
      // One creation per mapping (a duplicate sync would also push the total above).
      expect(events.filter(e => e.type === 'Synced')).toHaveLength(1);
      expect(states.find(s => s.mappingId === id)?.status).toBe('Synced');
    }
  });

  it('answers "sync now" with a sync that began after the request, also while the other replica holds the row', async () => {
    const db = await databases.init(postgres);
    const [a, b] = [await make(db), await make(db)];
    await vaultWrite(`search/replicas-${run}`);
    const m = await createMapping(a, syncNowName);
    await a.engine.reconcile();

    // Replica a claims the row and is held inside its Kubernetes write.
    const cluster = a.clusters.get('local')!;
    const original = cluster.createSecret.bind(cluster);
    let release = () => {};
    let writing = () => {};
    const inWrite = new Promise<void>(resolve => (writing = resolve));
    const gate = new Promise<void>(resolve => (release = resolve));
    jest.spyOn(cluster, 'createSecret').mockImplementation(async secret => {
      writing();
      await gate;
      return original(secret);
    });
    const held = a.engine.runCycle();
    await inWrite;

    const requested = Date.now();
    let answered = false;
    const answer = b.engine
      .syncNow(m.id, 'user:default/carol')
      .finally(() => (answered = true));
    await new Promise(resolve => setTimeout(resolve, 500));
    expect(answered).toBe(false);

    release();
    expect((await held).synced).toBe(1);
    const [state] = await answer;
    expect(state).toMatchObject({ status: 'Synced', reason: 'Unchanged' });
    expect(state.priority).not.toBe(PRIORITY.requested);
    expect(Date.parse(state.lastAttemptAt!)).toBeGreaterThanOrEqual(requested);
    const events = (await b.state.listEvents(m.id)).map(e => e.type);
    expect(events.filter(t => t === 'Synced')).toHaveLength(1);
  });
});
