import { randomBytes } from 'node:crypto';
import { readStackInfo } from '@internal/devstack';
import * as k8s from '@kubernetes/client-node';
import type { Knex } from 'knex';
import { createStackRuntime } from '../__testUtils__/stackRuntime';
import { writeVaultData } from '../__testUtils__/stackAdmin';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import type { SyncRuntime } from '../wiring';

jest.setTimeout(180_000);

const { databases, ids } = createTestDatabases();
const postgres = ids.find(id => id.startsWith('POSTGRES'))!;
/** The claim lease a cycle takes (`secrets.engine.claimTimeout`'s default). */
const LEASE_S = 60;

/**
 * Claims are leases in PostgreSQL, written and compared with each replica's own clock. A
 * replica whose clock runs ahead sees another's claims end early by the difference: within
 * the bound (docs/operations.md: clocks within 30 s, so that a batch has the rest of the
 * 60 s lease) it leaves a claimed row alone; beyond the lease it would take over a row the
 * other is still writing, which is why the bound is documented.
 */
describe('replicas whose clocks disagree (PostgreSQL)', () => {
  const info = readStackInfo();
  const run = randomBytes(4).toString('hex');
  const runtimes: SyncRuntime[] = [];
  const secrets: string[] = [];

  const make = async (db: Knex, skewSeconds: number, claimTimeout?: string) => {
    const runtime = await createStackRuntime({
      info,
      db,
      engine: { concurrency: 4, ...(claimTimeout ? { claimTimeout } : {}) },
      clock: () => new Date(Date.now() + skewSeconds * 1000),
    });
    runtimes.push(runtime);
    return runtime;
  };

  afterAll(async () => {
    await Promise.all(runtimes.map(r => r.close()));
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(info.kubernetes.engineKubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    for (const name of secrets)
      await core
        .deleteNamespacedSecret({ name, namespace: 'search' })
        .catch(() => undefined);
  });

  /**
   * Replica a (true clock) claims a new mapping and is held inside its Kubernetes write;
   * replica b, `skewSeconds` ahead, runs a cycle meanwhile. Returns what b claimed.
   */
  async function whileHeld(skewSeconds: number, claimTimeout?: string) {
    const db = await databases.init(postgres);
    const a = await make(db, 0, claimTimeout);
    const b = await make(db, skewSeconds, claimTimeout);
    await writeVaultData(info, `search/skew-${run}`, {
      token: 'not-a-real-secret',
    });
    const name = `skew-${run}-${skewSeconds}${claimTimeout ? '-long' : ''}`;
    secrets.push(name);
    const mapping = await a.mappings.create('component:default/search-api', {
      actor: 'user:default/carol',
      spec: {
        store: 'kv',
        data: [
          {
            secretKey: 'token',
            remoteRef: { key: `search/skew-${run}`, property: 'token' },
          },
        ],
        target: { clusters: ['local'], namespace: 'search', name },
      },
    });
    await a.engine.reconcile();

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
    const report = await b.engine.runCycle();
    release();
    const aReport = await held;
    return { report, aReport, events: await a.state.listEvents(mapping.id) };
  }

  it(`a clock 20 s ahead (within the bound) leaves the other replica's claim alone`, async () => {
    const { report, aReport, events } = await whileHeld(20);
    expect(report.claimed).toBe(0);
    expect(aReport.synced).toBe(1);
    expect(events.filter(e => e.type === 'Synced')).toHaveLength(1);
  });

  it(`a clock ahead by more than the ${LEASE_S} s lease takes over a row still being written: the bound matters`, async () => {
    const { report } = await whileHeld(LEASE_S + 10);
    expect(report.claimed).toBe(1);
  });

  it('a longer secrets.engine.claimTimeout widens the bound: the same clock leaves the claim alone', async () => {
    const { report, aReport } = await whileHeld(LEASE_S + 10, '3m');
    expect(report.claimed).toBe(0);
    expect(aReport.synced).toBe(1);
  });
});
