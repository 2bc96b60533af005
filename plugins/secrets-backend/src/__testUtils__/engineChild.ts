import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

/** A running engineProcess.ts, as the test that started it sees it. */
export interface EngineChild {
  pid: number;
  /** Asks for "sync now" and resolves with the statuses once it is acknowledged. */
  syncNow(mappingId: string): Promise<string>;
  /** The process's resident set size, in bytes. */
  rss(): Promise<number>;
  /** `process.memoryUsage()` of the process, after a full collection (it runs with --expose-gc). */
  memory(): Promise<NodeJS.MemoryUsage>;
  /** SIGKILL: no clean-up of any kind runs. */
  kill9(): Promise<void>;
  /** SIGTERM, for the end of a suite. */
  stop(): Promise<void>;
  /** Everything it wrote (stdout and stderr), to search for values. */
  output(): string;
  /** How it ended (exit code or signal), or undefined while it runs. */
  exit(): { code: number | null; signal: string | null } | undefined;
}

/** Starts the engine alone in a child process; resolves once it runs its schedule. */
export async function startEngineChild(options: {
  /** The app-config: `kubernetes` and `secrets`. */
  config: object;
  /** knex's `pg` connection. */
  connection: object;
  timeoutMs?: number;
  /**
   * engineProcess.ts compiled to one JavaScript file, run by plain Node as a built backend
   * runs; without it, the TypeScript source through Backstage's require-time transform.
   */
  script?: string;
  /** More flags for Node, e.g. `--max-old-space-size=256`. */
  nodeFlags?: string[];
}): Promise<EngineChild> {
  const child: ChildProcess = spawn(
    process.execPath,
    options.script
      ? ['--expose-gc', ...(options.nodeFlags ?? []), options.script]
      : [
          '--expose-gc',
          ...(options.nodeFlags ?? []),
          '--require',
          require.resolve('@backstage/cli/config/nodeTransform.cjs'),
          path.join(__dirname, 'engineProcess.ts'),
        ],
    {
      env: {
        ...process.env,
        ENGINE_CONFIG: JSON.stringify(options.config),
        ENGINE_DATABASE: JSON.stringify(options.connection),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const waiters: Array<(line: string) => boolean> = [];
  const onLine = (line: string) => {
    output += `${line}\n`;
    const i = waiters.findIndex(w => w(line));
    if (i !== -1) waiters.splice(i, 1);
  };
  readline.createInterface({ input: child.stdout! }).on('line', onLine);
  child.stderr!.on('data', chunk => (output += chunk.toString()));
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const next = (match: (line: string) => boolean, ms: number, what: string) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `engine process: no ${what} after ${ms} ms\n${output.slice(
                -2000,
              )}`,
            ),
          ),
        ms,
      );
      waiters.push(line => {
        if (!match(line)) return false;
        clearTimeout(timer);
        resolve(line);
        return true;
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(
          new Error(
            `engine process exited before ${what}\n${output.slice(-2000)}`,
          ),
        );
      });
    });
  await next(line => line === 'ready', options.timeoutMs ?? 90_000, 'ready');
  return {
    pid: child.pid!,
    async syncNow(mappingId) {
      const answer = next(
        line =>
          line.startsWith(`ack ${mappingId} `) ||
          line.startsWith(`nack ${mappingId} `),
        120_000,
        `answer to syncNow ${mappingId}`,
      );
      child.stdin!.write(`syncNow ${mappingId}\n`);
      return (await answer).split(' ').slice(2).join(' ');
    },
    async rss() {
      const answer = next(line => line.startsWith('rss '), 10_000, 'rss');
      child.stdin!.write('rss\n');
      return Number((await answer).split(' ')[1]);
    },
    async memory() {
      const answer = next(line => line.startsWith('memory '), 10_000, 'memory');
      child.stdin!.write('memory\n');
      return JSON.parse((await answer).slice('memory '.length));
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
    output: () => output,
    exit: () =>
      child.exitCode === null && child.signalCode === null
        ? undefined
        : { code: child.exitCode, signal: child.signalCode },
  };
}
