import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import kubernetesPlugin from '@backstage/plugin-kubernetes/alpha';
import secretsPlugin from '@backstage-secrets/plugin-secrets-frontend/alpha';
import { navModule } from './modules/nav';

// Plugins in package.json are also discovered through `app.packages: all`;
// the ones the demo depends on are listed here so the app does not rely on
// discovery to show the catalog and the Secrets tab.
export default createApp({
  features: [catalogPlugin, kubernetesPlugin, secretsPlugin, navModule],
});
