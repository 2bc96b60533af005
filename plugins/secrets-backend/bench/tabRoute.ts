/**
 * The API's latency while the engine is busy (run on demand, not a test):
 *
 *   npm run bench:api -- [--mappings 10000] [--clusters 2] [--entity-mappings 100]
 *                        [--concurrency 8] [--loop-delay-budget <ms>] [--warm-up-seconds 5]
 *                        [--profile <dir>] [--engine-apart] [--pin]
 *
 * On a local stack of its own with PostgreSQL, this writes N Vault secrets and creates N
 * mappings through the store: `--entity-mappings` of them belong to payments-api, the rest
 * to search-api; each targets both of the stack's clusters (`--clusters 1`: `local` only).
 * It then starts the plugin in a backend (HTTP routes, the engine on its real schedule,
 * mock catalog and auth) and, while the engine syncs every mapping from
 * nothing, calls from a process of its own (bench/apiClient.ts, so that the caller's work
 * and the backend's never share an event loop) as a member of the owning team, one request
 * at a time each:
 *
 * - the Secrets tab's list route for payments-api (`GET …/mappings`), and
 * - "sync now" on payments-api's mappings in turn (`POST /mappings/{id}/sync`, which waits
 *   for the fresh status).
 *
 * Before that, for `--warm-up-seconds` with nothing due, the client calls the list route
 * unmeasured, so the backend's code is compiled as in one that has been running (else, at
 * 1,000 mappings, most of the few seconds measured are the first calls).
 *
 * Prints p50, p99 and the maximum of each, and how long the cold sync took beside them;
 * for the tab route also its time inside the backend and how long each request waited to
 * be read (the client sends its send time in a header; both run on one machine's clock);
 * then the list route once more for 10 s with the engine idle, for comparison. With
 * `--profile <dir>`, the backend's CPU profile during the cold sync is written there (open
 * it in Chrome's DevTools), to see what keeps its event loop busy. Each phase's end, and the
 * cold sync's count each minute, are printed on stderr as they happen, so a long run that is
 * stopped still tells how far it came.
 *
 * With `--engine-apart`, the backend serving the requests runs with
 * `secrets.engine.enabled: false` and the engine runs in a process of its own on the same
 * database (src/__testUtils__/engineProcess.ts, the plugin's replica tasks), as replicas
 * that serve the API only beside engine replicas would. With `--pin` (Linux, two cores or
 * more), the servers and an engine process run on CPU 1 and the backend measured and its
 * client on CPU 0 (`taskset`), as if the API had a node of its own.
 */
import { ConfigReader } from '@backstage/config';
import {
  defaultStackDir,
  stackKubernetesConfig,
  startStack,
  stopStack,
  type StackInfo,
} from '@internal/devstack';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import knexFactory, { type Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import {
  SENT_AT_HEADER,
  type ClientPlan,
  type ClientResult,
} from './apiClient';
import { measuredLine, printTabRouteReport } from './tabRouteReport';
import {
  arg,
  cpuProfiler,
  machineTicks,
  msArg,
  pinSelf,
  pool,
  progress,
  silent,
  syncedCount,
  textArg,
} from './benchUtils';
import {
  callers,
  startApiBackend,
} from '../src/service/__testUtils__/apiBackend';
import {
  startEngineChild,
  type EngineChild,
} from '../src/__testUtils__/engineChild';
import { createSyncRuntime } from '../src/wiring';

const N = arg('mappings', 10_000);
const CONCURRENCY = arg('concurrency', 8);
/** `--loop-delay-budget <ms>`: secrets.engine.loopDelayBudget (default: the product's). */
const BUDGET = msArg('loop-delay-budget');
const ENTITY_MAPPINGS = Math.min(N, arg('entity-mappings', 100));
const WARM_UP_MS = arg('warm-up-seconds', 5) * 1000;
const profileDir = textArg('profile');
const profiler = profileDir ? cpuProfiler(profileDir) : undefined;
const CLUSTERS = arg('clusters', 2);
if (CLUSTERS !== 1 && CLUSTERS !== 2)
  throw new Error('--clusters must be 1 or 2 (the local stack has two)');
const ENGINE_APART = process.argv.includes('--engine-apart');
const PIN = process.argv.includes('--pin');
const PAYMENTS = 'component:default/payments-api';
const SEARCH = 'component:default/search-api';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Mapping i: payments-api's for the first ENTITY_MAPPINGS, search-api's after. */
function mappingOf(i: number, clusters: string[]) {
  const team = i < ENTITY_MAPPINGS ? 'payments' : 'search';
  return {
    entityRef: team === 'payments' ? PAYMENTS : SEARCH,
    path: `${team}/bench-api/${i}`,
    spec: {
      store: 'local-kv2',
      data: [
        {
          secretKey: 'password',
          remoteRef: { key: `${team}/bench-api/${i}`, property: 'password' },
        },
      ],
      target: { clusters, namespace: team, name: `bench-api-${i}` },
    },
  };
}

/** The stack's clusters, which every mapping targets. */
const clustersOf = (info: StackInfo) => [
  'local',
  ...(info.secondCluster ? [info.secondCluster.name] : []),
];

/** The store the mappings read, for the seeding runtime and the engine process alike. */
const storesOf = (info: StackInfo) => ({
  'local-kv2': {
    server: info.vault.addr,
    caFile: info.vault.caFile,
    mount: 'secret',
    auth: { token: { value: info.vault.engine.token } },
    allowedPaths: [{ prefix: '{{ system }}' }],
  },
});

/** `secrets.engine` as measured: the product's defaults, not the API suites' short ones. */
const engineConfig = () => ({
  concurrency: CONCURRENCY,
  backoff: { initial: '5s', max: '10m' },
  ...(BUDGET === undefined ? {} : { loopDelayBudget: BUDGET }),
});

/** N Vault secrets and N mappings, created before the plugin starts (not measured). */
async function seed(info: StackInfo, knex: Knex): Promise<void> {
  const clusters = clustersOf(info);
  await pool(N, 16, async i => {
    await fetch(
      `${info.vault.addr}/v1/secret/data/${mappingOf(i, clusters).path}`,
      {
        method: 'POST',
        headers: { 'x-vault-token': info.vault.rootToken },
        body: JSON.stringify({
          data: { password: `api-${i}-${Math.random()}` },
        }),
      },
    );
  });
  progress(`set up: ${N} Vault secrets`);
  const harness = await createSyncRuntime({
    config: new ConfigReader({ secrets: { stores: storesOf(info) } }),
    database: { getClient: async () => knex } as any,
    logger: silent,
  });
  await pool(N, 8, async i => {
    const { entityRef, spec } = mappingOf(i, clusters);
    await harness.mappings.create(entityRef, {
      actor: 'user:default/alice',
      spec,
    });
  });
  // Their sync rows, as the engine's reconcile makes them for mappings it did not save.
  await harness.engine.reconcile();
  await harness.close();
  progress(`set up: ${N} mappings to ${clusters.join(' and ')}`);
}

/**
 * Starts bench/apiClient.ts in a process of its own with `plan`; `stop()` ends an open-ended
 * plan, and `result` resolves with what it measured.
 */
function startClient(plan: Omit<ClientPlan, 'resultFile'>): {
  stop(): void;
  result: Promise<ClientResult>;
} {
  const resultFile = path.join(
    os.tmpdir(),
    `bench-api-client-${process.pid}-${Date.now()}.json`,
  );
  const node = [
    process.execPath,
    ...process.execArgv,
    path.join(__dirname, 'apiClient.ts'),
  ];
  const child = spawn(
    PIN ? 'taskset' : node[0],
    PIN ? ['-c', '0', ...node] : node.slice(1),
    {
      env: {
        ...process.env,
        BENCH_API_CLIENT: JSON.stringify({ ...plan, resultFile }),
      },
      stdio: ['pipe', 'inherit', 'inherit'],
    },
  );
  const result = new Promise<ClientResult>((resolve, reject) => {
    child.once('close', code => {
      try {
        if (code !== 0) throw new Error(`the API client exited with ${code}`);
        resolve(JSON.parse(fs.readFileSync(resultFile, 'utf8')));
      } catch (error) {
        reject(error);
      } finally {
        fs.rmSync(resultFile, { force: true });
      }
    });
  });
  return { stop: () => child.stdin!.write('stop\n'), result };
}

async function main() {
  if (PIN) pinSelf('1');
  const dir = defaultStackDir('bench-api');
  const info = await startStack({
    dir,
    postgres: true,
    secondCluster: CLUSTERS === 2,
    log: () => undefined,
  });
  const pg = info.postgres!;
  const knex = knexFactory({
    client: 'pg',
    connection: pg.connectionString,
    pool: { min: 0, max: 10 },
  });
  let engine: EngineChild | undefined;
  let backend: Awaited<ReturnType<typeof startApiBackend>> | undefined;
  try {
    await seed(info, knex);
    const ids: string[] = (
      await knex('secrets_mappings').where('entity_ref', PAYMENTS).select('id')
    ).map((r: { id: string }) => r.id);
    const synced = () => syncedCount(knex);
    // Nothing due until the warm-up is over.
    await knex('secrets_sync_state').update({
      next_due_at: new Date(Date.now() + 24 * 3600_000),
    });

    backend = await startApiBackend({
      knex,
      info,
      scheduleByClock: true,
      engine: ENGINE_APART ? { enabled: false } : engineConfig(),
    });
    engine = ENGINE_APART
      ? await startEngineChild({
          config: {
            kubernetes: stackKubernetesConfig(info),
            secrets: { engine: engineConfig(), stores: storesOf(info) },
          },
          connection: { connectionString: pg.connectionString },
          timeoutMs: 120_000,
        })
      : undefined;
    // The servers and the engine process were started on CPU 1; the backend moves now.
    if (PIN) pinSelf('0');
    const { port } = backend.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}/api/secrets`;
    const headers = {
      authorization: callers.member,
      'content-type': 'application/json',
    };

    if (WARM_UP_MS > 0)
      await startClient({
        base,
        headers,
        entity: 'component/default/payments-api',
        syncIds: [],
        forMs: WARM_UP_MS,
      }).result;
    // The cold sync starts now: every mapping due, the engine's next run takes them.
    const started = Date.now();
    const cpuBefore = process.cpuUsage();
    const ticksBefore = machineTicks();
    await knex('secrets_sync_state').update({ next_due_at: new Date() });

    // How long the backend's event loop was blocked while the engine synced.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    // The tab route's time inside the backend: from the request's arrival to the end of
    // the response (no client, no connection set-up), to tell the two apart; and how long
    // it waited before that, from the client's send to the backend reading it.
    const inside: number[] = [];
    const waited: number[] = [];
    const onRequest = (
      req: import('node:http').IncomingMessage,
      res: import('node:http').ServerResponse,
    ) => {
      if (req.method !== 'GET' || !req.url?.endsWith('/mappings')) return;
      const at = performance.now();
      const sent = Number(req.headers[SENT_AT_HEADER]);
      if (sent) waited.push(performance.timeOrigin + at - sent);
      res.once('finish', () => inside.push(performance.now() - at));
    };
    backend.server.on('request', onRequest);
    await profiler?.start();
    const entity = 'component/default/payments-api';
    const loaded = startClient({ base, headers, entity, syncIds: ids });
    // One state row per mapping and cluster: synced when every one is.
    const rows = N * clustersOf(info).length;
    let told = started;
    for (let n = 0; n < rows && Date.now() - started < 60 * 60_000; ) {
      await sleep(500);
      n = await synced();
      if (Date.now() - told >= 60_000) {
        told = Date.now();
        progress(
          `cold sync: ${n} of ${rows} Secrets synced after ${Math.round(
            (told - started) / 1000,
          )} s`,
        );
      }
    }
    const coldMs = Date.now() - started;
    progress(`cold sync: ended after ${(coldMs / 1000).toFixed(1)} s`);
    const cpu = process.cpuUsage(cpuBefore);
    const ticksAfter = machineTicks();
    loaded.stop();
    await profiler?.stop('cold-sync');
    const { tab, syncNow } = await loaded.result;
    progress(measuredLine('while it ran: tab route', tab, 'cold sync'));
    progress(measuredLine('while it ran: sync now', syncNow!, 'cold sync'));
    // Only now: a "sync now" still in flight needs the engine to be answered.
    await engine?.stop();
    loopDelay.disable();
    backend.server.off('request', onRequest);
    inside.sort((a, b) => a - b);
    waited.sort((a, b) => a - b);
    // The same route with the engine idle, for comparison.
    const { tab: idle } = await startClient({
      base,
      headers,
      entity,
      syncIds: [],
      forMs: 10_000,
    }).result;
    await backend.stop();
    backend = undefined;

    printTabRouteReport({
      mappings: N,
      entityMappings: ids.length,
      clusters: clustersOf(info),
      pinned: PIN,
      engineApart: ENGINE_APART,
      warmUpMs: WARM_UP_MS,
      coldMs,
      cpu,
      busy:
        ticksBefore && ticksAfter
          ? (ticksAfter.busy - ticksBefore.busy) /
            (ticksAfter.all - ticksBefore.all)
          : NaN,
      tab,
      syncNow: syncNow!,
      idle,
      inside,
      waited,
      loopDelay: {
        p50: loopDelay.percentile(50),
        p99: loopDelay.percentile(99),
        max: loopDelay.max,
      },
    });
  } finally {
    await engine?.stop();
    // A run that failed half-way: its engine must stop using the database first.
    await backend?.stop().catch(() => undefined);
    await knex.destroy();
    await stopStack();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
