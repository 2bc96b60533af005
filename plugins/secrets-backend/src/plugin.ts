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
  replicaTasks,
} from './wiring';

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
        if (!runtime.engineEnabled)
          logger.info(
            'Secrets: the sync engine is off on this replica (secrets.engine.enabled: false); replicas with it on sync, watch and revoke',
          );
        // Catalog clusters, health, and where the engine runs: its runs, reconcile and
        // Secret watches — on each replica for itself.
        for (const task of replicaTasks(runtime, logger)) {
          await scheduler.scheduleTask({
            id: task.id,
            frequency: { milliseconds: task.frequencyMs },
            timeout: { milliseconds: task.timeoutMs },
            scope: 'local',
            fn: task.fn,
          });
        }
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
