import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { SECRETS_PLUGIN_ID } from '@internal/plugin-secrets-common';
import { readSecretsConfig } from './config';
import { readClusters } from './kubernetes';
import { createRouter } from './router';

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
      },
      async init({ httpRouter, logger, config }) {
        // Fail at start-up, naming the key, rather than at the first sync.
        const { stores } = readSecretsConfig(config);
        const clusters = readClusters(config);
        logger.info(
          `Secrets: ${stores.size} Vault store(s), ${clusters.length} cluster(s) configured`,
        );
        httpRouter.use(await createRouter({ logger, config }));
        // Liveness probes and the devstack poll this without a Backstage token.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
