import {
  createFrontendModule,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';

/**
 * The notifications settings as a tab of the user settings page: where a user mutes a
 * topic, such as the secrets plugin's "Secret sync failures".
 */
const notificationSettings = SubPageBlueprint.make({
  attachTo: { id: 'page:user-settings', input: 'pages' },
  name: 'notifications',
  params: {
    path: 'notifications',
    title: 'Notifications',
    loader: () =>
      import('@backstage/plugin-notifications').then(m => (
        <m.UserNotificationSettingsCard
          originNames={{ 'plugin:secrets': 'Secrets' }}
        />
      )),
  },
});

/** Adds the notifications tab to the user settings page. */
export const notificationSettingsModule = createFrontendModule({
  pluginId: 'user-settings',
  extensions: [notificationSettings],
});
