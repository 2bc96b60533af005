/**
 * The local stack's command line, run directly by Node 22 (type stripping), so it works
 * before any npm install:
 *
 *   node packages/devstack/src/cli.ts build                 find or build the server binaries and promtool
 *   node packages/devstack/src/cli.ts up [--postgres]       start the stack until Ctrl-C
 *   node packages/devstack/src/cli.ts run [--postgres] [--name N] [--overlay F] -- cmd ...
 *                                                           start the stack, run cmd, stop the stack
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { ensurePromtool, ensureServerBinaries } from './binaries.ts';
import { defaultStackDir, startStack, stopStack } from './stack.ts';
import type { StackInfo } from './state.ts';

interface Args {
  verb: string;
  postgres: boolean;
  name: string;
  overlay?: string;
  command: string[];
}

function parseArgs(argv: string[]): Args {
  const dash = argv.indexOf('--');
  const own = dash === -1 ? argv : argv.slice(0, dash);
  const args: Args = {
    verb: own[0] ?? 'help',
    postgres: false,
    name: 'dev',
    command: dash === -1 ? [] : argv.slice(dash + 1),
  };
  for (let i = 1; i < own.length; i++) {
    if (own[i] === '--postgres') args.postgres = true;
    else if (own[i] === '--name') args.name = own[++i];
    else if (own[i] === '--overlay') args.overlay = path.resolve(own[++i]);
    else throw new Error(`unknown option ${own[i]}`);
  }
  return args;
}

function summary(info: StackInfo): string {
  return [
    `vault          ${info.vault.addr}  (${info.vault.version}; CA ${info.vault.caFile})`,
    `kube-apiserver ${info.kubernetes.url}  (${info.kubernetes.version})`,
    `etcd           ${info.etcd.url}  (${info.etcd.version})`,
    ...(info.postgres
      ? [
          `postgres       ${info.postgres.host}:${info.postgres.port}  (${info.postgres.majorVersion})`,
        ]
      : []),
    `state          ${path.join(info.dir, 'stack.json')}`,
    `app-config     ${info.appConfigOverlay}`,
  ].join('\n');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.verb === 'build') {
    // promtool too: the e2e run checks the alert rules with it.
    const binaries = { ...ensureServerBinaries(), promtool: ensurePromtool() };
    for (const [name, b] of Object.entries(binaries))
      console.log(`${name}: ${b.version} (${b.source}: ${b.path})`);
    return 0;
  }
  if (args.verb !== 'up' && args.verb !== 'run') {
    console.error(
      'usage: cli.ts build | up [--postgres] | run [--postgres] [--name N] [--overlay F] -- command ...',
    );
    return 2;
  }
  if (args.verb === 'run' && args.command.length === 0)
    throw new Error('run needs a command after --');

  let stopping = false;
  // Set once the command runs; signals before that stop the stack being started.
  const running: { child?: ChildProcess; signal?: NodeJS.Signals } = {};
  const onSignal = (signal: NodeJS.Signals) => {
    running.signal ??= signal;
    const child = running.child;
    if (child && child.exitCode === null) child.kill(signal);
    if (!stopping && !child) {
      stopping = true;
      console.error(`[devstack] ${signal}: stopping the stack`);
      void stopStack().then(() => {
        console.error('[devstack] stopped');
        process.exit(130);
      });
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const started = Date.now();
  const info = await startStack({
    dir: defaultStackDir(args.name),
    postgres: args.postgres,
    overlayFile: args.overlay,
  });
  console.error(
    `[devstack] stack ready in ${((Date.now() - started) / 1000).toFixed(
      1,
    )} s\n${summary(info)}`,
  );

  if (args.verb === 'up') {
    console.error('[devstack] press Ctrl-C to stop');
    await new Promise<void>(resolve =>
      process.once('beforeExit', () => resolve()),
    );
    return 0;
  }
  const env = {
    ...process.env,
    DEVSTACK_STATE: path.join(info.dir, 'stack.json'),
    // For the vault CLI; Node processes trust only what their own config names.
    VAULT_ADDR: info.vault.addr,
    VAULT_CACERT: info.vault.caFile,
    ...(info.postgres
      ? {
          DEVSTACK_POSTGRES_CONNECTION_STRING: info.postgres.connectionString,
          // Backstage's TestDatabases then uses this server instead of Docker (none runs here).
          BACKSTAGE_TEST_DISABLE_DOCKER: '1',
          [`BACKSTAGE_TEST_DATABASE_POSTGRES${info.postgres.majorVersion}_CONNECTION_STRING`]:
            info.postgres.connectionString,
        }
      : {}),
  };
  // Tied to us like the servers: if this process is killed, the command goes too.
  const child = spawn(
    'setpriv',
    ['--pdeathsig', 'TERM', '--', ...args.command],
    {
      stdio: 'inherit',
      env,
    },
  );
  running.child = child;
  const { code, signal } = await new Promise<{
    code: number;
    signal?: NodeJS.Signals;
  }>(resolve => {
    child.on('exit', (c, sig) =>
      resolve({
        code: c ?? (sig ? 128 + (os.constants.signals[sig] ?? 1) : 1),
        signal: sig ?? undefined,
      }),
    );
    child.on('error', err => {
      console.error(
        `[devstack] could not run ${args.command[0]}: ${err.message}`,
      );
      resolve({ code: 127 });
    });
  });
  // The user stopped the command (Ctrl-C): say that the stack stops because of it. A
  // Ctrl-C reaches the whole process group, and the command may be gone before our own
  // handler has run, so its exit signal counts too.
  const stoppedBy =
    running.signal ??
    (signal === 'SIGINT' || signal === 'SIGTERM' ? signal : undefined);
  if (stoppedBy) console.error(`[devstack] ${stoppedBy}: stopping the stack`);
  await stopStack();
  if (stoppedBy) console.error('[devstack] stopped');
  return code;
}

main().then(
  code => process.exit(code),
  async error => {
    console.error(`[devstack] ${(error as Error).message}`);
    await stopStack();
    process.exit(1);
  },
);
