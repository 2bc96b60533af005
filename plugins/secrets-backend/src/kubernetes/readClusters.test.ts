import { ConfigReader } from '@backstage/config';
import { IN_CLUSTER_TOKEN_FILE } from '../config/inClusterToken';
import { readClusterSettings, readClusters } from './readClusters';

const CA = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
).toString('base64');

/** A config locator after another one: `gke` (skipped by the engine) unless told `catalog`. */
function config(clusters: unknown[], secrets?: unknown, first = 'gke') {
  // Through JSON, as app-config arrives: keys set to undefined disappear.
  const data = JSON.parse(
    JSON.stringify({
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [{ type: first }, { type: 'config', clusters }],
      },
      ...(secrets ? { secrets } : {}),
    }),
  );
  return new ConfigReader(data);
}

const base = {
  name: 'prod-eu',
  url: 'https://kube.example.com:6443/',
  authProvider: 'serviceAccount',
  serviceAccountToken: 'plugin-token',
  caData: CA,
};

describe('readClusters', () => {
  it('reads the Kubernetes plugin clusters of type config', () => {
    expect(readClusters(config([base]))).toEqual([
      {
        name: 'prod-eu',
        url: 'https://kube.example.com:6443',
        caData: CA,
        caFile: undefined,
        skipTLSVerify: false,
        credentials: {
          type: 'token',
          token: 'plugin-token',
          source:
            'kubernetes.clusterLocatorMethods[1].clusters[0].serviceAccountToken',
        },
      },
    ]);
  });

  it('returns nothing without kubernetes config', () => {
    expect(readClusters(new ConfigReader({}))).toEqual([]);
  });

  it('reads caFile and an explicit skipTLSVerify', () => {
    const [c] = readClusters(
      config([
        { ...base, caData: undefined, caFile: '/ca.pem', skipTLSVerify: true },
      ]),
    );
    expect(c).toMatchObject({ caFile: '/ca.pem', skipTLSVerify: true });
  });

  it('lets secrets.clusters.<name> override the token', () => {
    const [a, b] = readClusters(
      config([base, { ...base, name: 'gke', authProvider: 'google' }], {
        clusters: {
          'prod-eu': { serviceAccountToken: 'engine-token' },
          gke: { serviceAccountTokenFile: '/var/run/engine/token' },
        },
      }),
    );
    expect(a.credentials).toEqual({
      type: 'token',
      token: 'engine-token',
      source: 'secrets.clusters.prod-eu.serviceAccountToken',
    });
    expect(b.credentials).toEqual({
      type: 'tokenFile',
      path: '/var/run/engine/token',
      source: 'secrets.clusters.gke.serviceAccountTokenFile',
    });
  });

  it('falls back to the in-cluster token like the Kubernetes plugin', () => {
    const [c] = readClusters(
      config([{ ...base, serviceAccountToken: undefined }]),
    );
    expect(c.credentials).toMatchObject({
      type: 'tokenFile',
      path: IN_CLUSTER_TOKEN_FILE,
    });
  });

  it('keeps other auth providers, unusable, with a message naming the keys', () => {
    const [c] = readClusters(config([{ ...base, authProvider: 'oidc' }]));
    expect(c.credentials.type).toBe('unusable');
    const message = (c.credentials as { message: string }).message;
    expect(message).toContain(
      "kubernetes.clusterLocatorMethods[1].clusters[0].authProvider is 'oidc'",
    );
    expect(message).toContain('secrets.clusters.prod-eu.serviceAccountToken');
    expect(message).toContain(
      'secrets.clusters.prod-eu.serviceAccountTokenFile',
    );
  });

  it.each([
    [
      'an override for an unknown cluster',
      config([base], { clusters: { other: { serviceAccountToken: 't' } } }),
      'secrets.clusters.other does not match any cluster name under kubernetes.clusterLocatorMethods',
    ],
    [
      'both a token and a token file',
      config([base], {
        clusters: {
          'prod-eu': {
            serviceAccountToken: 't',
            serviceAccountTokenFile: '/t',
          },
        },
      }),
      'secrets.clusters.prod-eu sets both serviceAccountToken and serviceAccountTokenFile',
    ],
    [
      'an override without credentials',
      config([base], { clusters: { 'prod-eu': {} } }),
      'secrets.clusters.prod-eu must set serviceAccountToken or serviceAccountTokenFile',
    ],
    [
      'an empty override token',
      config([base], { clusters: { 'prod-eu': { serviceAccountToken: ' ' } } }),
      'secrets.clusters.prod-eu.serviceAccountToken must not be empty',
    ],
    [
      'a duplicate name',
      config([base, base]),
      "kubernetes.clusterLocatorMethods[1].clusters[1].name 'prod-eu' is already used by kubernetes.clusterLocatorMethods[1].clusters[0]",
    ],
    [
      'a relative url',
      config([{ ...base, url: 'kube.example.com' }]),
      "kubernetes.clusterLocatorMethods[1].clusters[0].url must be an absolute http(s) URL, got 'kube.example.com'",
    ],
    [
      'a non-http url',
      config([{ ...base, url: 'ftp://kube.example.com' }]),
      'kubernetes.clusterLocatorMethods[1].clusters[0].url must be an absolute http(s) URL',
    ],
    [
      'caData that is not base64 PEM',
      config([{ ...base, caData: '-----BEGIN CERTIFICATE-----' }]),
      'kubernetes.clusterLocatorMethods[1].clusters[0].caData must be a base64-encoded PEM certificate bundle',
    ],
    [
      'a missing url',
      config([{ ...base, url: undefined }]),
      "Missing required config value at 'kubernetes.clusterLocatorMethods[1].clusters[0].url'",
    ],
    [
      'a missing authProvider',
      config([{ ...base, authProvider: undefined }]),
      "Missing required config value at 'kubernetes.clusterLocatorMethods[1].clusters[0].authProvider'",
    ],
  ])('rejects %s, naming the key', (_, cfg, message) => {
    expect(() => readClusters(cfg)).toThrow(message);
  });

  it('notes a catalog locator, and then accepts overrides for clusters only the catalog names', () => {
    const settings = readClusterSettings(
      config(
        [base],
        { clusters: { 'from-catalog': { serviceAccountTokenFile: '/t' } } },
        'catalog',
      ),
    );
    expect(settings.catalog).toEqual({ allowSkipTLSVerify: false });
    expect(settings.clusters.map(c => c.name)).toEqual(['prod-eu']);
    expect(settings.overrides.get('from-catalog')).toMatchObject({
      type: 'tokenFile',
      path: '/t',
    });
    expect(readClusterSettings(config([base])).catalog).toBeUndefined();
  });
});
