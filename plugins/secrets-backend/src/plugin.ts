import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceRef,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  SECRETS_PLUGIN_ID,
  secretsPermissions,
} from '@backstage-secrets/plugin-secrets-common';
import { registerSecretsActions } from './actions/registerSecretsActions';
import { notificationsEnabled } from './notifications';
import { createRouter } from './router';
import {
  createApi,
  createDeclaredMappings,
  createOwnerNotifier,
  createSyncRuntime,
} from './wiring';

/** How often each replica looks for due mappings; claims keep replicas from double work. */
const CYCLE_SECONDS = 5;

/**
 * The secrets backend plugin, mounted at `/api/secrets`.
 *
 * @public
 */
export const secretsPlugin = createBackendPlugin({
  pluginId: SECRETS_PLUGIN_ID,
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
        instanceMetadata: coreServices.rootInstanceMetadata,
        metrics: metricsServiceRef,
      },
      async init({
        httpRouter,
        logger,
        config,
        database,
        scheduler,
        lifecycle,
        httpAuth,
        userInfo,
        permissions,
        permissionsRegistry,
        auditor,
        auth,
        urlReader,
        catalog,
        actionsRegistry,
        notifications,
        instanceMetadata,
        metrics,
      }) {
        // Reads and validates the configuration first: a bad key stops start-up, named.
        const runtime = await createSyncRuntime({
          config,
          database,
          logger,
          catalog,
          auth,
          meter: metrics,
        });
        logger.info(
          `Secrets: ${runtime.vault.size} Vault store(s), ${
            runtime.clusters.size
          } cluster(s) configured${
            runtime.refreshClusters ? ', more from the catalog' : ''
          }`,
        );
        const { refreshClusters } = runtime;
        if (refreshClusters) {
          // A `type: catalog` locator: the catalog's kubernetes-cluster Resources, read
          // again every minute; a failed read keeps the clusters already known.
          await scheduler.scheduleTask({
            id: 'secrets-catalog-clusters',
            frequency: { minutes: 1 },
            timeout: { minutes: 1 },
            scope: 'local',
            fn: async () => {
              try {
                await refreshClusters();
              } catch (error) {
                logger.warn(
                  `Could not read clusters from the catalog; keeping the known ones: ${error}`,
                );
              }
            },
          });
        }
        // Store and cluster health (login, policy, RBAC) for /stores and /clusters, on each
        // replica; a store or cluster healthy again re-queues the mappings it failed.
        await scheduler.scheduleTask({
          id: 'secrets-health',
          frequency: { milliseconds: runtime.healthCheckIntervalMs },
          timeout: { minutes: 5 },
          scope: 'local',
          fn: () => runtime.health.check(),
        });
        // Watches of the managed Secrets, on each replica, kept in step with the
        // namespaces mappings write into; a deleted or edited Secret is repaired at once.
        const watchers = runtime.watchers;
        if (watchers)
          await scheduler.scheduleTask({
            id: 'secrets-secret-watches',
            frequency: { minutes: 1 },
            timeout: { minutes: 1 },
            scope: 'local',
            fn: () => watchers.refresh(),
          });
        await scheduler.scheduleTask({
          id: 'secrets-reconcile',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          scope: 'local',
          fn: () => runtime.engine.reconcile(),
        });
        await scheduler.scheduleTask({
          id: 'secrets-sync-cycle',
          frequency: { seconds: CYCLE_SECONDS },
          timeout: { minutes: 10 },
          scope: 'local',
          fn: async () => {
            // Work off a backlog in one run (bounded well below the task's timeout).
            const report = await runtime.engine.runUntilIdle(4 * 60_000);
            if (report.claimed > 0) logger.debug('Sync cycle', { ...report });
          },
        });
        // Mappings declared in entities' repositories, read again every minute on one
        // replica at a time; a failed read of an entity's files keeps its mappings.
        const declared = await createDeclaredMappings(runtime, {
          config,
          urlReader,
          catalog,
          auth,
          logger,
        });
        await scheduler.scheduleTask({
          id: 'secrets-declared-mappings',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          fn: async () => {
            const done = await declared.reconcileAll();
            logger.debug('Declared mappings read', { ...done });
          },
        });
        // Owners hear of failures past the grace, recoveries, leases ending unrenewed,
        // orphans and rotation due, from one replica at a time (claims in the database
        // keep each change told once).
        if (
          await notificationsEnabled(
            runtime.notificationsConfig,
            instanceMetadata,
            logger,
          )
        ) {
          const notifier = await createOwnerNotifier(runtime, {
            notifications,
            catalog,
            auth,
            logger,
          });
          await scheduler.scheduleTask({
            id: 'secrets-owner-notifications',
            frequency: { milliseconds: runtime.notificationsConfig.intervalMs },
            timeout: { minutes: 5 },
            fn: async () => {
              const report = await notifier.run();
              if (report.sent || report.failed)
                logger.debug('Owner notifications', { ...report });
            },
          });
        }
        // Login tokens are revoked on shutdown rather than left to expire.
        lifecycle.addShutdownHook(() => runtime.close());

        permissionsRegistry.addPermissions(secretsPermissions);
        const api = createApi(runtime, {
          logger,
          auditor,
          httpAuth,
          userInfo,
          permissions,
          catalog,
          permissionsEnabled:
            config.getOptionalBoolean('permission.enabled') ?? false,
          declared,
        });
        httpRouter.use(await createRouter(api));
        registerSecretsActions(actionsRegistry, { ...api, auditor });
        // Liveness probes and the devstack poll this without a Backstage token.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
