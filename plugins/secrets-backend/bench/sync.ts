/**
 * Sync engine benchmark against a local stack of its own (run on demand, not a test):
 *
 *   npm run bench -- [--mappings 1000] [--clusters 2] [--concurrency 8] [--rounds 3]
 *     [--warm-up <mappings>] [--drift-samples 50] [--loop-delay-budget <ms>] [--profile <dir>]
 *     [--pin]
 *
 * Every mapping targets every cluster (`--clusters 1` leaves out the second one).
 * Prints: cold-sync wall time; the same reads and writes done by a bare client loop at the
 * same concurrency (the floor) and the ratio — per round, engine and floor alternating
 * which goes first, with the median ratio, since one run on shared cores is noisy (after a
 * warm-up round that is not counted); Vault reads and Kubernetes writes of a
 * steady cycle with nothing changed; "sync now" latency while every other mapping is due;
 * how fast the watch undoes a hand edit (p50/p99) and what the watch costs; the API
 * servers' requests per Secret of the engine and of the floor (their /metrics); and the
 * process RSS. With `--pin` (Linux, two cores or more) the servers run on CPU 1 and this
 * process — the engine and the floor alike — on CPU 0, as if Backstage had a node of its own.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { ConfigReader } from '@backstage/config';
import {
  defaultStackDir,
  stackKubernetesConfig,
  startStack,
  stopStack,
} from '@internal/devstack';
import knexFactory from 'knex';
import {
  arg,
  cpuProfiler,
  percentile,
  pinSelf,
  pool,
  progress,
  msArg,
  silent,
  textArg,
} from './benchUtils';
import { createSyncRuntime } from '../src/wiring';
import { syncRequestPending } from '../src/database';
import { chunks } from '../src/database/chunks';
import {
  LAST_SYNC_ANNOTATION,
  managedMetadata,
  SYNC_REASON_ANNOTATION,
  SYNC_STATUS_ANNOTATION,
} from '../src/kubernetes';
import { measureDriftRepair } from './driftRepair';
import {
  apiServerRequests,
  meanRequestTime,
  requestsPerSecret,
} from './apiServerRequests';
import { cpuDelta, cpuSeconds } from './serverCpu';
import { printSyncReport, seconds, type SteadyCycle } from './syncReport';

const N = arg('mappings', 1000);
const CONCURRENCY = arg('concurrency', 8);
const ROUNDS = Math.max(1, arg('rounds', 3));
const DRIFT_SAMPLES = arg('drift-samples', 50);
const CLUSTERS = arg('clusters', 2);
/**
 * The warm-up round only has to get the code compiled: at 100,000 a full-size one would
 * add two cold syncs of minutes each and 2 × 100,000 more Secrets per cluster.
 */
const WARM_UP = arg('warm-up', Math.min(N, 10_000));
/** `--loop-delay-budget <ms>`: secrets.engine.loopDelayBudget (default: the product's). */
const BUDGET = msArg('loop-delay-budget');
if (CLUSTERS !== 1 && CLUSTERS !== 2)
  throw new Error('--clusters must be 1 or 2 (the local stack has two)');
const NAMESPACE = 'payments';
/** With `--profile <dir>`: a V8 CPU profile of each phase, to open in Chrome DevTools. */
const profileDir = textArg('profile');
const profiler = profileDir ? cpuProfiler(profileDir) : undefined;
const PIN = process.argv.includes('--pin');

async function main() {
  let peakRss = 0;
  const sampler = setInterval(
    () => (peakRss = Math.max(peakRss, process.memoryUsage().rss)),
    200,
  );
  const dir = defaultStackDir('bench');
  if (PIN) pinSelf('1');
  const info = await startStack({
    dir,
    log: () => undefined,
    secondCluster: CLUSTERS === 2,
  });
  // The servers were started on CPU 1; the engine and the floor run on CPU 0.
  if (PIN) pinSelf('0');
  try {
    const config = new ConfigReader({
      kubernetes: stackKubernetesConfig(info),
      secrets: {
        engine: {
          concurrency: CONCURRENCY,
          ...(BUDGET === undefined ? {} : { loopDelayBudget: BUDGET }),
        },
        stores: {
          kv: {
            server: info.vault.addr,
            caFile: info.vault.caFile,
            mount: 'secret',
            auth: { token: { value: info.vault.engine.token } },
          },
        },
      },
    });
    const db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    const runtime = await createSyncRuntime({
      config,
      database: { getClient: async () => db },
      logger: silent,
    });
    const vault = runtime.vault.get('kv')!;
    // Every server's process: Vault, and each cluster's etcd and API server.
    const serverPids = info.pids;
    const clusterNames = [
      'local',
      ...(info.secondCluster ? [info.secondCluster.name] : []),
    ];
    const clusters = clusterNames.map(name => runtime.clusters.get(name)!);
    const [cluster] = clusters;

    // Setup (not measured): N distinct Vault secrets and N mappings.
    await pool(N, 16, async i => {
      await fetch(`${info.vault.addr}/v1/secret/data/${NAMESPACE}/bench/${i}`, {
        method: 'POST',
        headers: { 'x-vault-token': info.vault.rootToken },
        body: JSON.stringify({
          data: { password: `bench-${i}-${Math.random()}` },
        }),
      });
    });
    /** `count` fresh mappings (never synced) over the first `count` Vault secrets. */
    const createMappings = async (round: number, count = N) => {
      const created: string[] = [];
      await pool(count, 8, async i => {
        const m = await runtime.mappings.create(
          'component:default/payments-api',
          {
            actor: 'user:default/alice',
            spec: {
              store: 'kv',
              data: [
                {
                  secretKey: 'password',
                  remoteRef: {
                    key: `${NAMESPACE}/bench/${i}`,
                    property: 'password',
                  },
                },
              ],
              target: {
                clusters: clusterNames,
                namespace: NAMESPACE,
                name: `bench-${round}-${i}`,
              },
            },
          },
        );
        created[i] = m.id;
      });
      await runtime.engine.reconcile();
      return created;
    };

    // What the plugin's scheduled task runs: cycles until nothing is due.
    const drain = () => runtime.engine.runUntilIdle(60 * 60_000);

    const engineRound = async () => {
      const requests = await apiServerRequests(info);
      const cpu = cpuSeconds(serverPids);
      const reads = vault.stats().reads;
      const t = Date.now();
      await profiler?.start();
      const result = await drain();
      await profiler?.stop('engine');
      const ms = Date.now() - t;
      return {
        ms,
        cpu: cpuDelta(cpu, cpuSeconds(serverPids)),
        reads: vault.stats().reads - reads,
        result,
        requests: requestsPerSecret(
          requests,
          await apiServerRequests(info),
          result.writes || 1,
        ),
      };
    };
    // The floor: the same reads and creates with the gateways alone, same concurrency. Its
    // Secrets carry labels and annotations of the engine's size — the managed metadata and
    // the status annotations the engine stamps on each write (no HMAC is computed) — so the
    // servers get the same writes: the ratio is the engine's own cost.
    const managed = managedMetadata({
      mappingId: randomUUID(),
      entityRef: 'component:default/payments-api',
      dataHmac: `v1:${'0'.repeat(64)}`,
    });
    const floorMetadata = {
      labels: managed.labels,
      annotations: {
        ...managed.annotations,
        [LAST_SYNC_ANNOTATION]: new Date().toISOString(),
        [SYNC_STATUS_ANNOTATION]: 'Synced',
        [SYNC_REASON_ANNOTATION]: 'Created',
      },
    };
    // With two clusters: one read, then the Secret created in each, as the engine's minimum.
    const floorRound = async (round: number, count = N) => {
      const requests = await apiServerRequests(info);
      const cpu = cpuSeconds(serverPids);
      const t = Date.now();
      await profiler?.start();
      await pool(count, CONCURRENCY, async i => {
        const secret = await vault.read(`${NAMESPACE}/bench/${i}`);
        for (const target of clusters)
          await target.createSecret({
            namespace: NAMESPACE,
            name: `floor-${round}-${i}`,
            data: { password: Buffer.from(String(secret.data.password)) },
            ...floorMetadata,
          });
      });
      await profiler?.stop('floor');
      const ms = Date.now() - t;
      const cpuUsed = cpuDelta(cpu, cpuSeconds(serverPids));
      return {
        ms,
        cpu: cpuUsed,
        requests: requestsPerSecret(
          requests,
          await apiServerRequests(info),
          count * clusters.length,
        ),
      };
    };

    progress(`set up: ${N} Vault secrets`);
    // A warm-up round, not counted: a running backend has its code paths compiled already.
    await createMappings(-1, WARM_UP);
    const warm = await engineRound();
    const warmFloor = await floorRound(-1, WARM_UP);
    progress(
      `warm-up of ${WARM_UP}: engine ${seconds(warm.ms)}, floor ${seconds(
        warmFloor.ms,
      )}`,
    );

    const rounds = [];
    let ids: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      ids = await createMappings(round);
      // Alternate which goes first, so a machine getting busier or quieter favours neither.
      if (round % 2 === 0) {
        const engine = await engineRound();
        rounds.push({ engine, floor: await floorRound(round) });
      } else {
        const floor = await floorRound(round);
        rounds.push({ engine: await engineRound(), floor });
      }
      const { engine, floor } = rounds[round];
      progress(
        `round ${round + 1}: engine ${seconds(engine.ms)} (${
          engine.result.failed
        } failed), floor ${seconds(floor.ms)}, ratio ${(
          engine.ms / floor.ms
        ).toFixed(2)}`,
      );
    }

    // Steady cycle: everything due again, nothing changed in Vault.
    // In chunks: SQLite takes at most 32,766 bound values in one statement.
    const dueAgain = async () => {
      for (const chunk of chunks(ids, 10_000))
        await db('secrets_sync_state')
          .whereIn('mapping_id', chunk)
          .update({ next_due_at: new Date(0) });
    };
    // Where a steady cycle's time goes: whose CPU, and the API servers' time per request.
    const steadyCycle = async (label: string): Promise<SteadyCycle> => {
      await dueAgain();
      const readsBefore = vault.stats().reads;
      const requests = await apiServerRequests(info);
      const cpu = cpuSeconds(serverPids);
      const t = Date.now();
      const { writes } = await drain();
      const cycle = {
        ms: Date.now() - t,
        reads: vault.stats().reads - readsBefore,
        writes,
        cpu: cpuDelta(cpu, cpuSeconds(serverPids)),
        requests: meanRequestTime(requests, await apiServerRequests(info)),
      };
      progress(
        `${label}: ${seconds(cycle.ms)}, ${cycle.reads} Vault reads, ${
          cycle.writes
        } writes; CPU ${cycle.cpu}; API server requests: ${cycle.requests}`,
      );
      return cycle;
    };
    // No watches yet: every Secret is read.
    const steady = await steadyCycle('steady cycle');

    // "Sync now" while every other mapping is due.
    await dueAgain();
    const background = drain();
    const latencies: number[] = [];
    let served = 0;
    for (let k = 0; k < 20; k++) {
      const id = ids[Math.floor(Math.random() * ids.length)];
      const start = Date.now();
      const states = await runtime.engine.syncNow(id, 'user:default/alice');
      latencies.push(Date.now() - start);
      if (!states.some(syncRequestPending)) served++;
    }
    await background;
    latencies.sort((a, b) => a - b);
    progress(
      `sync now: p50 ${
        latencies[Math.floor(latencies.length / 2)]
      } ms, p99 ${percentile(latencies, 99)} ms`,
    );

    // Watch, don't wait: hand edits undone with nobody asking.
    const drift = await measureDriftRepair(
      runtime,
      cluster,
      NAMESPACE,
      ids.map((_, i) => `bench-${ROUNDS - 1}-${i}`),
      DRIFT_SAMPLES,
    );
    // Again with the watches up, as in a backend: a Secret the watch shows as its last
    // sync left it is not read (secrets.engine.secretReadInterval) where the last health
    // check passed, which a backend's health task sees to.
    await runtime.health.check();
    const watchedSteady = await steadyCycle('steady cycle, watches up');

    await runtime.close();
    await db.destroy();
    clearInterval(sampler);
    printSyncReport({
      mappings: N,
      clusters: clusterNames.length,
      warmUp: WARM_UP,
      concurrency: CONCURRENCY,
      budget: BUDGET,
      rounds,
      steady,
      watchedSteady,
      syncNow: { latencies, served },
      driftSamples: DRIFT_SAMPLES,
      drift,
      peakRss,
      pinned: PIN,
      versions: {
        vault: info.vault.version,
        kubernetes: info.kubernetes.version,
      },
    });
  } finally {
    clearInterval(sampler);
    await stopStack();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
