export {
  AuditReports,
  type AuditFilter,
  type AuditMapping,
} from './AuditReports';
export { mappingsCsv } from './csv';
