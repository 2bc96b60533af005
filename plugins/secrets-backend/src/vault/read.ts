import { InputError } from '@backstage/errors';
import type { GatewayContext } from './context';
import { VaultError } from './errors';
import type { VaultSecret } from './types';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A deleted or destroyed KV v2 version answers 404 (or an empty 200) with its metadata. */
function deletedVersion(
  ctx: GatewayContext,
  path: string,
  body: any,
): VaultError | undefined {
  const meta = body?.data?.metadata;
  if (!isObject(meta) || !(meta.destroyed === true || meta.deletion_time)) {
    return undefined;
  }
  const state = meta.destroyed === true ? 'destroyed' : 'deleted';
  return new VaultError({
    kind: 'notFound',
    store: ctx.store.name,
    verb: 'read',
    path,
    detail: `version ${meta.version ?? '?'} is ${state}`,
  });
}

/** Reads a KV secret: latest version, or a pinned KV v2 version. */
export async function readSecret(
  ctx: GatewayContext,
  key: string,
  options?: { version?: number },
): Promise<VaultSecret> {
  const path = ctx.paths.data(key);
  const version = options?.version;
  if (version !== undefined) {
    if (ctx.store.kvVersion === 1) {
      throw new InputError(
        `KV v1 store "${ctx.store.name}" has no versions: cannot read version ${version} of ${key}`,
      );
    }
    if (!Number.isInteger(version) || version < 1) {
      throw new InputError(
        `a secret version must be a whole number from 1 (got ${version})`,
      );
    }
  }
  ctx.stats.reads += 1;
  const query = version ? `?version=${version}` : '';
  const res = await ctx.session.send('read', {
    method: 'GET',
    path: `${path}${query}`,
  });
  const v2 = ctx.store.kvVersion === 2;
  if (v2 && (res.status === 404 || res.status === 200)) {
    const deleted = deletedVersion(ctx, path, res.body);
    if (deleted && !isObject(res.body?.data?.data)) throw deleted;
  }
  if (res.status !== 200) throw ctx.transport.failure('read', path, res);

  const payload = v2 ? res.body?.data?.data : res.body?.data;
  if (!isObject(payload)) {
    throw new VaultError({
      kind: 'invalidResponse',
      store: ctx.store.name,
      verb: 'read',
      path,
      status: res.status,
      detail: `the answer has no ${
        v2 ? 'data.data' : 'data'
      } object (is this a KV v${ctx.store.kvVersion} mount?)`,
    });
  }
  if (!v2) return { data: payload };
  const meta = res.body.data.metadata ?? {};
  return {
    data: payload,
    version: typeof meta.version === 'number' ? meta.version : undefined,
    createdTime:
      typeof meta.created_time === 'string' ? meta.created_time : undefined,
  };
}
