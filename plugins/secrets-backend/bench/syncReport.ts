import { percentile } from './benchUtils';
import type { DriftRepairFigures } from './driftRepair';

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** One measured round: the engine's cold sync and the floor's, with what each cost. */
export interface SyncRound {
  engine: {
    ms: number;
    cpu: string;
    reads: number;
    result: { writes: number; failed: number };
    requests: string;
  };
  floor: { ms: number; cpu: string; requests: string };
}

/** Every mapping due again with nothing changed in Vault. */
export interface SteadyCycle {
  ms: number;
  reads: number;
  writes: number;
  /** CPU of this process and each server in the cycle. */
  cpu: string;
  /** The API servers' requests in it, with their mean time each. */
  requests: string;
}

/** What `bench/sync.ts` measured, printed as one table at its end. */
export function printSyncReport(f: {
  mappings: number;
  clusters: number;
  warmUp: number;
  concurrency: number;
  budget?: string;
  rounds: SyncRound[];
  /** With no Secret watch up: every Secret read. */
  steady: SteadyCycle;
  /** With the watches up, as in a backend. */
  watchedSteady: SteadyCycle;
  syncNow: { latencies: number[]; served: number };
  driftSamples: number;
  drift: DriftRepairFigures;
  peakRss: number;
  pinned: boolean;
  versions: { vault: string; kubernetes: string };
}) {
  const ratios = f.rounds.map(r => r.engine.ms / r.floor.ms);
  const median = [...ratios].sort((a, b) => a - b)[
    Math.floor(ratios.length / 2)
  ];
  const rows: [string, string][] = [
    ['mappings (distinct paths)', String(f.mappings)],
    [
      'clusters (every mapping targets each)',
      `${f.clusters}: ${f.mappings * f.clusters} Secrets per round`,
    ],
    ['warm-up round (not counted)', `${f.warmUp} mappings`],
    ['concurrency', String(f.concurrency)],
    ['loop delay budget', f.budget ?? 'the default'],
    ...f.rounds.flatMap((r, k): [string, string][] => [
      [
        `round ${k + 1}: cold sync, engine`,
        `${seconds(r.engine.ms)} (${r.engine.reads} Vault reads, ${
          r.engine.result.writes
        } writes, ${r.engine.result.failed} failed); CPU ${r.engine.cpu}`,
      ],
      [
        `round ${k + 1}: bare client loop (floor)`,
        `${seconds(r.floor.ms)}; CPU ${r.floor.cpu}`,
      ],
      [`round ${k + 1}: ratio engine / floor`, ratios[k].toFixed(2)],
    ]),
    // Of the last round: what the API servers served per Secret written.
    [
      'API server requests per Secret, engine (last round)',
      f.rounds[f.rounds.length - 1].engine.requests,
    ],
    [
      'API server requests per Secret, floor (last round)',
      f.rounds[f.rounds.length - 1].floor.requests,
    ],
    [
      `ratio engine / floor, median of ${f.rounds.length} (target ≤ 1.25)`,
      median.toFixed(2),
    ],
    ...steadyRows('steady cycle, nothing changed, no watches', f.steady),
    ...steadyRows('steady cycle, watches up', f.watchedSteady),
    [
      'Vault reads per distinct path when unchanged (target ≤ 1)',
      `${(f.steady.reads / f.mappings).toFixed(2)} (no watches), ${(
        f.watchedSteady.reads / f.mappings
      ).toFixed(2)} (watches up)`,
    ],
    [
      'sync now while all due: p50 / p99 (20 calls)',
      `${
        f.syncNow.latencies[Math.floor(f.syncNow.latencies.length / 2)]
      } ms / ${percentile(f.syncNow.latencies, 99)} ms; ${
        f.syncNow.served
      } answered with a sync begun after the request`,
    ],
    [
      `drift repair by the watch: p50 / p99 (${f.driftSamples} hand edits, target p99 ≤ 2 s)`,
      `${percentile(f.drift.samples, 50)} ms / ${percentile(
        f.drift.samples,
        99,
      )} ms`,
    ],
    [
      'watch cost',
      `${f.drift.watches} watch connection(s) to the API server; RSS +${
        f.drift.rssMiB
      } MiB after the first lists of ${f.clusters} cluster(s) handed ${
        f.drift.listed
      } Secrets on to the engine (${seconds(f.drift.listMs)})`,
    ],
    [
      'peak RSS of this process (engine + stores)',
      `${Math.round(f.peakRss / 1024 / 1024)} MiB`,
    ],
    [
      'cores',
      f.pinned
        ? 'servers on CPU 1, this process (engine and floor) on CPU 0'
        : 'shared by the servers and this process',
    ],
    ['Vault', f.versions.vault],
    ['kube-apiserver', f.versions.kubernetes],
  ];
  const width = Math.max(...rows.map(r => r[0].length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

/** A steady cycle's rows of the table. */
function steadyRows(name: string, c: SteadyCycle): [string, string][] {
  return [
    [
      name,
      `${seconds(c.ms)}: ${c.reads} Vault reads, ${c.writes} Kubernetes writes`,
    ],
    [`${name}: CPU`, c.cpu],
    [`${name}: API server requests, mean time each`, c.requests || 'none'],
  ];
}
