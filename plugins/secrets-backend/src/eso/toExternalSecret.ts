import {
  CLUSTERS_ANNOTATION,
  formatRestartTargets,
  type Mapping,
  type RemoteRef,
} from '@backstage-secrets/plugin-secrets-common';
import { stringify } from 'yaml';

/** Where an exported ExternalSecret keeps the mapping's rollout restart targets. */
export const RESTART_TARGETS_ANNOTATION =
  'secrets.backstage.io/rollout-restart-targets';

/**
 * The mapping as an ESO `ExternalSecret` (external-secrets.io/v1) that `kubectl apply`
 * accepts, for teams leaving the plugin or running ESO beside it. The store becomes a
 * ClusterSecretStore of the same name; clusters have no ESO equivalent and are noted.
 */
export function toExternalSecret(mapping: Mapping): string {
  const { spec } = mapping;
  const t = spec.target;
  const template =
    t.type || t.labels || t.annotations || t.template
      ? {
          ...(t.type ? { type: t.type } : {}),
          engineVersion: 'v2',
          ...(t.labels || t.annotations
            ? {
                metadata: {
                  ...(t.labels ? { labels: t.labels } : {}),
                  ...(t.annotations ? { annotations: t.annotations } : {}),
                },
              }
            : {}),
          ...(t.template ? { data: t.template.data } : {}),
          ...(t.template?.mergePolicy === 'Merge'
            ? { mergePolicy: 'Merge' }
            : {}),
          ...(t.template?.templateFrom?.length
            ? { templateFrom: t.template.templateFrom }
            : {}),
        }
      : undefined;
  const version = (v?: number) =>
    v === undefined ? {} : { version: String(v) };
  // The remoteRef policies a mapping holds, written only when not ESO's default.
  const decoding = (r: RemoteRef & { conversionStrategy?: string }) => ({
    ...(r.conversionStrategy
      ? { conversionStrategy: r.conversionStrategy }
      : {}),
    ...(r.decodingStrategy ? { decodingStrategy: r.decodingStrategy } : {}),
    ...(r.nullBytePolicy ? { nullBytePolicy: r.nullBytePolicy } : {}),
    ...(r.metadataPolicy ? { metadataPolicy: r.metadataPolicy } : {}),
  });
  const manifest = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name: t.name,
      namespace: t.namespace,
      annotations: {
        'secrets.backstage.io/entity-ref': mapping.entityRef,
        [CLUSTERS_ANNOTATION]: t.clusters.join(','),
        // ESO has no restart targets; kept here so an import of this export keeps them.
        ...(t.rolloutRestartTargets?.length
          ? {
              [RESTART_TARGETS_ANNOTATION]: formatRestartTargets(
                t.rolloutRestartTargets,
                ',',
              ),
            }
          : {}),
      },
    },
    spec: {
      ...(spec.refreshInterval !== undefined
        ? { refreshInterval: spec.refreshInterval }
        : {}),
      ...(spec.refreshPolicy ? { refreshPolicy: spec.refreshPolicy } : {}),
      secretStoreRef: { kind: 'ClusterSecretStore', name: spec.store },
      target: {
        name: t.name,
        ...(t.creationPolicy ? { creationPolicy: t.creationPolicy } : {}),
        ...(t.deletionPolicy ? { deletionPolicy: t.deletionPolicy } : {}),
        ...(t.immutable ? { immutable: true } : {}),
        ...(template ? { template } : {}),
      },
      ...(spec.data?.length
        ? {
            data: spec.data.map(d => ({
              secretKey: d.secretKey,
              remoteRef: {
                key: d.remoteRef.key,
                ...(d.remoteRef.property !== undefined
                  ? { property: d.remoteRef.property }
                  : {}),
                ...version(d.remoteRef.version),
                ...decoding(d.remoteRef),
              },
            })),
          }
        : {}),
      ...(spec.dataFrom?.length
        ? {
            dataFrom: spec.dataFrom.map(s =>
              'extract' in s
                ? {
                    extract: {
                      key: s.extract.key,
                      ...(s.extract.property !== undefined
                        ? { property: s.extract.property }
                        : {}),
                      ...version(s.extract.version),
                      ...decoding(s.extract),
                    },
                    ...(s.rewrite ? { rewrite: s.rewrite } : {}),
                  }
                : {
                    find: s.find,
                    ...(s.rewrite ? { rewrite: s.rewrite } : {}),
                  },
            ),
          }
        : {}),
    },
  };
  return `# Exported from Backstage Secrets; the store is expected as a ClusterSecretStore of the same name.\n${stringify(
    manifest,
    { lineWidth: 0 },
  )}`;
}

/**
 * Several mappings as one kubectl-apply-able multi-document YAML; a dynamic mapping, which
 * has no ExternalSecret form, is named in a comment instead. `whenEmpty` is the comment
 * written when there are none.
 */
export function toExternalSecrets(
  mappings: Mapping[],
  whenEmpty: string,
): string {
  if (mappings.length === 0) return `# ${whenEmpty}\n`;
  return mappings
    .map(m =>
      m.spec.dynamic
        ? `# ${m.spec.target.name}: a dynamic mapping has no ExternalSecret form\n`
        : toExternalSecret(m),
    )
    .join('---\n');
}
