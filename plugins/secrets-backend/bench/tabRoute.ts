/**
 * The API's latency while the engine is busy (run on demand, not a test):
 *
 *   npm run bench:api -- [--mappings 10000] [--entity-mappings 100]
 *
 * On a local stack of its own with PostgreSQL, this writes N Vault secrets and creates N
 * mappings through the store: `--entity-mappings` of them belong to payments-api, the rest
 * to search-api. It then starts the plugin in a backend (HTTP routes, the engine on its
 * real schedule, mock catalog and auth) and, while the engine syncs every mapping from
 * nothing, calls as a member of the owning team, one request at a time each:
 *
 * - the Secrets tab's list route for payments-api (`GET …/mappings`), and
 * - "sync now" on payments-api's mappings in turn (`POST /mappings/{id}/sync`, which waits
 *   for the fresh status).
 *
 * Prints p50, p99 and the maximum of each, and how long the cold sync took beside them;
 * then the list route once more for 10 s with the engine idle, for comparison.
 */
import { ConfigReader } from '@backstage/config';
import {
  defaultStackDir,
  startStack,
  stopStack,
  type StackInfo,
} from '@internal/devstack';
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import knexFactory, { type Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import { arg, percentile, pool, silent, syncedCount } from './benchUtils';
import {
  callers,
  startApiBackend,
} from '../src/service/__testUtils__/apiBackend';
import { createSyncRuntime } from '../src/wiring';

const N = arg('mappings', 10_000);
const ENTITY_MAPPINGS = Math.min(N, arg('entity-mappings', 100));
const PAYMENTS = 'component:default/payments-api';
const SEARCH = 'component:default/search-api';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
/** Mapping i: payments-api's for the first ENTITY_MAPPINGS, search-api's after. */
function mappingOf(i: number) {
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
      target: { clusters: ['local'], namespace: team, name: `bench-api-${i}` },
    },
  };
}

/** N Vault secrets and N mappings, created before the plugin starts (not measured). */
async function seed(info: StackInfo, knex: Knex): Promise<void> {
  await pool(N, 16, async i => {
    await fetch(`${info.vault.addr}/v1/secret/data/${mappingOf(i).path}`, {
      method: 'POST',
      headers: { 'x-vault-token': info.vault.rootToken },
      body: JSON.stringify({ data: { password: `api-${i}-${Math.random()}` } }),
    });
  });
  const harness = await createSyncRuntime({
    config: new ConfigReader({
      secrets: {
        stores: {
          'local-kv2': {
            server: info.vault.addr,
            caFile: info.vault.caFile,
            mount: 'secret',
            auth: { token: { value: info.vault.engine.token } },
            allowedPaths: [{ prefix: '{{ system }}' }],
          },
        },
      },
    }),
    database: { getClient: async () => knex } as any,
    logger: silent,
  });
  await pool(N, 8, async i => {
    const { entityRef, spec } = mappingOf(i);
    await harness.mappings.create(entityRef, {
      actor: 'user:default/alice',
      spec,
    });
  });
  await harness.close();
}

/** Calls `call` one at a time until `done`; the latency of each, in ms. */
async function measure(
  call: (i: number) => Promise<Response>,
  done: () => boolean,
): Promise<{ ms: number[]; statuses: Record<number, number> }> {
  const ms: number[] = [];
  const statuses: Record<number, number> = {};
  for (let i = 0; !done(); i++) {
    const start = performance.now();
    const res = await call(i);
    await res.arrayBuffer();
    ms.push(performance.now() - start);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    await sleep(10);
  }
  return { ms: ms.sort((a, b) => a - b), statuses };
}

async function main() {
  const dir = defaultStackDir('bench-api');
  const info = await startStack({ dir, postgres: true, log: () => undefined });
  const pg = info.postgres!;
  const knex = knexFactory({
    client: 'pg',
    connection: pg.connectionString,
    pool: { min: 0, max: 10 },
  });
  try {
    await seed(info, knex);
    const ids: string[] = (
      await knex('secrets_mappings').where('entity_ref', PAYMENTS).select('id')
    ).map((r: { id: string }) => r.id);
    const synced = () => syncedCount(knex);

    const started = Date.now();
    const backend = await startApiBackend({
      knex,
      info,
      scheduleByClock: true,
      // The product's defaults, not the API suites' short ones.
      engine: { concurrency: 8, backoff: { initial: '5s', max: '10m' } },
    });
    const { port } = backend.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}/api/secrets`;
    const headers = {
      authorization: callers.member,
      'content-type': 'application/json',
    };

    // How long the backend's event loop was blocked while the engine synced.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    let cold = false;
    const watcher = (async () => {
      while ((await synced()) < N && Date.now() - started < 60 * 60_000)
        await sleep(500);
      cold = true;
    })();
    const [tab, syncNow] = await Promise.all([
      measure(
        () =>
          fetch(`${base}/entities/component/default/payments-api/mappings`, {
            headers,
          }),
        () => cold,
      ),
      measure(
        i =>
          fetch(`${base}/mappings/${ids[i % ids.length]}/sync`, {
            method: 'POST',
            headers,
          }),
        () => cold,
      ),
    ]);
    await watcher;
    const coldMs = Date.now() - started;
    loopDelay.disable();
    // The same route with the engine idle, for comparison.
    const idleUntil = Date.now() + 10_000;
    const idle = await measure(
      () =>
        fetch(`${base}/entities/component/default/payments-api/mappings`, {
          headers,
        }),
      () => Date.now() > idleUntil,
    );
    await backend.stop();

    const line = (
      name: string,
      r: { ms: number[]; statuses: Record<number, number> },
      target: string,
    ) =>
      `${name.padEnd(40)} n=${r.ms.length}  p50 ${percentile(r.ms, 50).toFixed(
        1,
      )} ms  p99 ${percentile(r.ms, 99).toFixed(1)} ms  max ${r.ms[
        r.ms.length - 1
      ].toFixed(1)} ms  statuses ${JSON.stringify(r.statuses)}  (${target})`;
    console.log(`mappings ${N}; payments-api has ${ids.length}`);
    console.log(
      `cold sync of every mapping, from the backend's start: ${(
        coldMs / 1000
      ).toFixed(1)} s`,
    );
    console.log(
      line(
        'Secrets tab list route (GET …/mappings)',
        tab,
        'target p99 ≤ 50 ms',
      ),
    );
    console.log(
      line('sync now (POST /mappings/{id}/sync)', syncNow, 'target p99 ≤ 2 s'),
    );
    console.log(
      line('the tab route again, engine idle', idle, 'for comparison'),
    );
    console.log(
      `event loop delay during the cold sync: p50 ${(
        loopDelay.percentile(50) / 1e6
      ).toFixed(1)} ms  p99 ${(loopDelay.percentile(99) / 1e6).toFixed(
        1,
      )} ms  max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
    );
  } finally {
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
