import {
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';

/** Lowercase refs compare reliably: the catalog matches entity refs case-insensitively. */
export const normalizeRef = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * The entity's owners: its `ownedBy` relations, and `spec.owner` for entities not yet
 * processed into relations.
 */
export function ownersOf(entity: Entity): string[] {
  const refs = new Set<string>();
  for (const r of entity.relations ?? []) {
    if (r.type === RELATION_OWNED_BY) refs.add(normalizeRef(r.targetRef));
  }
  const owner = entity.spec?.owner;
  if (typeof owner === 'string' && owner.trim()) {
    try {
      refs.add(
        normalizeRef(
          stringifyEntityRef(
            parseEntityRef(owner, {
              defaultKind: 'group',
              defaultNamespace: entity.metadata.namespace ?? 'default',
            }),
          ),
        ),
      );
    } catch {
      // An unparsable owner owns nothing.
    }
  }
  return [...refs];
}

/** The canonical, lowercase ref of an entity. */
export const refOf = (entity: Entity) =>
  normalizeRef(stringifyEntityRef(entity));
