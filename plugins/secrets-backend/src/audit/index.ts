export { AuditReports } from './AuditReports';
export { mappingsCsv } from './csv';
