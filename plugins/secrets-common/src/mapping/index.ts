export type {
  ConversionStrategy,
  CreationPolicy,
  DecodingStrategy,
  DynamicSource,
  DeletionPolicy,
  ExtractSource,
  FindSource,
  Mapping,
  MappingDataEntry,
  MappingDataFrom,
  MappingSource,
  MappingSpec,
  MappingTarget,
  RefreshPolicy,
  RemoteRef,
  Rewrite,
  RolloutRestartTarget,
  TemplateFrom,
  TemplateFromItem,
  TemplateFromRef,
  TemplateMergePolicy,
} from './types';
export { MAPPING_LIMITS, validateMappingSpec } from './validate';
export type { ValidationIssue, ValidationResult } from './validate';
export {
  issuePath,
  issuePathSegments,
  mappingSpecSchema,
  mappingWriteRequestSchema,
  toValidationIssues,
} from './schema';
export {
  DEFAULT_RENEW_AT_PERCENT,
  DYNAMIC_KEYS,
  dynamicPath,
  dynamicSecretKeys,
  dynamicSecretType,
  isDynamic,
} from './dynamicSource';
export { formatRestartTargets } from './restartTargets';
export {
  exactVaultPaths,
  fieldsReading,
  isBelowPath,
  vaultReadsOf,
  type VaultRead,
} from './vaultReads';
export { isReservedMetadataKey } from './rules';
