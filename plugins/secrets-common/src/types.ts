import type { SecretsApiComponents } from './api/openapi.generated';

/**
 * Response body of `GET /api/secrets/health`.
 *
 * @public
 */
export type SecretsHealth = SecretsApiComponents['schemas']['SecretsHealth'];

/**
 * One Vault store as `GET /api/secrets/stores` reports it: where it is, whether it can
 * serve reads now (reachable, unsealed, the engine can log in, its policy allows what the
 * mappings read), and how the engine has used it since the backend started; with
 * `?entityRef=`, the path prefixes and dynamic engine paths that entity may use.
 *
 * @public
 */
export type StoreStatus = SecretsApiComponents['schemas']['StoreStatus'];

/**
 * One reason a store or cluster cannot serve its mappings, as the health check found it:
 * the cause (the sync reason its mappings fail with), what is wrong and what to do.
 *
 * @public
 */
export type HealthProblem = SecretsApiComponents['schemas']['HealthProblem'];
