import { useEffect } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { secretsApiRef } from '../api';

/** How often the tab looks again while a mapping is still Pending. */
export const PENDING_REFRESH_MS = 3000;

/**
 * An entity's mappings with the stores and clusters it may use, loaded together; looked at
 * again every few seconds while any mapping has not synced yet (new and re-queued mappings
 * turn Synced within a cycle or two). `retry` loads again now.
 */
export function useEntityMappings(entityRef: string) {
  const secretsApi = useApi(secretsApiRef);
  const state = useAsyncRetry(async () => {
    const [mappings, stores, clusters] = await Promise.all([
      secretsApi.listMappings(entityRef),
      secretsApi.listStores(entityRef),
      secretsApi.listClusters(entityRef),
    ]);
    return { mappings, stores, clusters };
  }, [secretsApi, entityRef]);
  const { retry, loading } = state;
  const pending = state.value?.mappings.items.some(
    m => m.status.length === 0 || m.status.some(s => s.status === 'Pending'),
  );
  useEffect(() => {
    if (!pending || loading) return undefined;
    const timer = setTimeout(retry, PENDING_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [pending, loading, retry]);
  return state;
}
