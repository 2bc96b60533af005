import type { Entity } from '@backstage/catalog-model';
import { clusterFromEntity } from './catalogClusters';

const CA = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
).toString('base64');

const resource = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'prod-us', annotations },
  spec: { type: 'kubernetes-cluster' },
});

const options = {
  overrides: new Map([
    [
      'prod-us',
      {
        type: 'token' as const,
        token: 't',
        source: 'secrets.clusters.prod-us.serviceAccountToken',
      },
    ],
  ]),
  allowSkipTLSVerify: false,
};

describe('clusterFromEntity', () => {
  it('reads the annotations the Kubernetes plugin reads, with the engine’s own credentials', () => {
    expect(
      clusterFromEntity(
        resource({
          'kubernetes.io/api-server': 'https://kube.us.example.com:6443/',
          'kubernetes.io/api-server-certificate-authority': CA,
          'kubernetes.io/auth-provider': 'google',
        }),
        options,
      ),
    ).toEqual({
      cluster: {
        name: 'prod-us',
        url: 'https://kube.us.example.com:6443',
        caData: CA,
        skipTLSVerify: false,
        credentials: options.overrides.get('prod-us'),
      },
    });
  });

  it('is unusable, saying which key to set, without secrets.clusters.<name>', () => {
    const found = clusterFromEntity(
      resource({ 'kubernetes.io/api-server': 'https://kube.us.example.com' }),
      { ...options, overrides: new Map() },
    );
    expect(found).toMatchObject({
      cluster: {
        credentials: {
          type: 'unusable',
          message: expect.stringContaining(
            'set secrets.clusters.prod-us.serviceAccountToken',
          ),
        },
      },
    });
  });

  it('honours kubernetes.io/skip-tls-verify only when the locator allows it', () => {
    const entity = resource({
      'kubernetes.io/api-server': 'https://kube.us.example.com',
      'kubernetes.io/skip-tls-verify': 'true',
    });
    expect(clusterFromEntity(entity, options)).toMatchObject({
      cluster: { skipTLSVerify: false },
    });
    expect(
      clusterFromEntity(entity, { ...options, allowSkipTLSVerify: true }),
    ).toMatchObject({ cluster: { skipTLSVerify: true } });
  });

  it.each([
    [
      {},
      'kubernetes-cluster Resource "prod-us" has no kubernetes.io/api-server',
    ],
    [
      { 'kubernetes.io/api-server': 'ftp://kube' },
      'kubernetes-cluster Resource "prod-us": kubernetes.io/api-server must be an absolute http(s) URL',
    ],
    [
      {
        'kubernetes.io/api-server': 'https://kube',
        'kubernetes.io/api-server-certificate-authority': 'not a CA',
      },
      'kubernetes-cluster Resource "prod-us": kubernetes.io/api-server-certificate-authority must be a base64-encoded PEM',
    ],
  ])('skips %j, saying why', (annotations, reason) => {
    const found = clusterFromEntity(resource(annotations), options);
    expect(found).toEqual({ skipped: expect.stringContaining(reason) });
  });
});
