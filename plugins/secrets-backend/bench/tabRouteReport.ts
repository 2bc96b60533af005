/**
 * The figures bench/tabRoute.ts prints at its end (`npm run bench:api`), kept apart from
 * the run that measures them.
 */
import type { Measured } from './apiClient';
import { percentile } from './benchUtils';

/** One measured series: count, p50, p99 and the maximum of ascending `r.ms`. */
export const measuredLine = (name: string, r: Measured, target: string) =>
  `${name.padEnd(40)} n=${r.ms.length}  p50 ${percentile(r.ms, 50).toFixed(
    1,
  )} ms  p99 ${percentile(r.ms, 99).toFixed(1)} ms  max ${r.ms[
    r.ms.length - 1
  ]?.toFixed(1)} ms  statuses ${JSON.stringify(r.statuses)}  (${target})`;

export interface TabRouteFigures {
  mappings: number;
  entityMappings: number;
  clusters: string[];
  pinned: boolean;
  engineApart: boolean;
  warmUpMs: number;
  coldMs: number;
  /** The backend's CPU time during the cold sync, in µs (process.cpuUsage). */
  cpu: { user: number; system: number };
  /** The machine's busy share of all cores during the cold sync (NaN if unknown). */
  busy: number;
  tab: Measured;
  syncNow: Measured;
  idle: Measured;
  /** The tab route's time inside the backend and its wait to be read, ascending. */
  inside: number[];
  waited: number[];
  loopDelay: { p50: number; p99: number; max: number };
}

export function printTabRouteReport(f: TabRouteFigures): void {
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  console.log(
    `mappings ${f.mappings}, each to ${f.clusters.join(
      ' and ',
    )}; payments-api has ${f.entityMappings}; ${
      f.pinned
        ? 'pinned (servers, engine process: CPU 1; backend, client: CPU 0); '
        : ''
    }the engine ${
      f.engineApart
        ? 'in a process of its own (secrets.engine.enabled: false in the backend measured)'
        : 'in the backend measured'
    }`,
  );
  console.log(
    `cold sync of every mapping to every cluster, from when they were made due: ${(
      f.coldMs / 1000
    ).toFixed(1)} s (after ${f.warmUpMs / 1000} s of warm-up calls)`,
  );
  console.log(
    `CPU during the cold sync: the backend measured ${(
      (f.cpu.user + f.cpu.system) /
      1e6
    ).toFixed(1)} s; the machine ${(f.busy * 100).toFixed(
      0,
    )} % busy (all cores)`,
  );
  for (const [name, r, target] of [
    ['Secrets tab list route (GET …/mappings)', f.tab, 'target p99 ≤ 50 ms'],
    ['sync now (POST /mappings/{id}/sync)', f.syncNow, 'target p99 ≤ 2 s'],
    ['the tab route again, engine idle', f.idle, 'for comparison'],
    [
      'the tab route inside the backend',
      { ms: f.inside, statuses: {} },
      'arrival to response end',
    ],
    [
      'the tab route, waiting to be read',
      { ms: f.waited, statuses: {} },
      'client send to arrival',
    ],
  ] as const)
    console.log(measuredLine(name, r, target));
  console.log(
    `event loop delay during the cold sync: p50 ${ms(
      f.loopDelay.p50,
    )} ms  p99 ${ms(f.loopDelay.p99)} ms  max ${ms(f.loopDelay.max)} ms`,
  );
}
