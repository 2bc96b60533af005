/**
 * The use cases behind the HTTP API, as plain classes taking the resolved caller and the
 * request's input: mappings (CRUD, ESO import and export, preview, sync now), rotation and
 * push, re-issue of dynamic values, and the platform's audit reports.
 */
export { MappingService, type MappingEngine } from './MappingService';
export { RotationService, MANAGED_BY_METADATA } from './RotationService';
export { ReissueService } from './ReissueService';
export { DeclaredService } from './DeclaredService';
export { BulkImportService } from './BulkImportService';
export { AdoptionService } from './AdoptionService';
export { AuditReports } from './AuditReports';
export type { Audited } from './types';
