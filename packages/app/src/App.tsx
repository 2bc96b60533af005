import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import kubernetesPlugin from '@backstage/plugin-kubernetes/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import secretsPlugin from '@backstage-secrets/plugin-secrets-frontend/alpha';
import { navModule } from './modules/nav';
import { notificationSettingsModule } from './modules/notificationSettings';

// Plugins in package.json are also discovered through `app.packages: all`;
// the ones the demo depends on are listed here so the app does not rely on
// discovery to show the catalog and the Secrets tab.
export default createApp({
  features: [
    catalogPlugin,
    kubernetesPlugin,
    secretsPlugin,
    notificationsPlugin,
    signalsPlugin,
    navModule,
    notificationSettingsModule,
  ],
});
