import {
  fieldsReading,
  type Mapping,
} from '@backstage-secrets/plugin-secrets-common';
import type { MappingStore } from '../database';

/**
 * The mappings that read `key` of `store`, each with the spec fields that read it, ordered
 * by entity, then age: found through the store's reads index and then only those mappings
 * read, not every one.
 */
export async function mappingsReading(
  mappings: Pick<MappingStore, 'readersOf' | 'getMany'>,
  store: string,
  key: string,
): Promise<{ mapping: Mapping; fields: string[] }[]> {
  const found = await mappings.getMany(await mappings.readersOf(store, key));
  return [...found.values()]
    .sort(
      (a, b) =>
        a.entityRef.localeCompare(b.entityRef) ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.id.localeCompare(b.id),
    )
    .map(mapping => ({ mapping, fields: fieldsReading(mapping.spec, key) }))
    .filter(m => m.fields.length > 0);
}
