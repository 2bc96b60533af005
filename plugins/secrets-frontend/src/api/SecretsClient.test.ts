import { SecretsClient } from './SecretsClient';
import { SecretsApiError } from './SecretsApiError';

describe('SecretsClient', () => {
  const discoveryApi = {
    getBaseUrl: jest.fn(async (id: string) => `http://backend.test/api/${id}`),
  };
  const respond = (status: number, body: unknown) =>
    jest.fn(
      async (..._args: unknown[]) =>
        new Response(typeof body === 'string' ? body : JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json' },
        }),
    );

  it('reads the health of the secrets backend', async () => {
    const fetch = respond(200, { status: 'ok' });
    const client = new SecretsClient({ discoveryApi, fetchApi: { fetch } });
    await expect(client.getHealth()).resolves.toEqual({ status: 'ok' });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend.test/api/secrets/health',
      { method: 'GET' },
    );
  });

  it('builds entity paths and queries, and sends JSON bodies', async () => {
    const fetch = respond(201, { id: 'm1' });
    const client = new SecretsClient({ discoveryApi, fetchApi: { fetch } });
    const spec = {
      store: 's',
      target: { clusters: ['c'], namespace: 'n', name: 'x' },
    };
    await client.createMapping('component:default/payments-api', spec);
    expect(fetch).toHaveBeenLastCalledWith(
      'http://backend.test/api/secrets/entities/component/default/payments-api/mappings',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ spec }),
      },
    );
    const list = respond(200, { items: [] });
    await new SecretsClient({
      discoveryApi,
      fetchApi: { fetch: list },
    }).auditPaths('local-kv2', 'a/b c');
    expect(list.mock.calls[0][0]).toBe(
      'http://backend.test/api/secrets/audit/paths?store=local-kv2&key=a%2Fb+c',
    );
  });

  it('rejects with the status, message and field issues of a refused body', async () => {
    const fetch = respond(403, {
      error: {
        name: 'NotAllowedError',
        message: 'Not allowed: spec.target.namespace: ...',
      },
      issues: [
        {
          path: 'spec.target.namespace',
          message: '"search" is not bound to this entity',
        },
      ],
    });
    const client = new SecretsClient({ discoveryApi, fetchApi: { fetch } });
    const error = await client.getMapping('m1').catch(e => e);
    expect(error).toBeInstanceOf(SecretsApiError);
    expect(error.status).toBe(403);
    expect(error.issueAt('spec.target.namespace')).toBe(
      '"search" is not bound to this entity',
    );
  });

  it('rejects with the status when the body is not JSON', async () => {
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
