import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  SECRETS_PLUGIN_ID,
  type SecretsHealth,
} from '@internal/plugin-secrets-common';
import type { SecretsApi } from './SecretsApi';

/**
 * Default {@link SecretsApi} implementation. It goes through the app's
 * fetchApi so that the user's Backstage token is attached to every call.
 *
 * @public
 */
export class SecretsClient implements SecretsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getHealth(): Promise<SecretsHealth> {
    const baseUrl = await this.discoveryApi.getBaseUrl(SECRETS_PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}/health`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as SecretsHealth;
  }
}
