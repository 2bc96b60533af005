import type { Entity } from '@backstage/catalog-model';

/**
 * The catalog annotation that names the Kubernetes namespace of a Component.
 * It is the one Backstage's Kubernetes plugin already reads, so entities need
 * no extra annotation for secrets.
 *
 * @public
 */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/**
 * Returns the Kubernetes namespace an entity is deployed to, from its
 * `backstage.io/kubernetes-namespace` annotation.
 *
 * @param entity - the catalog entity
 * @returns the trimmed namespace, or `undefined` when the annotation is
 *   missing or blank
 * @public
 */
export function getEntityKubernetesNamespace(
  entity: Entity,
): string | undefined {
  const value =
    entity.metadata.annotations?.[KUBERNETES_NAMESPACE_ANNOTATION]?.trim();
  return value ? value : undefined;
}
