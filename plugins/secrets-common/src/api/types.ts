/**
 * Bodies of the `/api/secrets` REST API, shared by the backend that sends them and the
 * frontend that reads them. None of them ever carries a secret value.
 */
import type { MappingSpec } from '../mapping/types';
import type { SecretsApiComponents } from './openapi.generated';

/** Where a mapping stands in one cluster. @public */
export type MappingSyncStatus = SecretsApiComponents['schemas']['SyncStatus'];

/** A mapping's status in one of its target clusters (ESO ExternalSecret status). @public */
export type MappingClusterStatus =
  SecretsApiComponents['schemas']['MappingClusterStatus'];

/** A stored mapping with its status per cluster. @public */
export type MappingView = SecretsApiComponents['schemas']['MappingView'];

/**
 * Where a dynamic mapping's lease or certificate stands. Times and counts only: never the
 * credentials, and never the lease id (a handle to them). @public
 */
export type DynamicStatus = SecretsApiComponents['schemas']['DynamicStatus'];

/** What became of one ExternalSecret document an entity declares in its repository. @public */
export type DeclaredDocument =
  SecretsApiComponents['schemas']['DeclaredDocument'];

/** The last read of an entity's declared files (`GET …/declared`). @public */
export type DeclaredMappings =
  SecretsApiComponents['schemas']['DeclaredMappings'];

/** Body of `POST /entities/{kind}/{namespace}/{name}/mappings:bulkImport`. @public */
export type BulkImportRequest =
  SecretsApiComponents['schemas']['BulkImportRequest'];

/** Each document of a bulk import and what became of it. @public */
export type BulkImportResult =
  SecretsApiComponents['schemas']['BulkImportResult'];

/** What a mapping would write against the Secret in one cluster, key names only. @public */
export type SecretComparison = SecretComparisonList['items'][number];

/** Body of `POST /mappings/{id}/compare` and `/adopt`. @public */
export type SecretComparisonList =
  SecretsApiComponents['schemas']['SecretComparisonList'];

/** One entry of a mapping's history. @public */
export type MappingEvent = SecretsApiComponents['schemas']['MappingEvent'];

/** Body of `POST /entities/{kind}/{namespace}/{name}/mappings` and `PUT /mappings/{id}`. @public */
export interface MappingWriteRequest {
  /** The mapping as declared; validated by `validateMappingSpec`. */
  spec: MappingSpec;
  /** On PUT: the revision the caller read; a newer stored revision is refused with 409. */
  revision?: number;
}

/** What `POST /mappings/preview` reports: names and versions only, never values. @public */
export type MappingPreview = SecretsApiComponents['schemas']['MappingPreview'];

/** What happened to a deleted mapping's Secret in each cluster. @public */
export type MappingDeletion =
  SecretsApiComponents['schemas']['MappingDeletion'];

/** One field-level problem with a request body. @public */
export type ApiIssue = SecretsApiComponents['schemas']['Issue'];

/**
 * Error body of every non-2xx answer: Backstage's error shape, plus the field-level issues
 * of a rejected body so a form can show each next to its field.
 *
 * @public
 */
export type ApiErrorBody = SecretsApiComponents['schemas']['Error'];

/** `GET /entities/{kind}/{namespace}/{name}/mappings`. @public */
export type EntityMappings = SecretsApiComponents['schemas']['EntityMappings'];

/** `POST /mappings/{id}/sync`: the status after the sync, or where it stands if still running. @public */
export type MappingSyncResult =
  SecretsApiComponents['schemas']['MappingSyncResult'];

/** Body of `POST /entities/{kind}/{namespace}/{name}/mappings:import`. @public */
export type ImportRequest = SecretsApiComponents['schemas']['ImportRequest'];

/** What an import returns: the spec (dry run) or the created mapping, with notes. @public */
export type ImportResult =
  | { spec: MappingSpec; notes: ApiIssue[] }
  | (MappingView & { notes: ApiIssue[] });

/** A cluster as `GET /clusters` lists it. @public */
export type ClusterInfo = SecretsApiComponents['schemas']['ClusterInfo'];

/** A mapping in the platform audit. @public */
export type AuditMapping = SecretsApiComponents['schemas']['AuditMapping'];

/** Filters of `GET /audit/mappings`. @public */
export interface AuditFilter {
  /** Only mappings of entities this group or user owns (an entity ref). */
  owner?: string;
  /** Only mappings reading this store. */
  store?: string;
  /** Only mappings with this status in some cluster (`Synced`, `SyncedError`, `Pending`). */
  status?: string;
  /** Only mappings writing to this cluster. */
  cluster?: string;
}

/** `GET /audit/orphans`. @public */
export type AuditOrphan = SecretsApiComponents['schemas']['AuditOrphan'];

/** `GET /audit/unmanaged`: a Secret labelled as ours whose mapping is gone. @public */
export type AuditUnmanagedSecret =
  SecretsApiComponents['schemas']['AuditUnmanagedSecret'];

/** `GET /audit/failing`. @public */
export type AuditFailing = SecretsApiComponents['schemas']['AuditFailing'];

/** `GET /audit/paths`: one consumer of a Vault path. @public */
export type AuditPathConsumer =
  SecretsApiComponents['schemas']['AuditPathConsumer'];

/** How to generate one value (ESO's Password generator vocabulary). @public */
export type PasswordGeneratorSpec =
  SecretsApiComponents['schemas']['PasswordGeneratorSpec'];

/** Body of `POST /mappings/{id}/rotate`. `values` are write-only. @public */
export type RotateRequest = SecretsApiComponents['schemas']['RotateRequest'];

/**
 * Body of `POST /entities/{kind}/{namespace}/{name}/secrets:push`: values written into
 * Vault below the entity's allowed prefixes. `values` are write-only; `expectedVersion` 0
 * creates a new secret. @public
 */
export type PushRequest = SecretsApiComponents['schemas']['PushRequest'];

/** What a rotation or roll back did: versions and each consumer's status, never a value. @public */
export type RotateResult = SecretsApiComponents['schemas']['RotateResult'];

/** `GET /mappings/{id}/versions?key=`. @public */
export type SecretVersions = SecretsApiComponents['schemas']['SecretVersions'];
