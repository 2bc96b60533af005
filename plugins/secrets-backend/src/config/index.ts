export { readSecretsConfig } from './readSecretsConfig';
export type {
  EngineConfig,
  SecretsConfig,
  ServiceAccountRefConfig,
  StoreAuthConfig,
  StoreConfig,
  TokenSourceConfig,
} from './types';
