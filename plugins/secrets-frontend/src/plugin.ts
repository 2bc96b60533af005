import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SECRETS_PLUGIN_ID } from '@backstage-secrets/plugin-secrets-common';
import { SecretsClient, secretsApiRef } from './api';
import { auditRouteRef, rootRouteRef } from './routes';

/**
 * The secrets frontend plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const secretsPlugin = createPlugin({
  id: SECRETS_PLUGIN_ID,
  apis: [
    createApiFactory({
      api: secretsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecretsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    audit: auditRouteRef,
  },
});

/**
 * The Secrets tab content for entity pages on the legacy frontend system,
 * mounted with `<EntityLayout.Route path="/secrets" title="Secrets">`.
 *
 * @public
 */
export const EntitySecretsContent = secretsPlugin.provide(
  createRoutableExtension({
    name: 'EntitySecretsContent',
    component: () =>
      import('./components/EntitySecretsContent').then(
        m => m.EntitySecretsContent,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The platform audit page for apps on the legacy frontend system, mounted with
 * `<Route path="/secrets-audit" element={<SecretsAuditPage />} />`.
 *
 * @public
 */
export const SecretsAuditPage = secretsPlugin.provide(
  createRoutableExtension({
    name: 'SecretsAuditPage',
    component: () =>
      import('./components/SecretsAuditPage').then(m => m.SecretsAuditPage),
    mountPoint: auditRouteRef,
  }),
);
