import type { ClusterGateway } from '../src/kubernetes';
import type { SyncRuntime } from '../src/wiring';

/** What the watch costs and how fast a hand edit is undone, with nobody asking. */
export interface DriftRepairFigures {
  samples: number[];
  watches: number;
  /** RSS growth from starting the watches (their initial lists included). */
  rssMiB: number;
  /** How long the initial lists took before the first edit could be seen. */
  listMs: number;
  /** Secrets the initial lists handed on to the engine. */
  listed: number;
}

/**
 * Starts the engine's watches, then edits `count` managed Secrets one after another by
 * hand (through the cluster, as kubectl would) and measures, for each, the time until its
 * data is back, polling every 20 ms. The engine runs nothing but what the watch triggers.
 */
export async function measureDriftRepair(
  runtime: SyncRuntime,
  cluster: ClusterGateway,
  namespace: string,
  names: string[],
  count: number,
): Promise<DriftRepairFigures> {
  const rssBefore = process.memoryUsage().rss;
  // The first list hands every Secret on to the engine: count them, to wait for its end.
  let handed = 0;
  let lastHanded = Date.now();
  const engine = runtime.engine;
  const secretChanged = engine.secretChanged.bind(engine);
  engine.secretChanged = change => {
    handed++;
    lastHanded = Date.now();
    return secretChanged(change);
  };
  const listStart = Date.now();
  await runtime.watchers!.refresh();
  // Listed once nothing was handed on for 2 s (hundreds of thousands take minutes).
  while (handed === 0 || Date.now() - lastHanded < 2000)
    await new Promise(resolve => setTimeout(resolve, 200));
  await runtime.engine.runUntilIdle(60_000);
  const listMs = Date.now() - listStart;
  const rssMiB = Math.round(
    (process.memoryUsage().rss - rssBefore) / 1024 / 1024,
  );
  const samples: number[] = [];
  for (let k = 0; k < count; k++) {
    const name = names[Math.floor(Math.random() * names.length)];
    const live = (await cluster.readSecret(namespace, name))!;
    const original = live.data.password;
    const edited = Date.now();
    await cluster.patchSecretKeys(namespace, name, {
      set: { password: Buffer.from(`typed by hand ${k}`) },
      remove: [],
      resourceVersion: live.resourceVersion,
    });
    for (;;) {
      const now = (await cluster.readSecret(namespace, name))!;
      if (now.data.password?.equals(original)) break;
      if (Date.now() - edited > 60_000)
        throw new Error(`${name} was not repaired within a minute`);
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    samples.push(Date.now() - edited);
  }
  samples.sort((a, b) => a - b);
  return {
    samples,
    watches: runtime.watchers!.watched.length,
    rssMiB,
    listMs,
    listed: handed,
  };
}
