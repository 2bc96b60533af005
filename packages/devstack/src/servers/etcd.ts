import path from 'node:path';
import { freePort } from '../net.ts';
import { startProcess, waitReady, type ManagedProcess } from '../processes.ts';

export interface RunningEtcd {
  url: string;
  process: ManagedProcess;
}

/** Starts a single-member etcd on 127.0.0.1 with a throwaway data dir. */
export async function startEtcd(
  binary: string,
  dir: string,
): Promise<RunningEtcd> {
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${clientPort}`;
  const proc = startProcess(
    'etcd',
    binary,
    [
      '--name',
      'devstack',
      '--data-dir',
      path.join(dir, 'etcd'),
      '--listen-client-urls',
      url,
      '--advertise-client-urls',
      url,
      '--listen-peer-urls',
      `http://127.0.0.1:${peerPort}`,
      '--initial-advertise-peer-urls',
      `http://127.0.0.1:${peerPort}`,
      '--initial-cluster',
      `devstack=http://127.0.0.1:${peerPort}`,
      // Test data is disposable; skipping fsync makes the API server several times faster.
      '--unsafe-no-fsync',
      '--log-level',
      'warn',
    ],
    { logDir: path.join(dir, 'logs') },
  );
  await waitReady(proc, async () => (await fetch(`${url}/health`)).ok, 30_000);
  return { url, process: proc };
}
