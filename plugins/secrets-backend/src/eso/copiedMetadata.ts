import { isReservedMetadataKey } from '@backstage-secrets/plugin-secrets-common';
import { isObj, type Obj, type Reader } from './reader';

/** kubectl's copy of the applied manifest: bookkeeping of the ExternalSecret, not the Secret's. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * ESO copies the ExternalSecret's own labels and annotations to the Secret when there is no
 * `target.template`, and uses only `template.metadata` when there is one. Keys the plugin
 * sets itself (`app.kubernetes.io/managed-by`, `secrets.backstage.io/*`) and kubectl's
 * last-applied copy are not copied; each one a user set is named in a note (the
 * plugin's own keys, which its export writes, are not).
 */
export function copiedMetadata(
  r: Reader,
  metadata: Obj,
  hasTemplate: boolean,
): { labels?: Record<string, string>; annotations?: Record<string, string> } {
  const copied: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  } = {};
  for (const kind of ['labels', 'annotations'] as const) {
    // The plugin's own keys, as an export writes them, are not the Secret's: restart
    // targets are read above, the entity ref is set on every Secret anyway, the clusters
    // come from the request.
    const entries = Object.entries(
      isObj(metadata[kind]) ? metadata[kind] : {},
    ).filter(([key]) => !key.startsWith('secrets.backstage.io/'));
    if (entries.length === 0) continue;
    if (hasTemplate) {
      r.notes.push({
        path: `metadata.${kind}`,
        message:
          'not copied to the Secret: with spec.target.template, ESO takes them from template.metadata only',
      });
      continue;
    }
    const kept: Record<string, string> = {};
    for (const [key, value] of entries) {
      if (isReservedMetadataKey(key) || key === LAST_APPLIED) {
        r.notes.push({
          path: `metadata.${kind}["${key.slice(0, 128)}"]`,
          message:
            key === LAST_APPLIED
              ? "not copied to the Secret: kubectl's record of the ExternalSecret"
              : 'not copied to the Secret: Backstage Secrets sets this key itself',
        });
        continue;
      }
      kept[key] = String(value);
    }
    if (Object.keys(kept).length) copied[kind] = kept;
  }
  return copied;
}
