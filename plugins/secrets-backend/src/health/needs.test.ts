import type {
  Mapping,
  MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import { testSecretsConfig } from '../__testUtils__/fakes';
import {
  ClusterNeeds,
  PROBE_SEGMENT,
  StoreNeeds,
  clusterNeeds,
  storeNeeds,
} from './needs';

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

/** A store config on a local Vault with these `allowedPaths`. */
const storeOn = (mount: string, allowedPaths: object[]) => ({
  server: 'http://127.0.0.1:8200',
  mount,
  auth: { appRole: { roleId: 'r', secretId: 's' } },
  allowedPaths,
});

describe('storeNeeds', () => {
  const config = testSecretsConfig({
    stores: {
      kv2: storeOn('secret', [
        { prefix: '{{ system }}' },
        { prefix: 'shared/payments', owners: ['group:default/a'] },
      ]),
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
  it('asks per namespace for Secret verbs, Events, ConfigMaps read by templateFrom and restarted workloads', () => {
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
          { group: '', resource: 'events', verb: 'create' },
          { group: '', resource: 'configmaps', verb: 'get' },
          { group: 'apps', resource: 'deployments', verb: 'patch' },
        ],
      },
      // creationPolicy None writes nothing: search has nothing to ask.
    ]);
  });

  it('asks for list and watch on Secrets too when the watch is on, where something is written', () => {
    const mappings = [
      mapping({}),
      mapping({
        target: {
          clusters: ['local'],
          namespace: 'search',
          name: 'b',
          creationPolicy: 'None',
        },
      }),
    ];
    const verbs = (needs: ReturnType<typeof clusterNeeds>) =>
      needs.map(n => [
        n.namespace,
        n.reviews.filter(r => r.resource === 'secrets').map(r => r.verb),
      ]);
    expect(verbs(clusterNeeds('local', mappings, { watch: true }))).toEqual([
      [
        'payments',
        ['get', 'create', 'update', 'patch', 'delete', 'list', 'watch'],
      ],
    ]);
    expect(verbs(clusterNeeds('local', mappings))).toEqual([
      ['payments', ['get', 'create', 'update', 'patch', 'delete']],
    ]);
  });
});

describe('needs folded in a page at a time', () => {
  const config = testSecretsConfig({
    stores: {
      // Two templates that both fill in as `payments`: the first one names it.
      kv2: storeOn('secret', [
        { prefix: '{{ system }}' },
        { prefix: '{{ owner }}' },
        { prefix: 'shared' },
      ]),
    },
  });
  const mappings = Array.from({ length: 23 }, (_, i) =>
    mapping(
      i % 7 === 3
        ? ({
            data: undefined,
            dynamic: { engine: 'database', mount: 'db', role: `role-${i % 2}` },
          } as never)
        : {
            data: [
              {
                secretKey: 'k',
                remoteRef: {
                  key: `${['payments', 'search', 'shared'][i % 3]}/app-${i}`,
                },
              },
            ],
            target: {
              clusters: i % 2 ? ['local'] : ['local', 'other'],
              namespace: `ns-${i % 5}`,
              name: `s-${i}`,
              ...(i % 4 === 0
                ? {
                    rolloutRestartTargets: [{ kind: 'StatefulSet', name: 'x' }],
                  }
                : {}),
            },
          },
      `m-${i}`,
    ),
  );

  it('asks exactly what all the mappings at once ask, whatever the page size', () => {
    const store = config.stores.get('kv2')!;
    const whole = storeNeeds(store, mappings);
    expect(whole.map(n => n.why)).toContain(
      'allowedPaths prefix "{{ system }}", as payments',
    );
    expect(whole.some(n => n.why === 'a dynamic mapping issues from it')).toBe(
      true,
    );
    for (const size of [1, 4, 10, 23]) {
      const byStore = new StoreNeeds(store);
      const byCluster = new ClusterNeeds('local');
      const other = new ClusterNeeds('other');
      for (let i = 0; i < mappings.length; i += size) {
        const page = mappings.slice(i, i + size);
        byStore.add(page);
        byCluster.add(page);
        other.add(page);
      }
      expect(byStore.needs()).toEqual(whole);
      expect(byCluster.needs()).toEqual(clusterNeeds('local', mappings));
      expect(other.needs()).toEqual(clusterNeeds('other', mappings));
    }
  });
});
