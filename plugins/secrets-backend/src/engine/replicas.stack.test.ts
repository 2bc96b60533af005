import { randomBytes } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readStackInfo, stackKubernetesConfig } from '@internal/devstack';
import * as k8s from '@kubernetes/client-node';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { recordingLogger } from '../__testUtils__/recordingLogger';
import { createSyncRuntime, type SyncRuntime } from './runtime';

jest.setTimeout(180_000);

const { databases, ids } = createTestDatabases();
const postgres = ids.find(id => id.startsWith('POSTGRES'))!;

/**
 * Two backend replicas on one PostgreSQL: each due mapping is synced by exactly one of
 * them, and together they sync all of them.
 */
describe('two engine replicas on one PostgreSQL', () => {
  const info = readStackInfo();
  const run = randomBytes(4).toString('hex');
  const names = Array.from({ length: 40 }, (_, i) => `replica-${run}-${i}`);
  let replicas: SyncRuntime[] = [];

  const config = () => {
    return new ConfigReader({
      kubernetes: stackKubernetesConfig(info),
      secrets: {
        engine: { concurrency: 4 },
        stores: {
          kv: {
            server: info.vault.addr,
            mount: 'secret',
            auth: { token: { value: info.vault.engine.token } },
          },
        },
      },
    });
  };

  afterAll(async () => {
    await Promise.all(replicas.map(r => r.close()));
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(info.kubernetes.engineKubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await Promise.all(
      names.map(name =>
        core
          .deleteNamespacedSecret({ name, namespace: 'search' })
          .catch(() => undefined),
      ),
    );
  });

  it('syncs every mapping exactly once between them', async () => {
    const db = await databases.init(postgres);
    const make = () =>
      createSyncRuntime({
        config: config(),
        database: mockServices.database.mock({ getClient: async () => db }),
        logger: recordingLogger(),
      });
    replicas = [await make(), await make()];
    await fetch(`${info.vault.addr}/v1/secret/data/search/replicas-${run}`, {
      method: 'POST',
      headers: { 'x-vault-token': info.vault.rootToken },
      body: JSON.stringify({ data: { token: 'not-a-real-secret' } }),
    });
    for (const name of names) {
      await replicas[0].mappings.create('component:default/search-api', {
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
    }
    await replicas[0].engine.reconcile();

    // Both replicas cycle at the same time until nothing is due. Every sync a replica makes,
    // changed or not, counts in its report, so any double work shows in the total.
    const totals = [0, 0];
    for (let round = 0; round < 10; round++) {
      const reports = await Promise.all(replicas.map(r => r.engine.runCycle()));
      reports.forEach((r, i) => (totals[i] += r.synced));
      if (reports.every(r => r.claimed === 0)) break;
    }
    expect(totals[0] + totals[1]).toBe(names.length);
    expect(totals[0]).toBeGreaterThan(0);
    expect(totals[1]).toBeGreaterThan(0);

    const states = (await replicas[0].state.list()).filter(
      s => s.cluster === 'local',
    );
    const ours = (await replicas[0].mappings.list()).map(m => m.id);
    for (const id of ours) {
      const events = await replicas[0].state.listEvents(id);
      // One creation per mapping (a duplicate sync would also push the total above).
      expect(events.filter(e => e.type === 'Synced')).toHaveLength(1);
      expect(states.find(s => s.mappingId === id)?.status).toBe('Synced');
    }
  });
});
