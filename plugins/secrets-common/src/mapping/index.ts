export type {
  CreationPolicy,
  DeletionPolicy,
  ExtractSource,
  FindSource,
  Mapping,
  MappingDataEntry,
  MappingDataFrom,
  MappingSpec,
  MappingTarget,
  RefreshPolicy,
  RemoteRef,
} from './types';
export { validateMappingSpec } from './validate';
export type { ValidationIssue, ValidationResult } from './validate';
