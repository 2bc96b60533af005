import type { GatewayContext } from '../call';
import { listManagedSecretsAt } from './watchManagedSecrets';

/** An API server holding `total` managed Secrets, answering lists a page at a time. */
function pagedServer(total: number) {
  const requests: { limit?: number; _continue?: string }[] = [];
  const handedOn: string[] = [];
  const ctx = {
    cluster: 'c1',
    logger: { debug: () => undefined },
    clients: {
      timeoutMs: 1000,
      core: {
        async listNamespacedSecret(req: {
          limit?: number;
          _continue?: string;
        }) {
          requests.push({ limit: req.limit, _continue: req._continue });
          const from = Number(req._continue ?? 0);
          const to = Math.min(total, from + (req.limit ?? total));
          return {
            metadata: {
              resourceVersion: '42',
              _continue: to < total ? String(to) : undefined,
            },
            items: Array.from({ length: to - from }, (_, i) => ({
              metadata: { name: `s-${from + i}`, namespace: 'payments' },
              data: {},
            })),
          };
        },
      },
    },
  } as unknown as GatewayContext;
  return { ctx, requests, handedOn };
}

describe('listManagedSecretsAt', () => {
  it('asks for pages of 500 and hands each Secret on before asking for the next page', async () => {
    const server = pagedServer(1_234);
    const pagesAsked: number[] = [];
    const end = await listManagedSecretsAt(server.ctx, 'payments', async s => {
      server.handedOn.push(s.name);
      pagesAsked.push(server.requests.length);
    });
    expect(server.requests).toEqual([
      { limit: 500, _continue: undefined },
      { limit: 500, _continue: '500' },
      { limit: 500, _continue: '1000' },
    ]);
    expect(end).toEqual({ resourceVersion: '42', count: 1_234 });
    expect(server.handedOn).toHaveLength(1_234);
    expect(new Set(server.handedOn).size).toBe(1_234);
    // Secret 0 was handed on while only the first page had been asked for.
    expect(pagesAsked[0]).toBe(1);
    expect(pagesAsked[1_233]).toBe(3);
  });

  it('asks once for a namespace with fewer Secrets than a page', async () => {
    const server = pagedServer(3);
    const end = await listManagedSecretsAt(
      server.ctx,
      'payments',
      async () => undefined,
    );
    expect(server.requests).toHaveLength(1);
    expect(end.count).toBe(3);
  });
});
