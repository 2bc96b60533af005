/**
 * Backend plugin that syncs HashiCorp Vault secrets into Kubernetes Secrets
 * for the Components a team owns in the Backstage catalog.
 *
 * @packageDocumentation
 */

export { secretsPlugin as default } from './plugin';
export { secretsPolicyDecision } from './access/secretsPolicy';
export { readSecretsAdmins } from './config';
