import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../paths.ts';
import { defaultStackDir } from '../stack.ts';

const NODE_FLAGS = ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON'];
const cli = () =>
  path.join(repoRoot(), 'packages', 'devstack', 'src', 'cli.ts');
const stateOf = (name: string) =>
  path.join(defaultStackDir(name), 'stack.json');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(
  what: string,
  check: () => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Starts whole extra stacks (named so they never touch the test run's own stack) to prove
 * that the servers stop with the command, and with the CLI even when it is killed.
 */
describe('local stack lifecycle', () => {
  afterAll(() => {
    for (const name of [
      'lifecycle-exit',
      'lifecycle-kill',
      'lifecycle-ctrl-c',
    ]) {
      fs.rmSync(path.dirname(stateOf(name)), { recursive: true, force: true });
    }
  });

  it('runs a command against the stack, returns its exit code and stops every server', () => {
    const name = 'lifecycle-exit';
    const result = spawnSync(
      process.execPath,
      [
        ...NODE_FLAGS,
        cli(),
        'run',
        '--name',
        name,
        '--',
        'bash',
        '-c',
        'test -s "$DEVSTACK_STATE" && exit 3',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(result.status).toBe(3);
    const { pids } = JSON.parse(fs.readFileSync(stateOf(name), 'utf8'));
    expect(Object.keys(pids).sort()).toEqual([
      'etcd',
      'kube-apiserver',
      'vault',
    ]);
    for (const pid of Object.values<number>(pids))
      expect(alive(pid)).toBe(false);
  }, 150_000);

  it('stops on Ctrl-C in a terminal quietly: says it stops, and no server reports an unexpected exit', async () => {
    const name = 'lifecycle-ctrl-c';
    fs.rmSync(stateOf(name), { force: true });
    // As `npm start` runs Backstage (the stack with PostgreSQL, a command on top), in a
    // process group of its own as a shell runs a foreground job: Ctrl-C signals the group.
    const child = spawn(
      process.execPath,
      [
        ...NODE_FLAGS,
        cli(),
        'run',
        '--postgres',
        '--name',
        name,
        '--',
        'bash',
        '-c',
        'echo command-running >&2; sleep 300',
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: true,
      },
    );
    let stderr = '';
    child.stderr!.on('data', chunk => (stderr += chunk));
    const exited = new Promise<number | null>(resolve =>
      child.on('exit', code => resolve(code)),
    );
    try {
      await waitFor(
        'the command to run on the stack',
        () => stderr.includes('command-running'),
        120_000,
      );
      const { pids } = JSON.parse(fs.readFileSync(stateOf(name), 'utf8'));
      process.kill(-child.pid!, 'SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toContain('[devstack] SIGINT: stopping the stack');
      expect(stderr).toContain('[devstack] stopped');
      expect(stderr).not.toContain('unexpectedly');
      for (const pid of Object.values<number>(pids))
        expect(alive(pid)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 180_000);

  it('leaves no server behind when the CLI itself is killed with SIGKILL', async () => {
    const name = 'lifecycle-kill';
    fs.rmSync(stateOf(name), { force: true });
    const child = spawn(
      process.execPath,
      [...NODE_FLAGS, cli(), 'run', '--name', name, '--', 'sleep', '300'],
      { stdio: 'ignore' },
    );
    try {
      await waitFor(
        'the stack to start',
        () => fs.existsSync(stateOf(name)),
        120_000,
      );
      const { pids } = JSON.parse(fs.readFileSync(stateOf(name), 'utf8'));
      for (const pid of Object.values<number>(pids))
        expect(alive(pid)).toBe(true);
      child.kill('SIGKILL');
      await waitFor(
        'every server to exit',
        () => Object.values<number>(pids).every(pid => !alive(pid)),
        30_000,
      );
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 180_000);
});
