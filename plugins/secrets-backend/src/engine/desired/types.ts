/** Read access for one sync cycle; the engine passes a cached implementation. */
export interface SecretReader {
  /**
   * One KV secret of `store`, at `version` (KV v2) or the latest. Throws the gateway's
   * error (a `VaultError`) when the secret is missing, denied, or Vault is down.
   */
  read(
    store: string,
    key: string,
    version?: number,
  ): Promise<{
    data: Record<string, unknown>;
    version?: number;
    createdTime?: string;
  }>;
  /** Keys below prefix, recursively (no trailing-slash folders), for dataFrom.find. */
  listRecursive(store: string, prefix: string): Promise<string[]>;
  /** A KV v2 secret's custom metadata (`metadataPolicy: Fetch`). */
  readCustomMetadata(
    store: string,
    key: string,
  ): Promise<Record<string, string>>;
}

/** The Secret a mapping wants, before it meets the cluster. */
export interface DesiredSecret {
  /** `spec.target.type`, default `Opaque`. */
  type: string;
  data: Record<string, Buffer>;
  /**
   * Vault versions read, for the status ("synced versions"): one entry per distinct
   * key and version actually read, in the order of the spec, with the version the
   * reader returned (absent for KV v1).
   */
  sources: { key: string; version?: number; createdTime?: string }[];
}

/** Why a mapping could not produce a Secret. */
export type DesiredSecretErrorReason =
  /** `dataFrom[].find` matched no secret. */
  | 'notFound'
  /** A `property` is missing, or an extract `property` does not hold an object. */
  | 'property'
  /** A `target.template.data` template did not compile or render. */
  | 'template'
  /** A resulting Secret key breaks the Kubernetes rule for Secret data keys. */
  | 'invalidKey'
  /** Two secrets found by one `dataFrom[].find` become the same Secret key. */
  | 'conflict'
  /** The Secret's keys and values together pass Kubernetes' 1 MiB limit. */
  | 'tooLarge'
  /** A value is not in the encoding its `decodingStrategy` names, or binary in a template. */
  | 'decoding';

/**
 * A mapping that cannot produce a Secret. `field` is the spec path at fault
 * (`data[1].remoteRef.property`, `target.template.data[".dockerconfigjson"]`); the
 * message names fields, Vault paths, property and key names, template positions —
 * never a secret value.
 */
export class DesiredSecretError extends Error {
  readonly field: string;
  readonly reason: DesiredSecretErrorReason;
  /** For `template`: where in the template, for an editor to point at. */
  readonly issues?: { line: number; column: number; message: string }[];

  constructor(
    field: string,
    reason: DesiredSecretErrorReason,
    detail: string,
    issues?: { line: number; column: number; message: string }[],
  ) {
    super(`${field}: ${detail}`);
    this.name = 'DesiredSecretError';
    this.field = field;
    this.reason = reason;
    if (issues) this.issues = issues;
  }
}
