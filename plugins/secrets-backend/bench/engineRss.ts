/**
 * The engine's own memory, in a process that runs only the engine (src/__testUtils__/
 * engineProcess.ts: the plugin's sync runtime on its schedule, no harness, no HTTP), on a
 * local stack of its own with PostgreSQL (run on demand, not a test):
 *
 *   npm run bench:rss -- [--mappings 10000] [--steady-seconds 60] [--transform]
 *                        [--max-old-space <MiB>] [--heap-snapshot-dir <dir>]
 *
 * The engine process runs built into one JavaScript file, as a built backend would;
 * `--transform` runs its TypeScript through Backstage's require-time transform instead.
 * This process (the harness) writes N Vault secrets and creates N mappings through the
 * store, then starts the engine process and samples its resident set from /proc (VmRSS)
 * while it syncs every mapping from nothing, and while it syncs them all again with
 * nothing changed, then for `--steady-seconds` of idle cycles. Prints the times and the
 * engine process's RSS: peak, and after each phase. Should the engine process die, the run
 * stops and prints how it ended and the end of its output; with `--heap-snapshot-dir`, V8
 * writes a heap snapshot there when the process nears its heap limit (to open in Chrome's
 * DevTools), which shows what was live.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ConfigReader } from '@backstage/config';
import {
  defaultStackDir,
  stackKubernetesConfig,
  startStack,
  stopStack,
} from '@internal/devstack';
import knexFactory from 'knex';
import { arg, pool, silent, syncedCount, textArg } from './benchUtils';
import { startEngineChild } from '../src/__testUtils__/engineChild';
import { createSyncRuntime } from '../src/wiring';

const N = arg('mappings', 10_000);
const STEADY_SECONDS = arg('steady-seconds', 60);
/** Run the TypeScript source through the require-time transform instead of a build. */
const TRANSFORM = process.argv.includes('--transform');
/** With `--max-old-space <MiB>`: the engine process's V8 old-space limit (Node's flag). */
const MAX_OLD_SPACE = arg('max-old-space', 0);
const snapshotArg = textArg('heap-snapshot-dir');
const SNAPSHOT_DIR = snapshotArg ? path.resolve(snapshotArg) : undefined;
const NAMESPACE = 'payments';
const MiB = 1024 * 1024;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Resident set of a process, in bytes (Linux /proc); 0 once it has ended. */
function rssOf(pid: number): number {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return 0; // the process is gone: the wait loops report how it ended
  }
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
}

/**
 * engineProcess.ts built into one JavaScript file, as a built backend runs its plugins:
 * the require-time TypeScript transform costs over 100 MiB of its own.
 */
async function bundleEngine(dir: string): Promise<string> {
  const outfile = path.join(dir, 'engine.cjs');
  await build({
    entryPoints: [
      path.join(__dirname, '../src/__testUtils__/engineProcess.ts'),
    ],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    logLevel: 'warning',
    // knex's other dialects, and optional native modules, are never loaded.
    external: [
      'better-sqlite3',
      'sqlite3',
      'mysql',
      'mysql2',
      'mariadb',
      'oracledb',
      'tedious',
      'pg-native',
      'pg-query-stream',
      'cpu-features',
    ],
  });
  return outfile;
}

async function main() {
  const dir = defaultStackDir('bench-rss');
  const info = await startStack({ dir, postgres: true, log: () => undefined });
  const pg = info.postgres!;
  const connection = {
    host: pg.host,
    port: pg.port,
    user: pg.user,
    password: pg.password,
    database: new URL(pg.connectionString).pathname.slice(1) || 'postgres',
  };
  const knex = knexFactory({ client: 'pg', connection });
  const config = {
    kubernetes: stackKubernetesConfig(info),
    secrets: {
      stores: {
        kv: {
          server: info.vault.addr,
          caFile: info.vault.caFile,
          mount: 'secret',
          auth: { token: { value: info.vault.engine.token } },
          allowedPaths: [{ prefix: NAMESPACE }],
        },
      },
    },
  };
  let engine: Awaited<ReturnType<typeof startEngineChild>> | undefined;
  try {
    const script = TRANSFORM ? undefined : await bundleEngine(dir);
    // Setup in this process (not measured): N Vault secrets and N mappings.
    const harness = await createSyncRuntime({
      config: new ConfigReader(config),
      database: { getClient: async () => knex } as any,
      logger: silent,
    });
    await pool(N, 16, async i => {
      await fetch(`${info.vault.addr}/v1/secret/data/${NAMESPACE}/rss/${i}`, {
        method: 'POST',
        headers: { 'x-vault-token': info.vault.rootToken },
        body: JSON.stringify({
          data: { password: `rss-${i}-${Math.random()}` },
        }),
      });
    });
    await pool(N, 8, async i => {
      await harness.mappings.create('component:default/payments-api', {
        actor: 'user:default/alice',
        spec: {
          store: 'kv',
          data: [
            {
              secretKey: 'password',
              remoteRef: { key: `${NAMESPACE}/rss/${i}`, property: 'password' },
            },
          ],
          target: {
            clusters: ['local'],
            namespace: NAMESPACE,
            name: `rss-${i}`,
          },
        },
      });
    });
    await harness.engine.reconcile();
    await harness.close();

    const synced = () => syncedCount(knex);
    const started = Date.now();
    if (SNAPSHOT_DIR) fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
    engine = await startEngineChild({
      config,
      connection,
      timeoutMs: 120_000,
      script,
      nodeFlags: [
        ...(MAX_OLD_SPACE ? [`--max-old-space-size=${MAX_OLD_SPACE}`] : []),
        ...(SNAPSHOT_DIR
          ? [
              '--heapsnapshot-near-heap-limit=1',
              `--diagnostic-dir=${SNAPSHOT_DIR}`,
            ]
          : []),
      ],
    });
    const child = engine;
    /** Throws, with how it ended and its last output, once the engine process is gone. */
    const alive = () => {
      const exit = child.exit();
      if (!exit) return true;
      throw new Error(
        `the engine process ended (exit code ${exit.code}, signal ${
          exit.signal
        }) after ${Math.round(
          (Date.now() - started) / 1000,
        )} s; its output ended with:\n${child.output().slice(-4000)}`,
      );
    };
    let peak = 0;
    const sampler = setInterval(
      () => (peak = Math.max(peak, rssOf(engine!.pid))),
      250,
    );
    const startupMs = Date.now() - started;
    const idleRss = rssOf(engine.pid);

    // Cold: every mapping synced from nothing.
    const coldAt = Date.now();
    // Bounded: a run whose mappings do not all sync reports what it got.
    const deadline = Date.now() + 60 * 60_000;
    while (alive() && (await synced()) < N && Date.now() < deadline)
      await sleep(1000);
    const coldSynced = await synced();
    const coldMs = Date.now() - coldAt;
    const coldPeak = peak;
    const afterCold = rssOf(engine.pid);

    // A full pass with nothing changed: every row due again.
    const passAt = Date.now();
    await knex('secrets_sync_state').update({ next_due_at: new Date(0) });
    while (
      alive() &&
      Date.now() < passAt + 60 * 60_000 &&
      Number(
        (
          await knex('secrets_sync_state')
            .where('next_due_at', '<', new Date(passAt))
            .count({ n: '*' })
        )[0].n,
      ) > 0
    )
      await sleep(1000);
    const passMs = Date.now() - passAt;
    const afterPass = rssOf(engine.pid);

    await sleep(STEADY_SECONDS * 1000);
    alive();
    const afterSteady = rssOf(engine.pid);
    clearInterval(sampler);
    // What is retained after a full collection, and where (V8 heap, or buffers outside it).
    const retained = await engine.memory();

    const rows: [string, string][] = [
      ['mappings (distinct paths and Secrets)', String(N)],
      ['engine process start-up (to its first cycle)', `${startupMs} ms`],
      ['RSS at start, before any sync', `${Math.round(idleRss / MiB)} MiB`],
      [
        'cold sync of every mapping',
        `${(coldMs / 1000).toFixed(1)} s (${coldSynced} of ${N} Synced)`,
      ],
      [
        'RSS: peak during the cold sync / after it',
        `${Math.round(coldPeak / MiB)} MiB / ${Math.round(
          afterCold / MiB,
        )} MiB`,
      ],
      [
        'full pass with nothing changed',
        `${(passMs / 1000).toFixed(1)} s; RSS after it ${Math.round(
          afterPass / MiB,
        )} MiB`,
      ],
      [
        `RSS after ${STEADY_SECONDS} s of idle cycles`,
        `${Math.round(afterSteady / MiB)} MiB`,
      ],
      [
        'after a full collection: RSS / V8 heap used / heap total / external',
        [retained.rss, retained.heapUsed, retained.heapTotal, retained.external]
          .map(n => `${Math.round(n / MiB)} MiB`)
          .join(' / '),
      ],
      [
        'peak RSS of the engine process (target ≤ 300 MiB at 100,000)',
        `${Math.round(peak / MiB)} MiB`,
      ],
      [
        'engine process runs',
        TRANSFORM
          ? 'TypeScript through the require-time transform'
          : 'a build of it (esbuild, one file)',
      ],
      [
        'V8 old-space limit',
        MAX_OLD_SPACE ? `${MAX_OLD_SPACE} MiB` : "Node's default",
      ],
      ['Node', process.versions.node],
    ];
    const width = Math.max(...rows.map(r => r[0].length));
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  } finally {
    await engine?.stop();
    await knex.destroy();
    await stopStack();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
