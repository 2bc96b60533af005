import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../net.ts';
import { startProcess, waitReady, type ManagedProcess } from '../processes.ts';
import { trustCa } from '../trust.ts';

export interface RunningVault {
  /** `https://127.0.0.1:<port>`. */
  addr: string;
  rootToken: string;
  /** The dev server's single unseal key, so tests can seal Vault and recover from it. */
  unsealKey: string;
  /** The CA that signed Vault's serving certificate (PEM file and text). */
  caFile: string;
  caPem: string;
  process: ManagedProcess;
}

/** Dev mode prints its one unseal key at start; there is no API to read it back. */
function findUnsealKey(logFile: string): string | undefined {
  return /^Unseal Key: (\S+)$/m.exec(fs.readFileSync(logFile, 'utf8'))?.[1];
}

/**
 * Starts a Vault-API dev server (Vault or OpenBao: same flags) over HTTPS. Dev mode is
 * in-memory, unsealed, with KV v2 at `secret/` — everything else is bootstrapped through
 * the API. `-dev-tls` makes the server generate its own CA and a serving certificate for
 * 127.0.0.1 and localhost, so every client verifies TLS for real; its listener asks for
 * client certificates, which Vault's cert auth method needs.
 */
export async function startVault(
  binary: string,
  dir: string,
): Promise<RunningVault> {
  const port = await freePort();
  const rootToken = `root-${randomBytes(12).toString('hex')}`;
  const addr = `https://127.0.0.1:${port}`;
  const certDir = path.join(dir, 'pki', 'vault');
  fs.mkdirSync(certDir, { recursive: true, mode: 0o700 });
  const caFile = path.join(certDir, 'vault-ca.pem');
  const proc = startProcess(
    'vault',
    binary,
    [
      'server',
      '-dev',
      '-dev-tls',
      `-dev-tls-cert-dir=${certDir}`,
      `-dev-root-token-id=${rootToken}`,
      `-dev-listen-address=127.0.0.1:${port}`,
    ],
    {
      logDir: path.join(dir, 'logs'),
      // Keep the user's own Vault settings from leaking into the dev server.
      env: {
        VAULT_ADDR: addr,
        VAULT_CACERT: caFile,
        VAULT_TOKEN: '',
        BAO_ADDR: addr,
        BAO_CACERT: caFile,
        HOME: dir,
      },
    },
  );
  // Ready means its CA written, healthy *and* its banner (with the unseal key) written:
  // under load the health endpoint can answer before the banner reaches the log.
  await waitReady(
    proc,
    async () => {
      if (!fs.existsSync(caFile)) return false;
      trustCa(fs.readFileSync(caFile, 'utf8'));
      return (
        (await fetch(`${addr}/v1/sys/health`)).status === 200 &&
        findUnsealKey(proc.logFile) !== undefined
      );
    },
    60_000,
  );
  return {
    addr,
    rootToken,
    unsealKey: findUnsealKey(proc.logFile)!,
    caFile,
    caPem: fs.readFileSync(caFile, 'utf8'),
    process: proc,
  };
}
