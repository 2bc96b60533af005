export { EntitySecretsContent } from './EntitySecretsContent';
export { SecretsAuditPage } from './SecretsAuditPage';
