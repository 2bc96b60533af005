import fs from 'node:fs';
import path from 'node:path';
import { ensureServerBinaries } from './binaries.ts';
import { DEMO } from './bootstrap/demoData.ts';
import { KubeApi } from './bootstrap/kubeApi.ts';
import {
  bootstrapKubernetes,
  engineKubeconfig,
} from './bootstrap/kubernetes.ts';
import { bootstrapVault } from './bootstrap/vault.ts';
import { appConfigOverlay } from './appConfigOverlay.ts';
import { stackDir } from './paths.ts';
import { stopAll } from './processes.ts';
import { startEtcd } from './servers/etcd.ts';
import { startKubeApiserver } from './servers/kubeApiserver.ts';
import { createClientCertificate, createClusterPki } from './servers/pki.ts';
import { startSecondCluster } from './secondCluster.ts';
import { startPostgres } from './servers/postgres.ts';
import { startVault } from './servers/vault.ts';
import type { StackInfo } from './state.ts';

export interface StartOptions {
  /** Folder for this stack's data, logs and state; emptied first. */
  dir: string;
  /** Also start PostgreSQL: the backend's database, and what Vault's database engine issues logins for. */
  postgres?: boolean;
  /** Where to write the app-config overlay. */
  overlayFile?: string;
  log?: (line: string) => void;
  /** Also start a second cluster (etcd, kube-apiserver, own CA) named `second`. */
  secondCluster?: boolean;
}

const DAY = 24 * 3600;

/** Starts and bootstraps etcd, kube-apiserver, Vault (and PostgreSQL); returns what tests need. */
export async function startStack(options: StartOptions): Promise<StackInfo> {
  const log =
    options.log ??
    ((line: string) => process.stderr.write(`[devstack] ${line}\n`));
  const dir = path.resolve(options.dir);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const binaries = ensureServerBinaries(log);
  try {
    const pki = createClusterPki(path.join(dir, 'pki'));
    const etcd = await startEtcd(binaries.etcd.path, dir);
    log(`etcd ready at ${etcd.url}`);
    const kube = await startKubeApiserver(
      binaries.kubeApiserver.path,
      dir,
      etcd.url,
      pki,
    );
    log(`kube-apiserver ready at ${kube.url}`);
    const kubeApi = new KubeApi(kube.url, pki.caPem, kube.adminToken);
    await bootstrapKubernetes(kubeApi);
    const reviewerToken = await kubeApi.requestToken(
      DEMO.engineNamespace,
      DEMO.reviewerServiceAccount,
      {
        expirationSeconds: 7 * DAY,
      },
    );
    const engineToken = await kubeApi.requestToken(
      DEMO.engineNamespace,
      DEMO.engineServiceAccount,
      {
        expirationSeconds: 7 * DAY,
      },
    );
    const kubeconfigFile = path.join(dir, 'engine.kubeconfig');
    fs.writeFileSync(
      kubeconfigFile,
      engineKubeconfig(kube.url, pki.caPem, engineToken),
      { mode: 0o600 },
    );

    const secondCluster = options.secondCluster
      ? await startSecondCluster(binaries, dir, log)
      : undefined;

    // PostgreSQL first: Vault's database engine connects to it while bootstrapping.
    const pg = options.postgres ? await startPostgres(dir) : undefined;
    if (pg) log(`postgres ${pg.majorVersion} ready at ${pg.host}:${pg.port}`);
    const vault = await startVault(binaries.vault.path, dir);
    log(`vault ready at ${vault.addr}`);
    const engine = await bootstrapVault({
      addr: vault.addr,
      rootToken: vault.rootToken,
      kubeUrl: kube.url,
      kubeCaPem: pki.caPem,
      saPublicKeyPem: pki.saPublicKeyPem,
      reviewerToken,
      clientCertificate: createClientCertificate(
        path.join(dir, 'pki', 'vault-client'),
        DEMO.engineRole,
      ),
      database: pg && {
        host: pg.host,
        port: pg.port,
        user: pg.user,
        password: pg.password,
      },
    });

    const overlayFile =
      options.overlayFile ?? path.join(dir, 'app-config.devstack.yaml');
    const info: StackInfo = {
      dir,
      vault: {
        addr: vault.addr,
        rootToken: vault.rootToken,
        unsealKey: vault.unsealKey,
        caFile: vault.caFile,
        caPem: vault.caPem,
        version: binaries.vault.version,
        engine,
      },
      kubernetes: {
        url: kube.url,
        caPem: pki.caPem,
        adminToken: kube.adminToken,
        version: binaries.kubeApiserver.version,
        engineNamespace: DEMO.engineNamespace,
        engineServiceAccount: DEMO.engineServiceAccount,
        engineKubeconfig: kubeconfigFile,
        engineToken,
      },
      etcd: { url: etcd.url, version: binaries.etcd.version },
      secondCluster,
      postgres: pg && {
        connectionString: pg.connectionString,
        host: pg.host,
        port: pg.port,
        user: pg.user,
        password: pg.password,
        majorVersion: pg.majorVersion,
      },
      appConfigOverlay: overlayFile,
      pids: Object.fromEntries(
        [etcd.process, kube.process, vault.process, ...(pg ? [pg.process] : [])]
          .map(p => [p.name, p.pid])
          .concat(Object.entries(secondCluster?.pids ?? {})),
      ),
    };
    fs.writeFileSync(overlayFile, appConfigOverlay(info), {
      mode: 0o600,
    });
    // Written whole, then renamed: whoever waits for stack.json never reads half of it.
    const stateFile = path.join(dir, 'stack.json');
    fs.writeFileSync(`${stateFile}.partial`, JSON.stringify(info, null, 2), {
      mode: 0o600,
    });
    fs.renameSync(`${stateFile}.partial`, stateFile);
    return info;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Stops every server this process started. */
export async function stopStack(): Promise<void> {
  await stopAll();
}

/** The default folder of a named stack (`start` for the demo, `test` for the test run). */
export function defaultStackDir(name: string): string {
  return path.join(stackDir(), name);
}
