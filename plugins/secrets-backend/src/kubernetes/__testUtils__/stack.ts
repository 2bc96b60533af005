import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import * as k8s from '@kubernetes/client-node';
import { readStackInfo, type StackInfo } from '@internal/devstack';
import { readClusters } from '../readClusters';
import type { ClusterConfig } from '../types';

/**
 * The running local stack. Throws (so the suite fails, never skips) when
 * there is none.
 */
export function stack(): StackInfo {
  return readStackInfo();
}

/**
 * The engine's cluster, read with readClusters from the very app-config
 * overlay the backend gets, so the tests also prove that configuration.
 */
export function engineCluster(info: StackInfo): ClusterConfig {
  const text = fs
    .readFileSync(info.appConfigOverlay, 'utf8')
    .split('\n')
    .filter(line => !line.startsWith('#'))
    .join('\n');
  const [cluster] = readClusters(new ConfigReader(JSON.parse(text)));
  return cluster;
}

/** Admin clients, for setup the engine must not be able to do. */
export function adminKube(info: StackInfo) {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'devstack',
        server: info.kubernetes.url,
        caData: Buffer.from(info.kubernetes.caPem).toString('base64'),
      },
    ],
    users: [{ name: 'admin', token: info.kubernetes.adminToken }],
    contexts: [{ name: 'devstack', cluster: 'devstack', user: 'admin' }],
    currentContext: 'devstack',
  });
  return {
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
  };
}

/** A name no other test run uses. */
export const uniqueName = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/** A value that must only ever appear where a test put it. */
export const canary = (label: string) =>
  `canary-${label}-${randomBytes(9).toString('hex')}`;

/**
 * Records what a suite creates in a namespace and deletes it afterwards, so a
 * shared stack (npm test) does not show other suites our test Secrets.
 */
export function cleanup(info: StackInfo, namespace: string) {
  const admin = adminKube(info);
  const secrets: string[] = [];
  const workloads: { kind: 'Deployment' | 'StatefulSet'; name: string }[] = [];
  afterAll(async () => {
    const ignore = () => undefined;
    for (const name of secrets) {
      await admin.core
        .deleteNamespacedSecret({ name, namespace })
        .catch(ignore);
    }
    for (const { kind, name } of workloads) {
      await (kind === 'Deployment'
        ? admin.apps.deleteNamespacedDeployment({ name, namespace })
        : admin.apps.deleteNamespacedStatefulSet({ name, namespace })
      ).catch(ignore);
    }
  });
  return {
    /** A unique Secret name, deleted after the suite. */
    secret(prefix: string) {
      const name = uniqueName(prefix);
      secrets.push(name);
      return name;
    },
    workload(kind: 'Deployment' | 'StatefulSet', prefix: string) {
      const name = uniqueName(prefix);
      workloads.push({ kind, name });
      return name;
    },
  };
}
