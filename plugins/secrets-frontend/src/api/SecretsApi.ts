import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AuditFailing,
  AuditFilter,
  AuditMapping,
  AuditOrphan,
  AuditPathConsumer,
  AuditUnmanagedSecret,
  BulkImportRequest,
  BulkImportResult,
  ClusterInfo,
  DeclaredMappings,
  EntityMappings,
  ImportRequest,
  ImportResult,
  MappingDeletion,
  MappingEvent,
  MappingPreview,
  MappingSpec,
  MappingSyncResult,
  MappingView,
  PushRequest,
  RotateRequest,
  RotateResult,
  SecretComparison,
  SecretVersions,
  SecretsHealth,
  StoreStatus,
} from '@backstage-secrets/plugin-secrets-common';

/**
 * Client-side access to the secrets backend plugin. Every method rejects with a
 * {@link SecretsApiError} carrying the status and, for rejected bodies, the issue of each field.
 *
 * @public
 */
export interface SecretsApi {
  /** `GET /health`; rejects when the backend is unreachable. */
  getHealth(): Promise<SecretsHealth>;
  /** Stores with health; with an entity, the path prefixes it may read in each. */
  listStores(entityRef?: string): Promise<StoreStatus[]>;
  /** Clusters; with an entity, the namespaces it may write to. */
  listClusters(entityRef?: string): Promise<ClusterInfo[]>;
  /** The entity's mappings with their status, and what the caller may do with them. */
  listMappings(entityRef: string): Promise<EntityMappings>;
  /** One mapping with its status per cluster. */
  getMapping(id: string): Promise<MappingView>;
  /** A new mapping for the entity; the backend queues its first sync. */
  createMapping(entityRef: string, spec: MappingSpec): Promise<MappingView>;
  /** With the revision that was read, so a concurrent change is refused (409), not overwritten. */
  updateMapping(
    id: string,
    spec: MappingSpec,
    revision?: number,
  ): Promise<MappingView>;
  /** Deletes the mapping; says what happened to its Secret in each cluster. */
  deleteMapping(id: string): Promise<MappingDeletion>;
  /** Sync now; resolves with the fresh status (or `completed: false` if still running). */
  syncMapping(id: string): Promise<MappingSyncResult>;
  /** Key names and versions only. */
  previewMapping(entityRef: string, spec: MappingSpec): Promise<MappingPreview>;
  /** The mapping's history, newest first (default 100, at most 1000). */
  listEvents(id: string, limit?: number): Promise<MappingEvent[]>;
  /** KV v2 versions of a path the mapping reads. */
  listVersions(id: string, key: string): Promise<SecretVersions>;
  /** Values (write-only) into Vault below the entity's allowed prefixes; consumers synced. */
  pushSecret(entityRef: string, request: PushRequest): Promise<RotateResult>;
  /** Dynamic mappings: new credentials or certificate now; the replaced lease is revoked. */
  reissueMapping(id: string): Promise<MappingView>;
  /** New values (generated or given, write-only) as a new version; consumers synced. */
  rotateSecret(id: string, request: RotateRequest): Promise<RotateResult>;
  /** An old version restored as the new current one; consumers synced. */
  rollbackSecret(
    id: string,
    request: {
      key: string;
      version: number;
      expectedVersion: number;
      confirmUnmanaged?: boolean;
    },
  ): Promise<RotateResult>;
  /** An ESO ExternalSecret as YAML: converted (dry run) or created as a mapping. */
  importExternalSecret(
    entityRef: string,
    request: ImportRequest,
  ): Promise<ImportResult>;
  /**
   * Many ExternalSecrets at once (files of a folder, multi-document YAML): a dry run by
   * default; `mode: 'all'` creates them only if every one passes, `'valid'` those that do.
   */
  bulkImport(
    entityRef: string,
    request: BulkImportRequest,
  ): Promise<BulkImportResult>;
  /** What the mapping would write against the Secret in each cluster, key names only. */
  compareMapping(id: string): Promise<SecretComparison[]>;
  /** Takes over Secrets someone else wrote where they match exactly; data untouched. */
  adoptMapping(id: string): Promise<SecretComparison[]>;
  /** The mapping as an ESO ExternalSecret (YAML). */
  exportExternalSecret(id: string): Promise<string>;
  /** Every mapping of the entity as ExternalSecrets, one multi-document YAML. */
  exportEntityMappings(entityRef: string): Promise<string>;
  /** The last read of the ExternalSecret files the entity declares in its repository. */
  getDeclaredMappings(entityRef: string): Promise<DeclaredMappings>;
  /** Reads the entity's declared files now and applies them; needs sync permission. */
  refreshDeclaredMappings(entityRef: string): Promise<DeclaredMappings>;
  /** Admins: every mapping with its owners, filtered. */
  auditMappings(filter?: AuditFilter): Promise<AuditMapping[]>;
  /** The same list as CSV text, for download. */
  auditMappingsCsv(filter?: AuditFilter): Promise<string>;
  /** The same mappings as ExternalSecrets, one multi-document YAML, for download. */
  auditMappingsYaml(filter?: AuditFilter): Promise<string>;
  /** Admins: mappings whose entity, or every owner of it, left the catalog. */
  auditOrphans(): Promise<AuditOrphan[]>;
  /** Admins: Secrets labelled as the plugin's whose mapping no longer exists (names only). */
  auditUnmanaged(): Promise<{
    items: AuditUnmanagedSecret[];
    errors: { cluster: string; namespace: string; message: string }[];
  }>;
  /** Admins: failing mappings, and those not synced for longer than `staleAfter`. */
  auditFailing(staleAfter?: string): Promise<AuditFailing[]>;
  /** Admins: every entity, cluster and Secret reading a Vault path. */
  auditPaths(store: string, key: string): Promise<AuditPathConsumer[]>;
}

/**
 * The ApiRef of {@link SecretsApi}.
 *
 * @public
 */
export const secretsApiRef = createApiRef<SecretsApi>({
  id: 'plugin.secrets.service',
});
