import type { SecretsApiComponents } from './api/openapi.generated';

/**
 * Response body of `GET /api/secrets/health`.
 *
 * @public
 */
export type SecretsHealth = SecretsApiComponents['schemas']['SecretsHealth'];

/**
 * One Vault store as `GET /api/secrets/stores` reports it: where it is, whether it can
 * serve reads now, and how the engine has used it since the backend started; with
 * `?entityRef=`, the path prefixes and dynamic engine paths that entity may use.
 *
 * @public
 */
export type StoreStatus = SecretsApiComponents['schemas']['StoreStatus'];
