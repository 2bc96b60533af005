import { SecretsClient } from './SecretsClient';

describe('SecretsClient', () => {
  const discoveryApi = {
    getBaseUrl: jest.fn(async (id: string) => `http://backend.test/api/${id}`),
  };

  it('reads the health of the secrets backend', async () => {
    const fetch = jest.fn(
      async () =>
        new Response(JSON.stringify({ status: 'ok' }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    );
    const client = new SecretsClient({ discoveryApi, fetchApi: { fetch } });

    await expect(client.getHealth()).resolves.toEqual({ status: 'ok' });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend.test/api/secrets/health',
    );
  });

  it('rejects with the response status when the backend fails', async () => {
    const fetch = jest.fn(
      async () =>
        new Response('upstream down', {
          status: 503,
          statusText: 'Service Unavailable',
        }),
    );
    const client = new SecretsClient({ discoveryApi, fetchApi: { fetch } });

    await expect(client.getHealth()).rejects.toThrow(/503/);
  });
});
