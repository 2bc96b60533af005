export { readSecretsConfig } from './readSecretsConfig';
export { PATH_TEMPLATE_VARIABLES, readSecretsAdmins } from './access';
export type {
  AccessConfig,
  PathRule,
  RoleRule,
  EngineConfig,
  MetricsConfig,
  NotificationsConfig,
  SecretsConfig,
  ServiceAccountRefConfig,
  StoreAuthConfig,
  StoreConfig,
  TokenSourceConfig,
  PemSourceConfig,
} from './types';
