import type {
  DynamicSource,
  StoreStatus,
} from '@backstage-secrets/plugin-secrets-common';

/**
 * A link into the Vault UI for one secret: the KV v2 details page (at a version when
 * pinned) or the KV v1 show page. Path segments are encoded one by one, so a key can never
 * escape the store's UI address.
 */
export function vaultUiLink(
  store: Pick<StoreStatus, 'publicUrl' | 'mount' | 'kvVersion'> | undefined,
  key: string,
  version?: number,
): string | undefined {
  if (!store) return undefined;
  const base = store.publicUrl.replace(/\/+$/, '');
  const mount = store.mount.split('/').map(encodeURIComponent).join('/');
  if (store.kvVersion === 2) {
    const query = version ? `?version=${version}` : '';
    return `${base}/ui/vault/secrets/${mount}/kv/${encodeURIComponent(
      key,
    )}/details${query}`;
  }
  return `${base}/ui/vault/secrets/${mount}/show/${key
    .split('/')
    .map(encodeURIComponent)
    .join('/')}`;
}

/** A link to a dynamic secrets engine's page in the Vault UI (database or PKI mount). */
export function vaultEngineLink(
  store: Pick<StoreStatus, 'publicUrl'> | undefined,
  source: DynamicSource,
): string | undefined {
  if (!store) return undefined;
  const base = store.publicUrl.replace(/\/+$/, '');
  const mount = (source.mount ?? source.engine)
    .split('/')
    .map(encodeURIComponent)
    .join('/');
  return `${base}/ui/vault/secrets/${mount}`;
}
