export { secretsApiRef } from './SecretsApi';
export type { SecretsApi } from './SecretsApi';
export { SecretsApiError } from './SecretsApiError';
export { SecretsClient } from './SecretsClient';
