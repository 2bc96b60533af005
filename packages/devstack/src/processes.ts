import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitUntil } from './net.ts';

/** A server process the stack started, with its log file. */
export interface ManagedProcess {
  name: string;
  pid: number;
  logFile: string;
  isAlive(): boolean;
  /** `signal` first (default SIGTERM), SIGKILL after ten seconds. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const started: ManagedProcess[] = [];

/**
 * Starts a server whose lifetime is tied to this Node process: `setpriv --pdeathsig`
 * makes the kernel kill the server if we die, even by SIGKILL, so a crashed
 * test run never leaves servers behind.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { logDir: string; env?: NodeJS.ProcessEnv; asUser?: string },
): ManagedProcess {
  fs.mkdirSync(options.logDir, { recursive: true });
  const logFile = path.join(options.logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  // SIGKILL, not SIGTERM: a graceful kube-apiserver shutdown can hang once etcd is gone,
  // and stack data is disposable. Normal stops (stop()) stay graceful.
  const setprivArgs = ['--pdeathsig', 'KILL'];
  if (options.asUser)
    setprivArgs.push(
      '--reuid',
      options.asUser,
      '--regid',
      options.asUser,
      '--init-groups',
    );
  const child: ChildProcess = spawn(
    'setpriv',
    [...setprivArgs, '--', command, ...args],
    {
      stdio: ['ignore', out, out],
      env: { ...process.env, ...options.env },
      // A process group of its own: Ctrl-C in a terminal signals the whole foreground
      // group, and the servers must not stop on their own (in no order, each reporting an
      // unexpected exit) — the stack stops them, API server before etcd.
      detached: true,
    },
  );
  fs.closeSync(out);
  let exited = child.exitCode !== null;
  let stopping = false;
  const exitPromise = new Promise<void>(resolve => {
    child.on('exit', (code, signal) => {
      exited = true;
      // A server dying on its own is worth a line: everything using the stack breaks next.
      if (!stopping) {
        process.stderr.write(
          `[devstack] ${name} exited unexpectedly (${
            signal ?? `code ${code}`
          }); see ${logFile}\n`,
        );
      }
      resolve();
    });
    child.on('error', () => {
      exited = true;
      resolve();
    });
  });
  const managed: ManagedProcess = {
    name,
    pid: child.pid ?? -1,
    logFile,
    isAlive: () => !exited,
    async stop(signal = 'SIGTERM') {
      stopping = true;
      if (exited) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
  started.push(managed);
  return managed;
}

/** Stops every process started here, newest first (the API server before etcd). */
export async function stopAll(): Promise<void> {
  while (started.length > 0) {
    const proc = started.pop()!;
    await proc.stop();
  }
}

/** The last lines of a server's log, for error messages. */
export function tailLog(proc: ManagedProcess, lines = 20): string {
  try {
    return fs
      .readFileSync(proc.logFile, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '(no log)';
  }
}

/** Waits until `probe` says the server is ready; on failure the error carries its log tail. */
export async function waitReady(
  proc: ManagedProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  try {
    await waitUntil(proc.name, probe, timeoutMs, proc.isAlive);
  } catch (error) {
    throw new Error(
      `${(error as Error).message}\n--- last lines of ${
        proc.logFile
      }\n${tailLog(proc)}`,
    );
  }
}
