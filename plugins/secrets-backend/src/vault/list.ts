import type { GatewayContext } from './context';
import { VaultError } from './errors';

/** Keys directly below a prefix; Vault answers 404 for an empty or missing folder. */
export async function listKeys(
  ctx: GatewayContext,
  prefix: string,
): Promise<string[]> {
  const path = ctx.paths.list(prefix);
  ctx.stats.lists += 1;
  const res = await ctx.session.send('list', {
    method: 'GET',
    path: `${path}?list=true`,
  });
  if (res.status === 404 && !res.body?.errors?.length) return [];
  if (res.status !== 200) throw ctx.transport.failure('list', path, res);
  const keys = res.body?.data?.keys;
  if (!Array.isArray(keys) || keys.some(k => typeof k !== 'string')) {
    throw new VaultError({
      kind: 'invalidResponse',
      store: ctx.store.name,
      verb: 'list',
      path,
      status: res.status,
      detail: 'the answer has no data.keys list',
    });
  }
  return keys;
}
