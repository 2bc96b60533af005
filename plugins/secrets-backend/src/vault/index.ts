export { createVaultGateway } from './createVaultGateway';
export { VaultError } from './errors';
export type { VaultErrorKind } from './errors';
export type {
  DynamicIssue,
  IssuerStatus,
  LeaseRenewal,
  ServiceAccountTokenSource,
  StoreHealth,
  VaultAccess,
  VaultGateway,
  VaultGatewayStats,
  VaultSecret,
  VaultSecretMetadata,
  VaultSecretVersionInfo,
} from './types';
