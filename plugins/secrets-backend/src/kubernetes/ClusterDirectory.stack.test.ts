import type { AuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { stackKubernetesConfig } from '@internal/devstack';
import { recordingLogger } from '../__testUtils__/recordingLogger';
import { ClusterDirectory } from './ClusterDirectory';
import { createClusterGateway } from './createClusterGateway';
import { readClusterSettings } from './readClusters';
import { stack, uniqueName } from './__testUtils__/stack';

/**
 * A `type: catalog` locator: the local kube-apiserver described by a kubernetes-cluster
 * Resource, as the Kubernetes plugin's catalog locator reads it, and reached with the
 * engine's own token from secrets.clusters.
 */
describe('ClusterDirectory with a catalog locator (real kube-apiserver)', () => {
  const info = stack();
  const [local] = stackKubernetesConfig(info).clusterLocatorMethods[0].clusters;
  const resource = (name: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      annotations: {
        'kubernetes.io/api-server': local.url,
        'kubernetes.io/api-server-certificate-authority': local.caData,
        'kubernetes.io/auth-provider': 'oidc',
      },
    },
    spec: { type: 'kubernetes-cluster' },
  });

  function directory(items: Entity[]) {
    const settings = readClusterSettings(
      new ConfigReader({
        kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }] },
        secrets: {
          clusters: {
            'from-catalog': {
              serviceAccountToken: info.kubernetes.engineToken,
            },
          },
        },
      }),
    );
    const logger = recordingLogger();
    return new ClusterDirectory(settings, {
      createGateway: c => createClusterGateway(c, { logger }),
      logger,
      catalog: {
        getEntities: async () => ({ items }),
      } as unknown as CatalogService,
      auth: {
        getOwnServiceCredentials: async () => ({}),
      } as unknown as AuthService,
    });
  }

  it('syncs to a catalog cluster with the engine’s credentials from secrets.clusters', async () => {
    const clusters = directory([resource('from-catalog')]);
    expect(clusters.gateways.size).toBe(0);
    await expect(clusters.refresh()).resolves.toBe(1);
    const gateway = clusters.gateways.get('from-catalog')!;
    const name = uniqueName('catalog-cluster');
    const created = await gateway.createSecret({
      namespace: 'payments',
      name,
      data: { key: Buffer.from('value') },
    });
    await expect(gateway.readSecret('payments', name)).resolves.toMatchObject({
      name,
      uid: created.uid,
    });
    await gateway.deleteSecret('payments', name, { uid: created.uid });
    await expect(gateway.readSecret('payments', name)).resolves.toBeUndefined();
  });

  it('names the missing key when the engine has no credentials for a catalog cluster', async () => {
    const clusters = directory([resource('no-credentials')]);
    await clusters.refresh();
    await expect(
      clusters.gateways.get('no-credentials')!.readSecret('payments', 'any'),
    ).rejects.toThrow(
      'set secrets.clusters.no-credentials.serviceAccountToken or secrets.clusters.no-credentials.serviceAccountTokenFile',
    );
  });
});
