import type { GatewayContext } from './context';
import { VaultError } from './errors';
import type { VaultSecretMetadata, VaultSecretVersionInfo } from './types';

/** KV v2 version history; a KV v1 store fails with an `InputError` before any request. */
export async function readMetadata(
  ctx: GatewayContext,
  key: string,
): Promise<VaultSecretMetadata> {
  const path = ctx.paths.metadata(key);
  const res = await ctx.session.send('metadata', { method: 'GET', path });
  if (res.status !== 200) throw ctx.transport.failure('metadata', path, res);
  const d = res.body?.data;
  if (
    typeof d?.current_version !== 'number' ||
    typeof d?.versions !== 'object'
  ) {
    throw new VaultError({
      kind: 'invalidResponse',
      store: ctx.store.name,
      verb: 'metadata',
      path,
      status: res.status,
      detail: 'the answer has no current_version and versions',
    });
  }
  const versions: Record<number, VaultSecretVersionInfo> = {};
  for (const [n, v] of Object.entries<any>(d.versions ?? {})) {
    versions[Number(n)] = {
      createdTime: String(v?.created_time ?? ''),
      deletionTime: v?.deletion_time ? String(v.deletion_time) : undefined,
      destroyed: v?.destroyed === true,
    };
  }
  return {
    currentVersion: d.current_version,
    oldestVersion: typeof d.oldest_version === 'number' ? d.oldest_version : 0,
    createdTime: d.created_time ?? undefined,
    updatedTime: d.updated_time ?? undefined,
    customMetadata: d.custom_metadata ?? {},
    versions,
  };
}
