/**
 * The caller of `npm run bench:api`, in a process of its own: timed from outside, as a
 * browser sees the backend, so that the client's own work never waits on the backend's
 * event loop (or the other way round). Started by tabRoute.ts with BENCH_API_CLIENT set to
 * a JSON {@link ClientPlan}; writes its {@link ClientResult} to the plan's `resultFile`
 * when done (a file: at 100,000 mappings the result is megabytes), and while it runs
 * prints its figures so far on stderr each minute, so that a long run that is stopped
 * still tells them.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { percentile, progress } from './benchUtils';

/** What the client calls, and until when. */
export interface ClientPlan {
  /** The plugin's base URL, e.g. `http://127.0.0.1:7007/api/secrets`. */
  base: string;
  headers: Record<string, string>;
  /** The entity whose Secrets tab is listed: `kind/namespace/name`. */
  entity: string;
  /** Mappings for "sync now", in turn; none: the tab route only. */
  syncIds: string[];
  /** Stops after this long; without it, when a line `stop` arrives on stdin. */
  forMs?: number;
  /** Where the result is written as JSON. */
  resultFile: string;
}

/**
 * The header with the time a request was sent (ms since the epoch, with fractions): the
 * backend's side measures how long the request waited before it was read.
 */
export const SENT_AT_HEADER = 'x-bench-sent-at';

/** Latencies in ms (ascending) and the count of each HTTP status. */
export interface Measured {
  ms: number[];
  statuses: Record<number, number>;
}

export interface ClientResult {
  tab: Measured;
  syncNow?: Measured;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Calls `call` one at a time, 10 ms apart, until `done`; its latencies so far in `ms`. */
async function measure(
  call: (i: number) => Promise<Response>,
  done: () => boolean,
  ms: number[] = [],
): Promise<Measured> {
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

async function run(plan: ClientPlan): Promise<ClientResult> {
  let stopped = false;
  if (plan.forMs !== undefined) setTimeout(() => (stopped = true), plan.forMs);
  else
    readline
      .createInterface({ input: process.stdin })
      .on('line', line => line === 'stop' && (stopped = true));
  const done = () => stopped;
  const so = { tab: [] as number[], syncNow: [] as number[] };
  const figures = (name: string, ms: number[]) => {
    const sorted = [...ms].sort((a, b) => a - b);
    return sorted.length
      ? `${name} n=${sorted.length} p50 ${percentile(sorted, 50).toFixed(
          1,
        )} ms p99 ${percentile(sorted, 99).toFixed(1)} ms`
      : `${name} n=0`;
  };
  const told = setInterval(
    () =>
      progress(
        `client so far: ${figures('tab route', so.tab)}; ${figures(
          'sync now',
          so.syncNow,
        )}`,
      ),
    60_000,
  );
  const [tab, syncNow] = await Promise.all([
    measure(
      () =>
        fetch(`${plan.base}/entities/${plan.entity}/mappings`, {
          headers: {
            ...plan.headers,
            [SENT_AT_HEADER]: String(
              performance.timeOrigin + performance.now(),
            ),
          },
        }),
      done,
      so.tab,
    ),
    plan.syncIds.length
      ? measure(
          i =>
            fetch(
              `${plan.base}/mappings/${
                plan.syncIds[i % plan.syncIds.length]
              }/sync`,
              { method: 'POST', headers: plan.headers },
            ),
          done,
          so.syncNow,
        )
      : undefined,
  ]);
  clearInterval(told);
  return { tab, ...(syncNow ? { syncNow } : {}) };
}

if (process.env.BENCH_API_CLIENT) {
  const plan: ClientPlan = JSON.parse(process.env.BENCH_API_CLIENT);
  run(plan).then(
    result => {
      fs.writeFileSync(plan.resultFile, JSON.stringify(result));
      process.exit(0);
    },
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}
