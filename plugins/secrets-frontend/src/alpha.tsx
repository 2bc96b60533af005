import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { SECRETS_PLUGIN_ID } from '@backstage-secrets/plugin-secrets-common';
import { SecretsClient, secretsApiRef } from './api';
import { auditRouteRef } from './routes';
import { isSecretsAvailable } from './isSecretsAvailable';

/**
 * Registers the `SecretsClient` as the app's `secretsApiRef`.
 *
 * @alpha
 */
export const secretsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: secretsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecretsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The Secrets tab on Component entity pages.
 *
 * @alpha
 */
export const secretsEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'secrets',
    title: 'Secrets',
    filter: isSecretsAvailable,
    loader: () =>
      import('./components/EntitySecretsContent').then(m => (
        <m.EntitySecretsContent />
      )),
  },
});

/**
 * The audit page's route: the legacy plugin's own ref, converted, so both frontend systems
 * know the page by one route ref (and a page with a route ref gets a sidebar entry).
 */
const auditPageRouteRef = convertLegacyRouteRef(auditRouteRef);

/**
 * The platform audit page at `/secrets-audit`, with a sidebar entry.
 *
 * @alpha
 */
export const secretsAuditPage = PageBlueprint.make({
  params: {
    path: '/secrets-audit',
    routeRef: auditPageRouteRef,
    title: 'Secrets audit',
    icon: <VpnKeyIcon />,
    loader: () =>
      import('./components/SecretsAuditPage').then(m => <m.SecretsAuditPage />),
  },
});

/**
 * The secrets frontend plugin for apps on the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: SECRETS_PLUGIN_ID,
  title: 'Secrets audit',
  icon: <VpnKeyIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: { audit: auditPageRouteRef },
  extensions: [secretsApi, secretsEntityContent, secretsAuditPage],
});
