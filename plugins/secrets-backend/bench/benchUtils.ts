import type { LoggerService } from '@backstage/backend-plugin-api';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';
import type { Knex } from 'knex';

/** `--<name> <number>` from the command line, or `fallback`. */
export const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};

/** `--<name> <text>` from the command line, or undefined. */
export const textArg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};

/**
 * Moves this process, every thread of it, to `cpu` (Linux's `taskset`); what it starts
 * later inherits that. For `--pin`: the servers on one core, the process measured on another.
 */
export const pinSelf = (cpu: string) =>
  execFileSync('taskset', ['-a', '-p', '-c', cpu, String(process.pid)], {
    stdio: 'ignore',
  });

/** `--<name> <ms>` as a duration config value (`"<ms>ms"`), or undefined. */
export const msArg = (name: string): string | undefined =>
  process.argv.includes(`--${name}`) ? `${arg(name, 0)}ms` : undefined;

/** A logger that drops everything: the benchmarks print their own figures. */
export const silent: LoggerService = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => silent,
};

/** Runs `fn` over 0..n-1 with `width` in flight. */
export async function pool(
  n: number,
  width: number,
  fn: (i: number) => unknown,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

/** How many mappings' rows say Synced. */
export async function syncedCount(knex: Knex): Promise<number> {
  const [row] = await knex('secrets_sync_state')
    .where('status', 'Synced')
    .count({ n: '*' });
  return Number(row.n);
}

/**
 * A phase's figures as soon as it ends, on stderr with the time of day: a run of an hour
 * that is stopped early still tells what it measured (the table at the end repeats them).
 */
export const progress = (text: string) =>
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${text}`);

/** The p-th percentile of ascending `sorted` (nearest rank). */
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * V8 CPU profiles of this process, one file per phase (`<dir>/<n>-<phase>.cpuprofile`), to
 * open in Chrome's DevTools.
 */
export function cpuProfiler(dir: string) {
  const session = new inspector.Session();
  session.connect();
  let count = 0;
  return {
    async start() {
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    },
    async stop(phase: string) {
      const { profile } = await session.post('Profiler.stop');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${++count}-${phase}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
    },
  };
}

/** The machine's CPU time so far, busy and all, in clock ticks (Linux's /proc/stat). */
export function machineTicks(): { busy: number; all: number } | undefined {
  try {
    const [, ...fields] = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/);
    const n = fields.map(Number);
    const all = n.reduce((a, b) => a + b, 0);
    // idle and iowait are the 4th and 5th fields.
    return { busy: all - n[3] - n[4], all };
  } catch {
    return undefined;
  }
}
