export { IfSecretsAuditAllowed } from './IfSecretsAuditAllowed';
