import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../net.ts';
import { startProcess, waitReady, type ManagedProcess } from '../processes.ts';

export interface RunningPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
  /** `postgresql://...` for the `postgres` database. */
  connectionString: string;
  majorVersion: number;
  process: ManagedProcess;
}

/** Debian installs server binaries outside PATH, under /usr/lib/postgresql/<major>/bin. */
function findBinDir(): string {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter(v => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    : [];
  majors.sort((a, b) => Number(b) - Number(a));
  if (majors.length === 0) {
    throw new Error(
      'devstack: PostgreSQL server binaries not found (install the Debian package "postgresql", or set POSTGRES_BIN_DIR)',
    );
  }
  return path.join(root, majors[0], 'bin');
}

/** PostgreSQL, running as another user, must be able to traverse every folder above its own. */
function makeTraversable(folder: string): void {
  for (
    let dir = path.dirname(folder);
    dir !== path.dirname(dir);
    dir = path.dirname(dir)
  ) {
    const stat = fs.statSync(dir);
    if ((stat.mode & 0o001) === 0 && stat.uid === process.getuid?.())
      fs.chmodSync(dir, (stat.mode & 0o7777) | 0o001);
  }
}

/** The PostgreSQL this process started per stack folder, for `restartPostgres`. */
const running = new Map<string, RunningPostgres>();

/**
 * Starts a private PostgreSQL cluster on 127.0.0.1. PostgreSQL refuses to run as root,
 * so when we are root it runs as the `postgres` system user the Debian package creates.
 * An existing cluster in `dir` keeps its data; `port` reuses a port (a restart).
 */
export async function startPostgres(
  dir: string,
  samePort?: number,
): Promise<RunningPostgres> {
  const binDir = findBinDir();
  const home = path.join(dir, 'postgres');
  const dataDir = path.join(home, 'data');
  const pwFile = path.join(home, 'initial-password');
  const asUser = process.getuid?.() === 0 ? 'postgres' : undefined;
  // A throwaway cluster on loopback; the password only keeps other local users out.
  const password = 'devstack';
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    if (asUser) {
      execFileSync('chown', ['-R', `${asUser}:`, home]);
      makeTraversable(home);
    }
    const init = spawnSync(
      'setpriv',
      [
        ...(asUser
          ? ['--reuid', asUser, '--regid', asUser, '--init-groups']
          : []),
        '--',
        path.join(binDir, 'initdb'),
        '-D',
        dataDir,
        '-U',
        'postgres',
        '--auth=scram-sha-256',
        `--pwfile=${pwFile}`,
        '--no-sync',
        '-E',
        'UTF8',
        '--locale=C',
      ],
      { encoding: 'utf8' },
    );
    fs.rmSync(pwFile, { force: true });
    if (init.status !== 0)
      throw new Error(`devstack: initdb failed:\n${init.stdout}${init.stderr}`);
  }
  const port = samePort ?? (await freePort());
  const proc = startProcess(
    'postgres',
    path.join(binDir, 'postgres'),
    [
      '-D',
      dataDir,
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-k',
      dataDir,
      // Disposable test data: durability settings off for speed.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
    ],
    { logDir: path.join(dir, 'logs'), asUser },
  );
  const isReady = path.join(binDir, 'pg_isready');
  await waitReady(
    proc,
    async () =>
      spawnSync(isReady, ['-h', '127.0.0.1', '-p', String(port)]).status === 0,
    60_000,
  );
  const majorVersion = Number(path.basename(path.dirname(binDir))) || 0;
  const pg: RunningPostgres = {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    connectionString: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    majorVersion,
    process: proc,
  };
  running.set(path.resolve(dir), pg);
  return pg;
}

/**
 * Restarts the PostgreSQL of the stack in `dir` (started by this process) as an operator
 * would: a fast shutdown, which ends every session, then a start on the same port with
 * the same data. `whileDown` runs in between, for tests of what clients do meanwhile.
 */
export async function restartPostgres(
  dir: string,
  whileDown?: () => Promise<void>,
): Promise<RunningPostgres> {
  const pg = running.get(path.resolve(dir));
  if (!pg) throw new Error(`devstack: no PostgreSQL of this process in ${dir}`);
  // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for clients to disconnect.
  await pg.process.stop('SIGINT');
  try {
    await whileDown?.();
  } finally {
    // Up again even when `whileDown` failed: the stack outlives the failed test.
    await startPostgres(dir, pg.port);
  }
  return running.get(path.resolve(dir))!;
}
