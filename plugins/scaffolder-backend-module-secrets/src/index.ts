/**
 * The scaffolder action `secrets:mapping:create`, so a software template can create a new
 * service's secret mappings as the user who runs it.
 *
 * @packageDocumentation
 */

export { scaffolderModuleSecrets as default } from './module';
export { createSecretsMappingCreateAction } from './actions/createMapping';
