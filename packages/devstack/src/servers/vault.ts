import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { freePort } from '../net.ts';
import { startProcess, waitReady, type ManagedProcess } from '../processes.ts';

export interface RunningVault {
  addr: string;
  rootToken: string;
  process: ManagedProcess;
}

/**
 * Starts a Vault-API dev server (Vault or OpenBao: same flags). Dev mode is in-memory,
 * unsealed, with KV v2 at `secret/` — everything else is bootstrapped through the API.
 */
export async function startVault(
  binary: string,
  dir: string,
): Promise<RunningVault> {
  const port = await freePort();
  const rootToken = `root-${randomBytes(12).toString('hex')}`;
  const addr = `http://127.0.0.1:${port}`;
  const proc = startProcess(
    'vault',
    binary,
    [
      'server',
      '-dev',
      `-dev-root-token-id=${rootToken}`,
      `-dev-listen-address=127.0.0.1:${port}`,
    ],
    {
      logDir: path.join(dir, 'logs'),
      // Keep the user's own Vault settings from leaking into the dev server.
      env: { VAULT_ADDR: addr, VAULT_TOKEN: '', BAO_ADDR: addr, HOME: dir },
    },
  );
  await waitReady(
    proc,
    async () => (await fetch(`${addr}/v1/sys/health`)).status === 200,
    60_000,
  );
  return { addr, rootToken, process: proc };
}
