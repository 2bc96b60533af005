export { useEntityMappings, PENDING_REFRESH_MS } from './useEntityMappings';
export { useSecretsAction } from './useSecretsAction';
