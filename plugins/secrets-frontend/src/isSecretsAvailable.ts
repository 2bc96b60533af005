import type { Entity } from '@backstage/catalog-model';

/**
 * Whether an entity gets the Secrets tab: Components, the kind that carries a Kubernetes
 * namespace in this model. The new frontend system's tab uses it as its filter; in a legacy
 * app, use it with `EntitySwitch`:
 *
 * ```tsx
 * <EntitySwitch>
 *   <EntitySwitch.Case if={isSecretsAvailable}>…</EntitySwitch.Case>
 * </EntitySwitch>
 * ```
 *
 * @public
 */
export function isSecretsAvailable(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'component';
}
