import fs from 'node:fs';

/**
 * CPU seconds so far of this process and of each of the stack's servers (Linux /proc;
 * clock ticks are 100 per second there). On two shared cores this tells whether a phase
 * is bound by the engine's own CPU or by the servers'. A server core busy for the whole
 * phase says only that: its CPU then follows the phase's length (docs/benchmark.md).
 */
export function cpuSeconds(pids: Record<string, number>) {
  const own = process.cpuUsage();
  const servers: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    try {
      const fields = fs
        .readFileSync(`/proc/${pid}/stat`, 'utf8')
        .split(') ')[1]
        .split(' ');
      servers[name] = (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // not Linux, or the server is gone: report what can be read
    }
  }
  return { node: (own.user + own.system) / 1e6, servers };
}

export type CpuReading = ReturnType<typeof cpuSeconds>;
export const cpuDelta = (a: CpuReading, b: CpuReading) => {
  const each = Object.keys(b.servers).map(
    name => [name, b.servers[name] - (a.servers[name] ?? 0)] as const,
  );
  const total = each.reduce((sum, [, n]) => sum + n, 0);
  return `node ${(b.node - a.node).toFixed(1)} s, servers ${total.toFixed(
    1,
  )} s (${each.map(([name, n]) => `${name} ${n.toFixed(1)}`).join(', ')})`;
};
