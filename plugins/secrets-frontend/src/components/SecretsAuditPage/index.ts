export { SecretsAuditPage } from './SecretsAuditPage';
