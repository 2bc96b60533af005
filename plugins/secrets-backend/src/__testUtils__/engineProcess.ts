/**
 * The sync engine alone, in a process of its own, driven on the plugin's schedule (the
 * same `replicaTasks`: sync runs, requests, health, reconcile and watch refreshes). Suites
 * kill it with SIGKILL to prove what survives; it has no HTTP server and no catalog.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs engineProcess.ts
 *
 * ENGINE_CONFIG: the app-config (JSON: `kubernetes`, `secrets`); ENGINE_DATABASE: knex's
 * `pg` connection (JSON). Prints `ready <owner>` once running. Reads commands on stdin:
 * `syncNow <mappingId>` answers `ack <mappingId> <status,...>` when the request is
 * acknowledged (as the API's 200 or 202); `rss` answers `rss <bytes>`; `memory` answers
 * `memory <process.memoryUsage() as JSON>`, after a full collection when started with
 * --expose-gc. Logs go to stderr as JSON lines.
 */
import readline from 'node:readline';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import knexFactory from 'knex';
import { createSyncRuntime, replicaTasks } from '../wiring';

function jsonLogger(fields: object = {}): LoggerService {
  const log = (level: string) => (message: string, meta?: unknown) =>
    process.stderr.write(
      `${JSON.stringify({
        level,
        message,
        ...fields,
        ...(meta instanceof Error ? { error: String(meta) } : (meta as object)),
      })}\n`,
    );
  return {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: () => undefined,
    child: more => jsonLogger({ ...fields, ...more }),
  };
}

/** Runs `fn` now and `ms` after each run ends, as the scheduler does for a task. */
function every(ms: number, fn: () => Promise<unknown>, logger: LoggerService) {
  const run = async () => {
    try {
      await fn();
    } catch (error) {
      logger.warn(`scheduled run failed: ${(error as Error)?.name ?? 'error'}`);
    }
    setTimeout(run, ms);
  };
  void run();
}

async function main() {
  const logger = jsonLogger();
  const config = new ConfigReader(
    JSON.parse(process.env.ENGINE_CONFIG ?? '{}'),
  );
  const knex = knexFactory({
    client: 'pg',
    connection: JSON.parse(process.env.ENGINE_DATABASE ?? '{}'),
    pool: { min: 0, max: 10 },
  });
  const runtime = await createSyncRuntime({
    config,
    database: { getClient: async () => knex } as any,
    logger,
  });
  for (const task of replicaTasks(runtime, logger))
    every(task.frequencyMs, task.fn, logger);

  readline.createInterface({ input: process.stdin }).on('line', line => {
    const [verb, arg] = line.trim().split(/\s+/);
    if (verb === 'syncNow') {
      runtime.engine.syncNow(arg, 'user:default/alice').then(
        states =>
          process.stdout.write(
            `ack ${arg} ${states.map(s => s.status).join(',')}\n`,
          ),
        error => process.stdout.write(`nack ${arg} ${error?.name}\n`),
      );
    } else if (verb === 'rss') {
      process.stdout.write(`rss ${process.memoryUsage().rss}\n`);
    } else if (verb === 'memory') {
      // After a full collection when --expose-gc is on: what is retained, not garbage.
      (globalThis as { gc?: () => void }).gc?.();
      process.stdout.write(`memory ${JSON.stringify(process.memoryUsage())}\n`);
    }
  });
  process.stdout.write(`ready\n`);
}

main().catch(error => {
  process.stderr.write(`engine process failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
