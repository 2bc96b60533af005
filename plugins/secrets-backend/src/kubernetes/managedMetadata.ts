/**
 * Labels and annotations on every Secret the engine manages. Labels are for
 * what the API server must select on; annotations for values labels cannot
 * hold (label values are at most 63 characters of `[A-Za-z0-9._-]`).
 */

/**
 * Label marking a Secret as written by this product. It is what
 * `listManagedSecrets` selects on, what the audit page uses to find orphans,
 * and what tells the engine it may overwrite or delete a Secret: without it a
 * Secret belongs to someone else (unless a mapping says `creationPolicy: Merge`).
 * The key is the well-known Kubernetes one, so other tools show it too.
 *
 * @public
 */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** @public */
export const MANAGED_BY_VALUE = 'backstage-secrets';

/** The label selector for Secrets this product manages. @public */
export const MANAGED_BY_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;

/**
 * Label with the id of the mapping that produced the Secret: a label, not an
 * annotation, so the Secrets of one mapping can be selected server-side, and
 * so two mappings aiming at one Secret name are detected instead of
 * overwriting each other.
 *
 * @public
 */
export const MAPPING_ID_LABEL = 'secrets.backstage.io/mapping-id';

/**
 * Annotation with the catalog entity that owns the mapping, so anyone looking
 * at the Secret with kubectl knows whom to ask. An annotation because entity
 * refs contain ':' and '/', which label values forbid.
 *
 * @public
 */
export const ENTITY_REF_ANNOTATION = 'secrets.backstage.io/entity-ref';

/**
 * Annotation with the keyed HMAC of the data the engine last wrote. Comparing
 * it with the HMAC of the desired data skips writes that would change nothing,
 * and comparing it with the HMAC of the live data detects drift (someone
 * edited the Secret). It is keyed, so it does not let anyone guess values.
 *
 * @public
 */
export const DATA_HMAC_ANNOTATION = 'secrets.backstage.io/data-hmac';

/**
 * Annotation with when the engine last wrote the Secret (RFC 3339), for `kubectl`
 * users. Stamped on every write, never a reason to write by itself: an unchanged
 * cycle makes no write.
 *
 * @public
 */
export const LAST_SYNC_ANNOTATION = 'secrets.backstage.io/last-sync-time';

/**
 * Annotation with the mapping's sync status as the engine last saw it: `Synced`,
 * or `SyncedError` once a sync failed (the Secret keeps its data).
 *
 * @public
 */
export const SYNC_STATUS_ANNOTATION = 'secrets.backstage.io/sync-status';

/**
 * Annotation with the reason of that status, e.g. `Created`, `DriftRepaired`,
 * `VaultSealed` (the reasons of docs/sync-engine.md).
 *
 * @public
 */
export const SYNC_REASON_ANNOTATION = 'secrets.backstage.io/sync-reason';

const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** What identifies a managed Secret. @public */
export interface ManagedMetadataInput {
  mappingId: string;
  entityRef: string;
  dataHmac: string;
}

/**
 * The labels and annotations a managed Secret carries. Throws if the mapping
 * id cannot be a label value, which would make the Secret unselectable.
 *
 * @public
 */
export function managedMetadata(input: ManagedMetadataInput): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  if (!input.mappingId || !LABEL_VALUE.test(input.mappingId)) {
    throw new Error(
      `Mapping id '${input.mappingId}' cannot be a Kubernetes label value ` +
        '(at most 63 characters of letters, digits, "-", "_" and ".", starting and ending alphanumeric)',
    );
  }
  return {
    labels: {
      [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
      [MAPPING_ID_LABEL]: input.mappingId,
    },
    annotations: {
      [ENTITY_REF_ANNOTATION]: input.entityRef,
      [DATA_HMAC_ANNOTATION]: input.dataHmac,
    },
  };
}

/**
 * Whether this product manages the Secret and, when `mappingId` is given,
 * whether that mapping does. The engine must check this before overwriting or
 * deleting anything.
 *
 * @public
 */
export function isManagedBy(
  secret: { labels?: Record<string, string> },
  mappingId?: string,
): boolean {
  const labels = secret.labels ?? {};
  if (labels[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) return false;
  return mappingId === undefined || labels[MAPPING_ID_LABEL] === mappingId;
}
