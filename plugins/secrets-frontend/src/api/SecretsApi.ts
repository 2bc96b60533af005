import { createApiRef } from '@backstage/core-plugin-api';
import type { SecretsHealth } from '@internal/plugin-secrets-common';

/**
 * Client-side access to the secrets backend plugin.
 *
 * @public
 */
export interface SecretsApi {
  /** Calls `GET /api/secrets/health`; rejects when the backend is unreachable. */
  getHealth(): Promise<SecretsHealth>;
}

/**
 * The ApiRef of {@link SecretsApi}.
 *
 * @public
 */
export const secretsApiRef = createApiRef<SecretsApi>({
  id: 'plugin.secrets.service',
});
