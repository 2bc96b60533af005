/**
 * Bodies of the `/api/secrets` REST API, shared by the backend that sends them and the
 * frontend that reads them. None of them ever carries a secret value.
 */
import type { Mapping, MappingSpec } from '../mapping/types';

/** Where a mapping stands in one cluster. @public */
export type MappingSyncStatus = 'Pending' | 'Synced' | 'SyncedError';

/** A mapping's status in one of its target clusters (ESO ExternalSecret status). @public */
export interface MappingClusterStatus {
  cluster: string;
  status: MappingSyncStatus;
  /** CamelCase, e.g. `VaultSealed`, `Created`, `Unchanged`. */
  reason?: string;
  message?: string;
  /** Vault keys and KV versions the last successful sync read, with when each was written. */
  syncedVersions: { key: string; version?: number; createdTime?: string }[];
  /** A synced version is older than the mapping's (or store's) `maxAge`. */
  rotationDue?: boolean;
  lastSyncedAt?: string;
  lastAttemptAt?: string;
  nextDueAt: string;
  consecutiveFailures: number;
}

/** A stored mapping with its status per cluster. @public */
export interface MappingView extends Mapping {
  status: MappingClusterStatus[];
  /** Dynamic mappings: the current lease or certificate; absent until first issued. */
  dynamic?: DynamicStatus;
}

/**
 * Where a dynamic mapping's lease or certificate stands. Times and counts only: never the
 * credentials, and never the lease id (a handle to them). @public
 */
export interface DynamicStatus {
  engine: 'database' | 'pki';
  /** When the current credentials or certificate were issued. */
  issuedAt: string;
  /** When the lease ends unless renewed, or the certificate expires. */
  expiresAt: string;
  /** What the engine does next, and when: extend the lease, or issue new values. */
  nextAction: 'renew' | 'reissue';
  nextActionAt: string;
  /** Renewals of the current lease so far. */
  renewals: number;
  /** PKI: the certificate's serial number (public). */
  serialNumber?: string;
}

/** One entry of a mapping's history. @public */
export interface MappingEvent {
  id: number;
  cluster: string;
  at: string;
  type: string;
  /** A user or service entity ref, or `engine`. */
  actor: string;
  reason?: string;
  message?: string;
}

/** Body of `POST /entities/{kind}/{namespace}/{name}/mappings` and `PUT /mappings/{id}`. @public */
export interface MappingWriteRequest {
  spec: MappingSpec;
  /** On PUT: the revision the caller read; a newer stored revision is refused with 409. */
  revision?: number;
}

/** What `POST /mappings/preview` reports: names and versions only, never values. @public */
export interface MappingPreview {
  /** Vault secrets the mapping would read, with the version that would be read and its time. */
  reads: { key: string; version?: number; createdTime?: string }[];
  /** Keys the Secret would have. */
  secretKeys: string[];
  type: string;
}

/** What happened to a deleted mapping's Secret in each cluster. @public */
export interface MappingDeletion {
  id: string;
  secrets: {
    cluster: string;
    /**
     * `deleted` (Owner); `kept` (Orphan; Merge, whose keys stay in the Secret it does not
     * own; or no Secret of this mapping exists); `failed` (the cluster could not be asked).
     */
    outcome: 'deleted' | 'kept' | 'failed';
    message?: string;
  }[];
  /** A dynamic mapping's lease: revoked now, or queued until Vault answers. */
  lease?: { outcome: 'revoked' | 'pending'; message?: string };
}

/** One field-level problem with a request body. @public */
export interface ApiIssue {
  /** Dot path of the field, e.g. `spec.data[0].remoteRef.key`. */
  path: string;
  message: string;
}

/**
 * Error body of every non-2xx answer: Backstage's error shape, plus the field-level issues
 * of a rejected body so a form can show each next to its field.
 *
 * @public
 */
export interface ApiErrorBody {
  error: { name: string; message: string };
  issues?: ApiIssue[];
}

/** `GET /entities/{kind}/{namespace}/{name}/mappings`. @public */
export interface EntityMappings {
  items: MappingView[];
  /** Whether the caller may change this entity's mappings, and who owns it. */
  access: { canEdit: boolean; owners: string[] };
}

/** `POST /mappings/{id}/sync`: the status after the sync, or where it stands if still running. @public */
export interface MappingSyncResult extends MappingView {
  completed: boolean;
}

/** Body of `POST /entities/{kind}/{namespace}/{name}/mappings:import`. @public */
export interface ImportRequest {
  /** An ESO ExternalSecret manifest. */
  yaml: string;
  /** A configured store, when the manifest's `secretStoreRef.name` is not one. */
  store?: string;
  /** Target clusters; may be omitted when only one is configured. */
  clusters?: string[];
  /** Only convert and check; write nothing. */
  dryRun?: boolean;
}

/** What an import returns: the spec (dry run) or the created mapping, with notes. @public */
export type ImportResult =
  | { spec: MappingSpec; notes: ApiIssue[] }
  | (MappingView & { notes: ApiIssue[] });

/** A cluster as `GET /clusters` lists it. @public */
export interface ClusterInfo {
  name: string;
  /** With `entityRef`: the namespaces the entity may write to. */
  namespaces?: string[];
}

/** A mapping in the platform audit. @public */
export interface AuditMapping extends MappingView {
  owners: string[];
  entityExists: boolean;
}

/** Filters of `GET /audit/mappings`. @public */
export interface AuditFilter {
  owner?: string;
  store?: string;
  status?: string;
  cluster?: string;
}

/** `GET /audit/orphans`. @public */
export interface AuditOrphan {
  mapping: MappingView;
  reason: 'EntityMissing' | 'OwnerMissing';
  message: string;
}

/** `GET /audit/unmanaged`: a Secret labelled as ours whose mapping is gone. @public */
export interface AuditUnmanagedSecret {
  cluster: string;
  namespace: string;
  name: string;
  mappingId?: string;
  entityRef?: string;
}

/** `GET /audit/failing`. @public */
export interface AuditFailing extends MappingClusterStatus {
  mapping: MappingView;
  stale: boolean;
}

/** `GET /audit/paths`: one consumer of a Vault path. @public */
export interface AuditPathConsumer {
  mappingId: string;
  entityRef: string;
  cluster: string;
  namespace: string;
  secretName: string;
  field: string;
}

/** How to generate one value (ESO's Password generator vocabulary). @public */
export interface PasswordGeneratorSpec {
  length?: number;
  digits?: number;
  symbols?: number;
  symbolCharacters?: string;
  noUpper?: boolean;
  allowRepeat?: boolean;
}

/** Body of `POST /mappings/{id}/rotate`. `values` are write-only. @public */
export interface RotateRequest {
  key: string;
  expectedVersion: number;
  generate?: Record<string, PasswordGeneratorSpec>;
  values?: Record<string, string>;
  confirmUnmanaged?: boolean;
}

/**
 * Body of `POST /entities/{kind}/{namespace}/{name}/secrets:push`: values written into
 * Vault below the entity's allowed prefixes. `values` are write-only; `expectedVersion` 0
 * creates a new secret. @public
 */
export interface PushRequest {
  store: string;
  key: string;
  values: Record<string, string>;
  expectedVersion: number;
  confirmUnmanaged?: boolean;
}

/** What a rotation or roll back did: versions and each consumer's status, never a value. @public */
export interface RotateResult {
  store: string;
  key: string;
  previousVersion: number;
  version: number;
  properties: string[];
  consumers: {
    mappingId: string;
    entityRef: string;
    secrets: {
      cluster: string;
      namespace: string;
      name: string;
      status: string;
      reason?: string;
    }[];
  }[];
}

/** `GET /mappings/{id}/versions?key=`. @public */
export interface SecretVersions {
  store: string;
  key: string;
  currentVersion: number;
  /** Written by Backstage Secrets; rotating anything else needs confirmation. */
  managed: boolean;
  versions: {
    version: number;
    createdTime: string;
    deletionTime?: string;
    destroyed: boolean;
  }[];
  synced: { cluster: string; version?: number }[];
}
