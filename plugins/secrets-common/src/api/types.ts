/**
 * Bodies of the `/api/secrets` REST API, shared by the backend that sends them and the
 * frontend that reads them. None of them ever carries a secret value.
 */
import type { MappingSpec } from '../mapping/types';
import type { components } from './openapi.generated';

/** The schemas of the API's OpenAPI document (`openapi.yaml` in the backend plugin). */
type Schemas = components['schemas'];

/** Where a mapping stands in one cluster. @public */
export type MappingSyncStatus = Schemas['SyncStatus'];

/** A mapping's status in one of its target clusters (ESO ExternalSecret status). @public */
export type MappingClusterStatus = Schemas['MappingClusterStatus'];

/** A stored mapping with its status per cluster. @public */
export type MappingView = Schemas['MappingView'];

/**
 * Where a dynamic mapping's lease or certificate stands. Times and counts only: never the
 * credentials, and never the lease id (a handle to them). @public
 */
export type DynamicStatus = Schemas['DynamicStatus'];

/** One entry of a mapping's history. @public */
export type MappingEvent = Schemas['MappingEvent'];

/** Body of `POST /entities/{kind}/{namespace}/{name}/mappings` and `PUT /mappings/{id}`. @public */
export interface MappingWriteRequest {
  spec: MappingSpec;
  /** On PUT: the revision the caller read; a newer stored revision is refused with 409. */
  revision?: number;
}

/** What `POST /mappings/preview` reports: names and versions only, never values. @public */
export type MappingPreview = Schemas['MappingPreview'];

/** What happened to a deleted mapping's Secret in each cluster. @public */
export type MappingDeletion = Schemas['MappingDeletion'];

/** One field-level problem with a request body. @public */
export type ApiIssue = Schemas['Issue'];

/**
 * Error body of every non-2xx answer: Backstage's error shape, plus the field-level issues
 * of a rejected body so a form can show each next to its field.
 *
 * @public
 */
export type ApiErrorBody = Schemas['Error'];

/** `GET /entities/{kind}/{namespace}/{name}/mappings`. @public */
export type EntityMappings = Schemas['EntityMappings'];

/** `POST /mappings/{id}/sync`: the status after the sync, or where it stands if still running. @public */
export type MappingSyncResult = Schemas['MappingSyncResult'];

/** Body of `POST /entities/{kind}/{namespace}/{name}/mappings:import`. @public */
export type ImportRequest = Schemas['ImportRequest'];

/** What an import returns: the spec (dry run) or the created mapping, with notes. @public */
export type ImportResult =
  | { spec: MappingSpec; notes: ApiIssue[] }
  | (MappingView & { notes: ApiIssue[] });

/** A cluster as `GET /clusters` lists it. @public */
export type ClusterInfo = Schemas['ClusterInfo'];

/** A mapping in the platform audit. @public */
export type AuditMapping = Schemas['AuditMapping'];

/** Filters of `GET /audit/mappings`. @public */
export interface AuditFilter {
  owner?: string;
  store?: string;
  status?: string;
  cluster?: string;
}

/** `GET /audit/orphans`. @public */
export type AuditOrphan = Schemas['AuditOrphan'];

/** `GET /audit/unmanaged`: a Secret labelled as ours whose mapping is gone. @public */
export type AuditUnmanagedSecret = Schemas['AuditUnmanagedSecret'];

/** `GET /audit/failing`. @public */
export type AuditFailing = Schemas['AuditFailing'];

/** `GET /audit/paths`: one consumer of a Vault path. @public */
export type AuditPathConsumer = Schemas['AuditPathConsumer'];

/** How to generate one value (ESO's Password generator vocabulary). @public */
export type PasswordGeneratorSpec = Schemas['PasswordGeneratorSpec'];

/** Body of `POST /mappings/{id}/rotate`. `values` are write-only. @public */
export type RotateRequest = Schemas['RotateRequest'];

/**
 * Body of `POST /entities/{kind}/{namespace}/{name}/secrets:push`: values written into
 * Vault below the entity's allowed prefixes. `values` are write-only; `expectedVersion` 0
 * creates a new secret. @public
 */
export type PushRequest = Schemas['PushRequest'];

/** What a rotation or roll back did: versions and each consumer's status, never a value. @public */
export type RotateResult = Schemas['RotateResult'];

/** `GET /mappings/{id}/versions?key=`. @public */
export type SecretVersions = Schemas['SecretVersions'];
