import type {
  LoggerService,
  RootInstanceMetadataService,
} from '@backstage/backend-plugin-api';
import type { NotificationsConfig } from '../config';

/** The plugin id of Backstage's notifications backend. */
const NOTIFICATIONS_PLUGIN_ID = 'notifications';

/**
 * Whether to tell owners: `secrets.notifications.enabled` when set; otherwise whether the
 * notifications backend runs in this backend. The notification service exists either way
 * (it posts to the notifications backend wherever discovery says it is), so without the
 * backend every send would fail; a split deployment sets `enabled: true`.
 */
export async function notificationsEnabled(
  config: NotificationsConfig,
  instance: RootInstanceMetadataService,
  logger: LoggerService,
): Promise<boolean> {
  if (config.enabled !== undefined) {
    logger.info(
      `Owner notifications ${
        config.enabled ? 'on' : 'off'
      } (secrets.notifications.enabled)`,
    );
    return config.enabled;
  }
  const installed = (await instance.getInstalledPlugins()).some(
    p => p.pluginId === NOTIFICATIONS_PLUGIN_ID,
  );
  logger.info(
    installed
      ? 'Owner notifications on: the notifications backend runs in this backend'
      : 'Owner notifications off: no notifications backend in this backend (set secrets.notifications.enabled to true if it runs elsewhere)',
  );
  return installed;
}
