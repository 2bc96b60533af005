import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, httpsRequest } from '../net.ts';
import { startProcess, waitReady, type ManagedProcess } from '../processes.ts';
import type { ClusterPki } from './pki.ts';

/** The issuer written into service-account tokens; Vault's jwt auth binds to it. */
export const SERVICE_ACCOUNT_ISSUER =
  'https://kubernetes.default.svc.cluster.local';

export interface RunningKubeApiserver {
  url: string;
  /** Static token of a `system:masters` user, for bootstrapping only. */
  adminToken: string;
  process: ManagedProcess;
}

/**
 * Starts kube-apiserver against etcd, with RBAC on. Flags follow controller-runtime's
 * envtest: no controller-manager runs, so there are no token controllers and no garbage
 * collection; service-account tokens come from the TokenRequest API.
 */
export async function startKubeApiserver(
  binary: string,
  dir: string,
  etcdUrl: string,
  pki: ClusterPki,
): Promise<RunningKubeApiserver> {
  const port = await freePort();
  const adminToken = randomBytes(24).toString('hex');
  const tokenFile = path.join(dir, 'pki', 'tokens.csv');
  fs.writeFileSync(
    tokenFile,
    `${adminToken},devstack-admin,devstack-admin,"system:masters"\n`,
    { mode: 0o600 },
  );
  const proc = startProcess(
    'kube-apiserver',
    binary,
    [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${path.join(dir, 'pki')}`,
      `--tls-cert-file=${pki.certFile}`,
      `--tls-private-key-file=${pki.keyFile}`,
      `--client-ca-file=${pki.caFile}`,
      `--token-auth-file=${tokenFile}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
      `--service-account-key-file=${pki.saPublicKeyFile}`,
      `--service-account-signing-key-file=${pki.saPrivateKeyFile}`,
      '--authorization-mode=RBAC',
      '--disable-admission-plugins=ServiceAccount',
      '--allow-privileged=true',
      '--v=1',
    ],
    { logDir: path.join(dir, 'logs') },
  );
  const url = `https://127.0.0.1:${port}`;
  // /readyz waits for the RBAC bootstrap roles, which the engine's bindings refer to.
  await waitReady(
    proc,
    async () =>
      (
        await httpsRequest(`${url}/readyz`, {
          ca: pki.caPem,
          token: adminToken,
        })
      ).status === 200,
    120_000,
  );
  return { url, adminToken, process: proc };
}
