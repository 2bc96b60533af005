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
    for (const name of ['lifecycle-exit', 'lifecycle-kill']) {
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
