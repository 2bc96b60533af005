import fs from 'node:fs';
import path from 'node:path';
import type { ServerBinary } from './binaries.ts';
import { DEMO } from './bootstrap/demoData.ts';
import { KubeApi } from './bootstrap/kubeApi.ts';
import { bootstrapKubernetes } from './bootstrap/kubernetes.ts';
import { startEtcd } from './servers/etcd.ts';
import { startKubeApiserver } from './servers/kubeApiserver.ts';
import { createClusterPki } from './servers/pki.ts';
import type { StackInfo } from './state.ts';

/**
 * A second cluster beside the first: its own etcd, kube-apiserver and CA, bootstrapped with
 * the same namespaces and the engine's own ServiceAccount and RBAC (deploy/kubernetes), so
 * one mapping can write to two clusters and one cluster can fail while the other works.
 */
export async function startSecondCluster(
  binaries: { etcd: ServerBinary; kubeApiserver: ServerBinary },
  stackDir: string,
  log: (line: string) => void,
): Promise<NonNullable<StackInfo['secondCluster']>> {
  const dir = path.join(stackDir, 'second-cluster');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pki = createClusterPki(path.join(dir, 'pki'));
  const etcd = await startEtcd(binaries.etcd.path, dir);
  const kube = await startKubeApiserver(
    binaries.kubeApiserver.path,
    dir,
    etcd.url,
    pki,
  );
  log(`second kube-apiserver ready at ${kube.url}`);
  const api = new KubeApi(kube.url, pki.caPem, kube.adminToken);
  await bootstrapKubernetes(api);
  const engineToken = await api.requestToken(
    DEMO.engineNamespace,
    DEMO.engineServiceAccount,
    { expirationSeconds: 7 * 24 * 3600 },
  );
  return {
    name: 'second',
    url: kube.url,
    caPem: pki.caPem,
    adminToken: kube.adminToken,
    engineToken,
    pids: {
      'etcd-second': etcd.process.pid,
      'kube-apiserver-second': kube.process.pid,
    },
  };
}
