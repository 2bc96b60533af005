import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../net.ts';
import { startProcess, waitReady, type ManagedProcess } from '../processes.ts';

export interface RunningVault {
  addr: string;
  rootToken: string;
  /** The dev server's single unseal key, so tests can seal Vault and recover from it. */
  unsealKey: string;
  process: ManagedProcess;
}

/** Dev mode prints its one unseal key at start; there is no API to read it back. */
function findUnsealKey(logFile: string): string | undefined {
  return /^Unseal Key: (\S+)$/m.exec(fs.readFileSync(logFile, 'utf8'))?.[1];
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
  // Ready means healthy *and* its banner (with the unseal key) written: under load the
  // health endpoint can answer before the banner reaches the log.
  await waitReady(
    proc,
    async () =>
      (await fetch(`${addr}/v1/sys/health`)).status === 200 &&
      findUnsealKey(proc.logFile) !== undefined,
    60_000,
  );
  return {
    addr,
    rootToken,
    unsealKey: findUnsealKey(proc.logFile)!,
    process: proc,
  };
}
