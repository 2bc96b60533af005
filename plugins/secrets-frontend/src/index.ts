/**
 * Frontend plugin that shows the Vault-to-Kubernetes secret mappings of the
 * catalog entities a team owns.
 *
 * The new frontend system plugin is exported from `/alpha`.
 *
 * @packageDocumentation
 */

export {
  secretsPlugin,
  EntitySecretsContent,
  SecretsAuditPage,
} from './plugin';
export { IfSecretsAuditAllowed } from './components/IfSecretsAuditAllowed';
export { isSecretsAvailable } from './isSecretsAvailable';
export { secretsApiRef, SecretsClient, SecretsApiError } from './api';
export type { SecretsApi } from './api';
