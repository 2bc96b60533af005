import { InputError } from '@backstage/errors';
import type { GatewayContext } from './context';
import { VaultError } from './errors';

/**
 * Writes a new KV v2 version with check-and-set: Vault refuses it unless `cas` is still
 * the current version, so a concurrent change is never overwritten. Used by rotation only;
 * the values pass straight into the request body and are never kept or logged.
 */
export async function writeSecret(
  ctx: GatewayContext,
  key: string,
  data: Record<string, unknown>,
  options: { cas: number },
): Promise<{ version: number }> {
  if (ctx.store.kvVersion !== 2) {
    throw new InputError(
      `KV v1 store "${ctx.store.name}" has no versions: rotation needs KV v2`,
    );
  }
  const path = ctx.paths.data(key);
  const res = await ctx.session.send('write', {
    method: 'POST',
    path,
    body: { options: { cas: options.cas }, data },
  });
  if (
    res.status === 400 &&
    /check-and-set/i.test(JSON.stringify(res.body?.errors ?? ''))
  ) {
    throw new VaultError({
      kind: 'conflict',
      store: ctx.store.name,
      verb: 'write',
      path,
      status: res.status,
      detail: `version ${options.cas} is no longer the current version`,
    });
  }
  if (res.status !== 200) throw ctx.transport.failure('write', path, res);
  const version = res.body?.data?.version;
  if (typeof version !== 'number') {
    throw new VaultError({
      kind: 'invalidResponse',
      store: ctx.store.name,
      verb: 'write',
      path,
      status: res.status,
      detail: 'the answer has no version',
    });
  }
  return { version };
}

/** Sets custom metadata of a KV v2 secret (e.g. who manages it); keeps the other fields. */
export async function writeCustomMetadata(
  ctx: GatewayContext,
  key: string,
  custom: Record<string, string>,
): Promise<void> {
  const path = ctx.paths.metadata(key);
  const res = await ctx.session.send('write metadata', {
    method: 'POST',
    path,
    body: { custom_metadata: custom },
  });
  if (res.status !== 204 && res.status !== 200)
    throw ctx.transport.failure('write metadata', path, res);
}
