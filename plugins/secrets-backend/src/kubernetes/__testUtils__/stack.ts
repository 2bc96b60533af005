import { randomBytes } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import * as k8s from '@kubernetes/client-node';
import {
  adminKubeconfigOptions,
  readStackInfo,
  stackKubernetesConfig,
  type StackInfo,
} from '@internal/devstack';
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
 * The engine's cluster, read with readClusters from the same `kubernetes` block
 * the stack's overlay gives the backend, so the tests also prove that configuration.
 */
export function engineCluster(info: StackInfo): ClusterConfig {
  const [cluster] = readClusters(
    new ConfigReader({ kubernetes: stackKubernetesConfig(info) }),
  );
  return cluster;
}

/** Admin clients, for setup the engine must not be able to do. */
export function adminKube(info: StackInfo) {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(adminKubeconfigOptions(info));
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
