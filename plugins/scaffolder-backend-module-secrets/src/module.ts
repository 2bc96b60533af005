import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createSecretsMappingCreateAction } from './actions/createMapping';

/**
 * Adds `secrets:mapping:create` to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleSecrets = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'secrets',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, discovery, auth }) {
        scaffolder.addActions(
          createSecretsMappingCreateAction({ discovery, auth }),
        );
      },
    });
  },
});
