import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitUntil } from '@internal/devstack';

/** A server process started for a test, in its own process group. */
export interface Started {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a command logging to `logFile`, in its own process group so that stopping it stops
 * every worker it spawned (webpack, for `backstage-cli package start`).
 */
export function startProcess(options: {
  name: string;
  cmd: string;
  args: string[];
  cwd: string;
  logFile: string;
  env?: Record<string, string>;
}): Started {
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(options.cmd, options.args, {
    cwd: options.cwd,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, FORCE_COLOR: '0', ...options.env },
  });
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { name: options.name, child, stop };
}

/** Starts a package of this repository the way `npm start` does, with the given config files. */
export function startPackage(options: {
  name: string;
  dir: string;
  configs: string[];
  logFile: string;
  env?: Record<string, string>;
}): Started {
  return startProcess({
    name: options.name,
    cmd: 'npx',
    args: [
      'backstage-cli',
      'package',
      'start',
      ...options.configs.flatMap(c => ['--config', c]),
    ],
    cwd: options.dir,
    logFile: options.logFile,
    env: { BROWSER: 'none', ...options.env },
  });
}

/** Waits until `url` answers 2xx, failing early if the process died. */
export async function waitForHttp(
  started: Started,
  url: string,
  timeoutMs: number,
): Promise<void> {
  await waitUntil(
    `${started.name} at ${url}`,
    async () => (await fetch(url)).ok,
    timeoutMs,
    () => started.child.exitCode === null,
  );
}

/** The config overlay of one e2e phase: ports, who the guest signs in as, a short notification grace. */
export function writePhaseConfig(
  file: string,
  options: { appPort: number; backendPort: number; user: string },
) {
  const app = `http://127.0.0.1:${options.appPort}`;
  const backend = `http://127.0.0.1:${options.backendPort}`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // JSON is valid YAML.
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        app: { baseUrl: app },
        backend: {
          baseUrl: backend,
          listen: { port: options.backendPort, host: '127.0.0.1' },
          cors: { origin: app, credentials: true },
        },
        auth: { providers: { guest: { userEntityRef: options.user } } },
        // Owners are told at the first failed sync, looked for every 5 s, so the
        // notification scenario does not wait out the default grace.
        secrets: {
          notifications: { interval: '5s', grace: { failures: 1 } },
        },
      },
      null,
      2,
    ),
  );
}

/** The JavaScript of a built app (`dist/static/*.js`), to look for text only a plugin has. */
export function bundledCode(appDist: string): string {
  const dir = path.join(appDist, 'static');
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.js'))
    .map(f => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}
