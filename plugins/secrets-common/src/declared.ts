/**
 * The entity annotation that declares mappings in the entity's repository: a path or glob,
 * relative to the catalog file that defines the entity, of YAML files holding ESO
 * ExternalSecret documents (e.g. `./deploy/external-secrets/*.yaml`).
 *
 * @public
 */
export const EXTERNAL_SECRETS_ANNOTATION =
  'secrets.backstage.io/external-secrets';

/**
 * On a declared or imported ExternalSecret: the clusters to write to, comma separated.
 * Without it, the only configured cluster.
 *
 * @public
 */
export const CLUSTERS_ANNOTATION = 'secrets.backstage.io/clusters';

/** The annotation's value on the entity, trimmed, or undefined when it is absent or blank. @public */
export function getEntityExternalSecretsPattern(entity: {
  metadata: { annotations?: Record<string, string> };
}): string | undefined {
  const value = entity.metadata.annotations?.[EXTERNAL_SECRETS_ANNOTATION];
  return value?.trim() ? value.trim() : undefined;
}
