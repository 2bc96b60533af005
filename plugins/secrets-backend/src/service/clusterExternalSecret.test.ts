import { expandClusterExternalSecret } from './clusterExternalSecret';

const ces = (spec: Record<string, unknown>, annotations = {}) => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ClusterExternalSecret',
  metadata: { name: 'db', annotations },
  spec,
});

describe('expandClusterExternalSecret', () => {
  it('gives one ExternalSecret per listed namespace, named and labelled as ESO would', () => {
    const expanded = expandClusterExternalSecret(
      ces(
        {
          externalSecretName: 'db-es',
          externalSecretMetadata: { labels: { a: 'b' } },
          namespaces: ['payments', 'search', 'payments'],
          refreshTime: '1m',
          externalSecretSpec: { target: { name: 'db' } },
        },
        {
          'secrets.backstage.io/clusters': 'local',
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
        },
      ),
    );
    expect(expanded).toEqual(
      ['payments', 'search'].map(namespace => ({
        namespace,
        manifest: {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          metadata: {
            name: 'db-es',
            namespace,
            labels: { a: 'b' },
            annotations: { 'secrets.backstage.io/clusters': 'local' },
          },
          spec: { target: { name: 'db' } },
        },
      })),
    );
  });

  it('refuses label selectors, a missing list or spec, and unknown fields, by field', () => {
    const result = expandClusterExternalSecret(
      ces({
        namespaceSelectors: [{ matchLabels: { team: 'x' } }],
        externalSecretMetadata: { finalizers: ['f'] },
        colour: 'blue',
      }),
    );
    expect('issues' in result && result.issues.map(i => i.path)).toEqual([
      'spec.namespaceSelectors',
      'spec.colour',
      'spec.namespaces',
      'spec.externalSecretSpec',
      'spec.externalSecretMetadata.finalizers',
    ]);
  });
});
