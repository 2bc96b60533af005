import {
  coreServices,
  createServiceFactory,
  type AuditorService,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceRef,
  type ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  readStackInfo,
  stackKubernetesConfig,
  type StackInfo,
} from '@internal/devstack';
import type { Knex } from 'knex';
import { clockSchedulerFactory } from '../../__testUtils__/clockScheduler';
import { recordingLogger } from '../../__testUtils__/recordingLogger';
import { secretsPlugin } from '../../plugin';

/** Catalog of the API tests, shaped like the demo's examples/ files. */
export function testEntities(): Entity[] {
  const component = (
    name: string,
    owners: string[],
    extra: { namespace?: string; system?: string } = {},
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: extra.namespace
        ? { 'backstage.io/kubernetes-namespace': extra.namespace }
        : {},
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: owners[0],
      ...(extra.system ? { system: extra.system } : {}),
    },
    relations: owners.map(targetRef => ({ type: 'ownedBy', targetRef })),
  });
  return [
    // Owned by the team and, directly, by erin: "owner" and "member of the owning group".
    component(
      'payments-api',
      ['group:default/team-payments', 'user:default/erin'],
      { namespace: 'payments', system: 'payments' },
    ),
    component('search-api', ['group:default/team-search'], {
      namespace: 'search',
      system: 'search',
    }),
    component('payments-batch', ['group:default/team-payments'], {
      system: 'payments',
    }),
    // Owned by a group the catalog does not have: an orphan for the audit.
    component('legacy-api', ['group:default/disbanded-team'], {
      namespace: 'payments',
      system: 'payments',
    }),
    ...['team-payments', 'team-search', 'platform-admins'].map(name => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name, namespace: 'default' },
      spec: { type: 'team', children: [] },
    })),
    ...['alice', 'bob', 'carol', 'dave', 'erin'].map(name => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name, namespace: 'default' },
      spec: {},
    })),
  ];
}

/** A one-key KV mapping spec for payments-api: the demo's db_username into Secret `name`. */
export function paymentsKvSpec(name: string) {
  return {
    store: 'local-kv2',
    data: [
      {
        secretKey: 'user',
        remoteRef: { key: 'payments/payments-api', property: 'db_username' },
      },
    ],
    target: { clusters: ['local'], namespace: 'payments', name },
  };
}

/** An ESO ExternalSecret of payments-api reading one property of `key`, as a user would paste it. */
export function paymentsExternalSecret(
  name: string,
  key: string,
  property: string,
  secretKey = property,
) {
  return `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: ${name}, namespace: payments }
spec:
  secretStoreRef: { kind: ClusterSecretStore, name: local-kv2 }
  target: { name: ${name} }
  data:
    - secretKey: ${secretKey}
      remoteRef: { key: ${key}, property: ${property} }
`;
}

/** The stack's `kubernetes` block with more configured clusters. */
function withClusters(
  kubernetes: ReturnType<typeof stackKubernetesConfig>,
  extra: object[] = [],
) {
  const [configured, ...rest] = kubernetes.clusterLocatorMethods;
  return {
    ...kubernetes,
    clusterLocatorMethods: [
      { ...configured, clusters: [...configured.clusters, ...extra] },
      ...rest,
    ],
  };
}

/** Who belongs to which group: what the user-info service would say. */
const MEMBERSHIP: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-payments'],
  'user:default/bob': ['group:default/team-payments'],
  'user:default/carol': ['group:default/team-search'],
  'user:default/dave': ['group:default/platform-admins'],
  'user:default/erin': [],
};

export const callers = {
  owner: mockCredentials.user.header('user:default/erin'),
  member: mockCredentials.user.header('user:default/alice'),
  nonOwner: mockCredentials.user.header('user:default/carol'),
  admin: mockCredentials.user.header('user:default/dave'),
  service: mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('external:ci'),
    targetPluginId: 'secrets',
  }),
  grantedService: mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('external:deployer'),
    targetPluginId: 'secrets',
  }),
  unauthenticated: mockCredentials.none.header(),
};
export type CallerName = keyof typeof callers;

/** One recorded audit event, reduced to what may be compared and searched. */
export interface RecordedAudit {
  eventId: string;
  outcome: 'initiated' | 'succeeded' | 'failed';
  meta?: unknown;
  error?: string;
}

/**
 * The secrets plugin in a test backend, against the running local stack (real Vault and
 * kube-apiserver) and the given database, with a recording logger and auditor.
 */
export async function startApiBackend(options: {
  knex: Knex;
  permissionResult?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  entities?: Entity[];
  /** More `secrets.stores` entries, e.g. one reaching Vault through a test proxy. */
  extraStores?: Record<string, object>;
  /** `secrets.engine` keys to set or override. */
  engine?: Record<string, unknown>;
  /** `permission.enabled`: the permission policy alone decides (no local rules). */
  permissionsEnabled?: boolean;
  /** More top-level config, e.g. `backend.reading`. */
  extraConfig?: Record<string, unknown>;
  /** The actions registry the plugin registers its actions with, to invoke them. */
  actionsRegistry?: ActionsRegistryService;
  /** `secrets.allowedNamespaces` instead of the default grant of `shared`. */
  allowedNamespaces?: { namespace: string; owners: string[] }[];
  /** More `kubernetes.clusterLocatorMethods` clusters besides the stack's `local`. */
  extraClusters?: object[];
  /** Run scheduled tasks on their frequency, not just once at start-up. */
  scheduleByClock?: boolean;
  /** A stack of the suite's own (`startStack`) instead of the shared one. */
  info?: StackInfo;
}) {
  const info: StackInfo = options.info ?? readStackInfo();
  const logger = recordingLogger();
  const audits: RecordedAudit[] = [];
  const auditor: AuditorService = {
    async createEvent(opts) {
      audits.push({
        eventId: opts.eventId,
        outcome: 'initiated',
        meta: opts.meta,
      });
      return {
        success: async o =>
          void audits.push({
            eventId: opts.eventId,
            outcome: 'succeeded',
            meta: o?.meta,
          }),
        fail: async o =>
          void audits.push({
            eventId: opts.eventId,
            outcome: 'failed',
            meta: o.meta,
            error: `${o.error.name}: ${o.error.message}`,
          }),
      };
    },
  };
  const appRole = {
    path: info.vault.engine.appRole.path,
    roleId: info.vault.engine.appRole.roleId,
    secretId: info.vault.engine.appRole.secretId,
  };
  const config = {
    ...options.extraConfig,
    ...(options.permissionsEnabled ? { permission: { enabled: true } } : {}),
    kubernetes: withClusters(
      stackKubernetesConfig(info),
      options.extraClusters,
    ),
    secrets: {
      engine: {
        concurrency: 4,
        backoff: { initial: '1s', max: '5s' },
        ...options.engine,
      },
      admins: ['group:default/platform-admins'],
      allowedNamespaces: options.allowedNamespaces ?? [
        {
          namespace: 'shared',
          owners: ['group:default/team-payments', 'group:default/team-search'],
        },
      ],
      services: [
        {
          subject: 'external:deployer',
          permissions: ['secrets.mapping.read', 'secrets.mapping.sync'],
        },
      ],
      stores: {
        'local-kv2': {
          server: info.vault.addr,
          caFile: info.vault.caFile,
          mount: 'secret',
          auth: { appRole },
          allowedPaths: [
            { prefix: '{{ system }}' },
            {
              prefix: 'shared/payments',
              owners: ['group:default/team-payments'],
            },
          ],
          // Data written outside the product may be rotated below this prefix only.
          unmanagedRotationPaths: [{ prefix: '{{ system }}/rotate' }],
          dynamicRoles: [
            { path: 'database/creds/{{ system }}-*' },
            { path: 'pki/issue/{{ system }}-*' },
          ],
        },
        'local-kv1': {
          server: info.vault.addr,
          caFile: info.vault.caFile,
          mount: 'kv',
          kvVersion: 1,
          auth: { appRole },
          allowedPaths: [{ prefix: '{{ system }}' }],
        },
        ...options.extraStores,
      },
    },
  };
  const backend = await startTestBackend({
    features: [
      secretsPlugin,
      mockServices.rootConfig.factory({ data: config }),
      mockServices.database.factory({ knex: options.knex }),
      catalogServiceMock.factory({
        entities: options.entities ?? testEntities(),
      }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials) {
            const ref = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: [ref, ...(MEMBERSHIP[ref] ?? [])],
            };
          },
        }),
      }),
      createServiceFactory({
        service: coreServices.logger,
        deps: {},
        factory: () => logger,
      }),
      createServiceFactory({
        service: coreServices.auditor,
        deps: {},
        factory: () => auditor,
      }),
      ...(options.actionsRegistry
        ? [
            createServiceFactory({
              service: actionsRegistryServiceRef,
              deps: {},
              factory: () => options.actionsRegistry!,
            }),
          ]
        : []),
      ...(options.scheduleByClock ? [clockSchedulerFactory()] : []),
      ...(options.permissionResult
        ? [
            mockServices.permissions.factory({
              result: options.permissionResult,
            }),
          ]
        : []),
    ],
  });
  return Object.assign(backend, { info, logger, audits });
}

/** Every row of the plugin's tables, to prove a refused request changed nothing. */
export async function snapshotTables(knex: Knex): Promise<string> {
  const tables = [
    'secrets_mappings',
    'secrets_mapping_targets',
    'secrets_sync_state',
  ];
  const rows = await Promise.all(
    tables.map(t => knex(t).select().orderBy(knex.raw('1'))),
  );
  return JSON.stringify(rows);
}

/** Every row of every table of the plugin, as text, for canary searches. */
export async function dumpTables(knex: Knex): Promise<string> {
  const names: string[] =
    knex.client.config.client === 'pg'
      ? (
          await knex.raw(
            `select tablename from pg_tables where schemaname = current_schema()`,
          )
        ).rows.map((r: { tablename: string }) => r.tablename)
      : (
          await knex.raw(`select name from sqlite_master where type = 'table'`)
        ).map((r: { name: string }) => r.name);
  const parts: string[] = [];
  for (const name of names)
    parts.push(name, JSON.stringify(await knex(name).select()));
  return parts.join('\n');
}
