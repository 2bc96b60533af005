/**
 * Sync engine benchmark against a local stack of its own (run on demand, not a test):
 *
 *   npm run bench -- [--mappings 1000] [--concurrency 8]
 *
 * Prints: cold-sync wall time; the same reads and writes done by a bare client loop at the
 * same concurrency (the floor) and the ratio; Vault reads and Kubernetes writes of a
 * steady cycle with nothing changed; "sync now" latency while every other mapping is due;
 * and the process RSS.
 */
import fs from 'node:fs';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  defaultStackDir,
  stackKubernetesConfig,
  startStack,
  stopStack,
} from '@internal/devstack';
import knexFactory from 'knex';
import { createSyncRuntime } from '../src/engine/runtime';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const N = arg('mappings', 1000);
const CONCURRENCY = arg('concurrency', 8);
const NAMESPACE = 'payments';

const silent: LoggerService = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => silent,
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * CPU seconds so far of this process and of the stack's servers (Linux /proc; clock ticks
 * are 100 per second there). On two shared cores this tells whether a phase is bound by
 * the engine's own CPU or by the servers'.
 */
function cpuSeconds(pids: Record<string, number>) {
  const own = process.cpuUsage();
  let servers = 0;
  for (const pid of Object.values(pids)) {
    try {
      const fields = fs
        .readFileSync(`/proc/${pid}/stat`, 'utf8')
        .split(') ')[1]
        .split(' ');
      servers += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // not Linux, or the server is gone: report what can be read
    }
  }
  return { node: (own.user + own.system) / 1e6, servers };
}

const cpuDelta = (
  a: { node: number; servers: number },
  b: { node: number; servers: number },
) =>
  `node ${(b.node - a.node).toFixed(1)} s, servers ${(
    b.servers - a.servers
  ).toFixed(1)} s`;

/** Runs `fn` over 0..n-1 with `width` in flight. */
async function pool(
  n: number,
  width: number,
  fn: (i: number) => Promise<unknown>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

async function main() {
  let peakRss = 0;
  const sampler = setInterval(
    () => (peakRss = Math.max(peakRss, process.memoryUsage().rss)),
    200,
  );
  const dir = defaultStackDir('bench');
  const info = await startStack({ dir, log: () => undefined });
  try {
    const config = new ConfigReader({
      kubernetes: stackKubernetesConfig(info),
      secrets: {
        engine: { concurrency: CONCURRENCY },
        stores: {
          kv: {
            server: info.vault.addr,
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
    const cluster = runtime.clusters.get('local')!;

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
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
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
              clusters: ['local'],
              namespace: NAMESPACE,
              name: `bench-${i}`,
            },
          },
        },
      );
      ids.push(m.id);
    }
    await runtime.engine.reconcile();

    const drain = async () => {
      const total = { claimed: 0, writes: 0, failed: 0 };
      for (;;) {
        const r = await runtime.engine.runCycle();
        if (r.claimed === 0) return total;
        total.claimed += r.claimed;
        total.writes += r.writes;
        total.failed += r.failed;
      }
    };

    let cpu = cpuSeconds(info.pids);
    let t = Date.now();
    const cold = await drain();
    const coldMs = Date.now() - t;
    const coldCpu = cpuDelta(cpu, (cpu = cpuSeconds(info.pids)));

    // The floor: the same reads and creates with the gateways alone, same concurrency.
    t = Date.now();
    await pool(N, CONCURRENCY, async i => {
      const secret = await vault.read(`${NAMESPACE}/bench/${i}`);
      await cluster.createSecret({
        namespace: NAMESPACE,
        name: `floor-${i}`,
        data: { password: Buffer.from(String(secret.data.password)) },
      });
    });
    const floorMs = Date.now() - t;
    const floorCpu = cpuDelta(cpu, (cpu = cpuSeconds(info.pids)));

    // Steady cycle: everything due again, nothing changed in Vault.
    await db('secrets_sync_state').update({ next_due_at: new Date(0) });
    const readsBefore = vault.stats().reads;
    t = Date.now();
    const steady = await drain();
    const steadyMs = Date.now() - t;
    const steadyReads = vault.stats().reads - readsBefore;

    // "Sync now" while every other mapping is due.
    await db('secrets_sync_state').update({ next_due_at: new Date(0) });
    const background = drain();
    const latencies: number[] = [];
    for (let k = 0; k < 20; k++) {
      const id = ids[Math.floor(Math.random() * ids.length)];
      const start = Date.now();
      await runtime.engine.syncNow(id, 'user:default/alice');
      latencies.push(Date.now() - start);
    }
    await background;
    latencies.sort((a, b) => a - b);

    await runtime.close();
    await db.destroy();
    clearInterval(sampler);
    const rows: [string, string][] = [
      ['mappings (distinct paths and Secrets)', String(N)],
      ['concurrency', String(CONCURRENCY)],
      [
        'cold sync, engine',
        `${seconds(coldMs)} (${cold.writes} writes, ${cold.failed} failed)`,
      ],
      ['  CPU used by the engine phase', coldCpu],
      ['cold sync, bare client loop (floor)', seconds(floorMs)],
      ['  CPU used by the floor phase', floorCpu],
      ['ratio engine / floor (target ≤ 1.25)', (coldMs / floorMs).toFixed(2)],
      [
        'steady cycle, nothing changed',
        `${seconds(steadyMs)}: ${steadyReads} Vault reads, ${
          steady.writes
        } Kubernetes writes`,
      ],
      [
        'Vault reads per distinct path when unchanged (target ≤ 1)',
        (steadyReads / N).toFixed(2),
      ],
      [
        'sync now while all due: p50 / p99 (20 calls)',
        `${latencies[Math.floor(latencies.length / 2)]} ms / ${percentile(
          latencies,
          99,
        )} ms`,
      ],
      [
        'peak RSS of this process (engine + stores)',
        `${Math.round(peakRss / 1024 / 1024)} MiB`,
      ],
      ['Vault', info.vault.version],
      ['kube-apiserver', info.kubernetes.version],
    ];
    const width = Math.max(...rows.map(r => r[0].length));
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
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
