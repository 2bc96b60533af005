import type { AuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { recordingLogger } from '../__testUtils__/recordingLogger';
import { ClusterDirectory } from './ClusterDirectory';
import type { ClusterSettings } from './readClusters';
import type { ClusterConfig, ClusterGateway } from './types';

const resource = (name: string, url: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, annotations: { 'kubernetes.io/api-server': url } },
  spec: { type: 'kubernetes-cluster' },
});

const configured: ClusterConfig = {
  name: 'local',
  url: 'https://local.example.com',
  skipTLSVerify: false,
  credentials: { type: 'token', token: 't', source: 's' },
};

function setup(catalogLocator = true) {
  let items: Entity[] = [];
  let failure: Error | undefined;
  const catalog = {
    getEntities: jest.fn(async () => {
      if (failure) throw failure;
      return { items };
    }),
  } as unknown as CatalogService;
  const auth = {
    getOwnServiceCredentials: async () => ({ principal: {} }),
  } as unknown as AuthService;
  const built: ClusterConfig[] = [];
  const logger = recordingLogger();
  const settings: ClusterSettings = {
    clusters: [configured],
    overrides: new Map(),
    catalog: catalogLocator ? { allowSkipTLSVerify: false } : undefined,
  };
  const directory = new ClusterDirectory(settings, {
    createGateway: c => {
      built.push(c);
      return { cluster: c.name, url: c.url } as unknown as ClusterGateway;
    },
    logger,
    catalog,
    auth,
  });
  return {
    directory,
    catalog,
    built,
    logger,
    setItems: (e: Entity[]) => (items = e),
    fail: (e?: Error) => (failure = e),
  };
}

describe('ClusterDirectory', () => {
  it('starts with the configured clusters and reads nothing without a catalog locator', async () => {
    const { directory, catalog } = setup(false);
    expect([...directory.gateways.keys()]).toEqual(['local']);
    expect(directory.readsCatalog).toBe(false);
    await expect(directory.refresh()).resolves.toBe(0);
    expect(catalog.getEntities).not.toHaveBeenCalled();
  });

  it('adds, keeps, replaces and removes catalog clusters as the catalog changes', async () => {
    const { directory, built, setItems, catalog } = setup();
    setItems([resource('us', 'https://us.example.com')]);
    await expect(directory.refresh()).resolves.toBe(1);
    expect(catalog.getEntities).toHaveBeenCalledWith(
      {
        filter: [{ kind: 'Resource', 'spec.type': 'kubernetes-cluster' }],
      },
      expect.anything(),
    );
    const first = directory.gateways.get('us');
    expect(first).toMatchObject({ url: 'https://us.example.com' });

    await directory.refresh();
    expect(directory.gateways.get('us')).toBe(first); // unchanged: same gateway

    setItems([resource('us', 'https://us2.example.com')]);
    await directory.refresh();
    expect(directory.gateways.get('us')).toMatchObject({
      url: 'https://us2.example.com',
    });

    setItems([]);
    await directory.refresh();
    expect([...directory.gateways.keys()]).toEqual(['local']);
    expect(built.map(c => c.name)).toEqual(['local', 'us', 'us']);
  });

  it('keeps the known clusters when the catalog cannot be read', async () => {
    const { directory, setItems, fail } = setup();
    setItems([resource('us', 'https://us.example.com')]);
    await directory.refresh();
    fail(new Error('catalog unavailable'));
    await expect(directory.refresh()).rejects.toThrow('catalog unavailable');
    expect([...directory.gateways.keys()]).toEqual(['local', 'us']);
  });

  it('never lets a catalog cluster replace a configured one, and says so once', async () => {
    const { directory, setItems, logger } = setup();
    setItems([resource('local', 'https://elsewhere.example.com')]);
    await directory.refresh();
    await directory.refresh();
    expect(directory.gateways.get('local')).toMatchObject({
      url: 'https://local.example.com',
    });
    const warnings = logger.calls.filter(c => c[0] === 'warn');
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0][2])).toContain(
      'a cluster of that name is configured',
    );
  });

  it('skips a Resource it cannot use, saying why once', async () => {
    const { directory, setItems, logger } = setup();
    setItems([resource('bad', 'ftp://bad')]);
    await expect(directory.refresh()).resolves.toBe(0);
    await directory.refresh();
    expect(directory.gateways.has('bad')).toBe(false);
    expect(logger.calls.filter(c => c[0] === 'warn')).toHaveLength(1);
  });
});
