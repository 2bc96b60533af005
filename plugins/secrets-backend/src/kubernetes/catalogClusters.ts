import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY,
} from '@backstage/plugin-kubernetes-common';
import { checkCaData, checkUrl } from './readClusters';
import type { ClusterConfig, ClusterCredentials } from './types';

/** The catalog query the Kubernetes plugin's catalog locator makes, which ours repeats. */
export const KUBERNETES_CLUSTER_FILTER = {
  kind: 'Resource',
  'spec.type': 'kubernetes-cluster',
};

/** A `kubernetes-cluster` Resource as a cluster the engine can use, or why it is skipped. */
export function clusterFromEntity(
  entity: Entity,
  options: {
    overrides: ReadonlyMap<string, ClusterCredentials>;
    allowSkipTLSVerify: boolean;
  },
): { cluster: ClusterConfig } | { skipped: string } {
  const name = entity.metadata.name;
  const where = `kubernetes-cluster Resource "${name}"`;
  const annotations = entity.metadata.annotations ?? {};
  const url = annotations[ANNOTATION_KUBERNETES_API_SERVER];
  if (!url) {
    return { skipped: `${where} has no ${ANNOTATION_KUBERNETES_API_SERVER}` };
  }
  const caData = annotations[ANNOTATION_KUBERNETES_API_SERVER_CA];
  try {
    if (caData)
      checkCaData(caData, `${where}: ${ANNOTATION_KUBERNETES_API_SERVER_CA}`);
    return {
      cluster: {
        name,
        url: checkUrl(url, `${where}: ${ANNOTATION_KUBERNETES_API_SERVER}`),
        caData: caData || undefined,
        skipTLSVerify:
          options.allowSkipTLSVerify &&
          annotations[ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY] === 'true',
        // The catalog holds no credentials; the engine's own come from secrets.clusters.
        credentials: options.overrides.get(name) ?? {
          type: 'unusable',
          message:
            `${where} is found by the catalog locator, but the secrets engine has no ` +
            `credentials for it: set secrets.clusters.${name}.serviceAccountToken or ` +
            `secrets.clusters.${name}.serviceAccountTokenFile`,
        },
      },
    };
  } catch (error) {
    return { skipped: (error as Error).message };
  }
}
