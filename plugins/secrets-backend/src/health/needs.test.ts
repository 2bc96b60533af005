import type {
  Mapping,
  MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import { testSecretsConfig } from '../__testUtils__/fakes';
import { PROBE_SEGMENT, clusterNeeds, storeNeeds } from './needs';

const mapping = (spec: Partial<MappingSpec>, id = 'm'): Mapping => ({
  id,
  entityRef: 'component:default/payments-api',
  spec: {
    store: 'kv2',
    data: [{ secretKey: 'k', remoteRef: { key: 'payments/payments-api' } }],
    target: { clusters: ['local'], namespace: 'payments', name: 'db' },
    ...spec,
  } as MappingSpec,
  revision: 1,
  createdAt: '',
  updatedAt: '',
  createdBy: '',
  updatedBy: '',
});

describe('storeNeeds', () => {
  const config = testSecretsConfig({
    stores: {
      kv2: {
        server: 'http://127.0.0.1:8200',
        mount: 'secret',
        auth: { appRole: { roleId: 'r', secretId: 's' } },
        allowedPaths: [
          { prefix: '{{ system }}' },
          { prefix: 'shared/payments', owners: ['group:default/a'] },
        ],
      },
      kv1: {
        server: 'http://127.0.0.1:8200',
        mount: 'kv',
        kvVersion: 1,
        auth: { appRole: { roleId: 'r', secretId: 's' } },
        allowedPaths: [{ prefix: 'teams/{{ owner }}/apps' }],
      },
    },
  });

  it('asks below each literal prefix, and below each templated one as the mappings fill it in', () => {
    const needs = storeNeeds(config.stores.get('kv2')!, [
      mapping({}, 'a'),
      mapping(
        {
          data: undefined,
          dataFrom: [{ find: { path: 'search/indexers' } }],
        } as never,
        'b',
      ),
      // Another store's mapping adds nothing here.
      mapping({ store: 'kv1' }, 'c'),
    ]);
    expect(needs.map(n => [n.path, n.grant, n.capability])).toEqual([
      [
        `secret/data/payments/${PROBE_SEGMENT}`,
        'secret/data/payments/*',
        'read',
      ],
      [`secret/data/search/${PROBE_SEGMENT}`, 'secret/data/search/*', 'read'],
      [
        `secret/data/shared/payments/${PROBE_SEGMENT}`,
        'secret/data/shared/payments/*',
        'read',
      ],
    ]);
    expect(needs[0].why).toBe(
      'allowedPaths prefix "{{ system }}", as payments',
    );
    expect(needs[2].why).toBe('allowedPaths prefix "shared/payments"');
  });

  it('builds KV v1 paths and fills multi-segment templates', () => {
    const needs = storeNeeds(config.stores.get('kv1')!, [
      mapping({
        store: 'kv1',
        data: [
          { secretKey: 'k', remoteRef: { key: 'teams/payments/apps/api/db' } },
          // Not below the template: the guardrails would have refused it.
          { secretKey: 'j', remoteRef: { key: 'teams/payments/other' } },
        ],
      }),
    ]);
    expect(needs.map(n => n.grant)).toEqual(['kv/teams/payments/apps/*']);
  });

  it('asks for the dynamic roles mappings issue from: read creds, update issue', () => {
    const needs = storeNeeds(config.stores.get('kv2')!, [
      mapping({
        data: undefined,
        dynamic: { engine: 'database', role: 'payments-app' },
      }),
      mapping({
        data: undefined,
        dynamic: { engine: 'pki', role: 'payments-tls', commonName: 'a' },
      }),
    ]);
    expect(
      needs
        .filter(n => !n.path.startsWith('secret/'))
        .map(n => [n.path, n.capability, n.anyOf]),
    ).toEqual([
      ['database/creds/payments-app', 'read', ['read']],
      ['pki/issue/payments-tls', 'update', ['update', 'create']],
    ]);
  });
});

describe('clusterNeeds', () => {
  it('asks per namespace for Secret verbs, ConfigMaps read by templateFrom and restarted workloads', () => {
    const needs = clusterNeeds('local', [
      mapping({
        target: {
          clusters: ['local'],
          namespace: 'payments',
          name: 'a',
          template: {
            data: {},
            templateFrom: [{ configMap: { name: 'tpl', items: [] } }],
          },
          rolloutRestartTargets: [
            { kind: 'Deployment', name: 'api' },
            { kind: 'Deployment', name: 'worker' },
          ],
        },
      }),
      mapping({
        target: {
          clusters: ['local', 'other'],
          namespace: 'search',
          name: 'b',
          creationPolicy: 'None',
        },
      }),
      mapping({
        target: { clusters: ['other'], namespace: 'elsewhere', name: 'c' },
      }),
    ]);
    expect(needs).toEqual([
      {
        namespace: 'payments',
        reviews: [
          ...['get', 'create', 'update', 'patch', 'delete'].map(verb => ({
            group: '',
            resource: 'secrets',
            verb,
          })),
          { group: '', resource: 'configmaps', verb: 'get' },
          { group: 'apps', resource: 'deployments', verb: 'patch' },
        ],
      },
      // creationPolicy None writes nothing: search has nothing to ask.
    ]);
  });
});
