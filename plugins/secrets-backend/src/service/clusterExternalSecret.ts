import {
  CLUSTERS_ANNOTATION,
  type ApiIssue,
} from '@backstage-secrets/plugin-secrets-common';
import { isObj, type Obj } from '../eso/reader';

/** Namespaces one ClusterExternalSecret may list. */
export const MAX_CLUSTER_EXTERNAL_SECRET_NAMESPACES = 20;

const KNOWN = [
  'externalSecretSpec',
  'externalSecretName',
  'externalSecretMetadata',
  'namespaces',
  'refreshTime',
];

/**
 * ESO's ClusterExternalSecret as what it stands for: one ExternalSecret per listed
 * namespace, each then checked on its own (so each namespace must be bound to the entity).
 * Namespaces picked by label selectors are refused: the plugin does not read namespace
 * labels, and a selector matching more later would widen what the entity writes.
 */
export function expandClusterExternalSecret(
  manifest: Obj,
): { namespace: string; manifest: Obj }[] | { issues: ApiIssue[] } {
  const spec = isObj(manifest.spec) ? manifest.spec : {};
  const metadata = isObj(manifest.metadata) ? manifest.metadata : {};
  const issues: ApiIssue[] = [];
  for (const key of Object.keys(spec)) {
    if (key === 'namespaceSelector' || key === 'namespaceSelectors')
      issues.push({
        path: `spec.${key}`,
        message:
          'is not supported: list the namespaces in spec.namespaces (each must be bound to the entity)',
      });
    else if (!KNOWN.includes(key))
      issues.push({
        path: `spec.${key}`,
        message: 'is not supported by Backstage Secrets',
      });
  }
  const namespaces = spec.namespaces;
  if (
    !Array.isArray(namespaces) ||
    namespaces.length === 0 ||
    namespaces.some(n => typeof n !== 'string' || !n)
  )
    issues.push({
      path: 'spec.namespaces',
      message: 'is required: the namespaces to write to, as a list of names',
    });
  else if (namespaces.length > MAX_CLUSTER_EXTERNAL_SECRET_NAMESPACES)
    issues.push({
      path: 'spec.namespaces',
      message: `lists more than ${MAX_CLUSTER_EXTERNAL_SECRET_NAMESPACES} namespaces`,
    });
  if (!isObj(spec.externalSecretSpec))
    issues.push({
      path: 'spec.externalSecretSpec',
      message: 'is required: the ExternalSecret spec written to each namespace',
    });
  const extra = isObj(spec.externalSecretMetadata)
    ? spec.externalSecretMetadata
    : {};
  for (const key of Object.keys(extra))
    if (key !== 'labels' && key !== 'annotations')
      issues.push({
        path: `spec.externalSecretMetadata.${key}`,
        message: 'is not supported by Backstage Secrets',
      });
  if (issues.length) return { issues };
  const clusters = isObj(metadata.annotations)
    ? metadata.annotations[CLUSTERS_ANNOTATION]
    : undefined;
  const name =
    typeof spec.externalSecretName === 'string' && spec.externalSecretName
      ? spec.externalSecretName
      : metadata.name;
  return [...new Set(namespaces as string[])].map(namespace => ({
    namespace,
    manifest: {
      apiVersion: manifest.apiVersion,
      kind: 'ExternalSecret',
      metadata: {
        name,
        namespace,
        ...(isObj(extra.labels) ? { labels: extra.labels } : {}),
        // As ESO: externalSecretMetadata goes on each ExternalSecret; of the
        // ClusterExternalSecret's own annotations only the plugin's clusters one applies.
        annotations: {
          ...(typeof clusters === 'string'
            ? { [CLUSTERS_ANNOTATION]: clusters }
            : {}),
          ...(isObj(extra.annotations) ? extra.annotations : {}),
        },
      },
      spec: spec.externalSecretSpec,
    },
  }));
}
