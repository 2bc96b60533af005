/**
 * Types and helpers shared by the secrets frontend and backend plugins.
 *
 * @packageDocumentation
 */

export { SECRETS_PLUGIN_ID } from './constants';
export type { HealthProblem, SecretsHealth, StoreStatus } from './types';
export {
  KUBERNETES_NAMESPACE_ANNOTATION,
  getEntityKubernetesNamespace,
} from './namespace';
export {
  CLUSTERS_ANNOTATION,
  EXTERNAL_SECRETS_ANNOTATION,
  getEntityExternalSecretsPattern,
} from './declared';
export * from './duration';
export { compileGoRegexp, GoRegexpError, type GoRegexp } from './regexp';
export * from './template';
export * from './mapping';
export * from './permissions';
export * from './api';
