/** Read access for one sync cycle; the engine passes a cached implementation. */
export interface SecretReader {
  read(
    store: string,
    key: string,
    version?: number,
  ): Promise<{ data: Record<string, unknown>; version?: number }>;
  /** Keys below a prefix, recursively, without folders. */
  listRecursive(store: string, prefix: string): Promise<string[]>;
}

/** The Secret a mapping wants, before it meets the cluster. */
export interface DesiredSecret {
  type: string;
  data: Record<string, Buffer>;
  /** Distinct Vault keys and versions read, for the status ("synced versions"). */
  sources: { key: string; version?: number }[];
}

/** A mapping that cannot produce a Secret; the message names the field, never a value. */
export class DesiredSecretError extends Error {
  readonly field: string;
  readonly reason: 'property' | 'template' | 'invalidKey';

  constructor(
    field: string,
    reason: DesiredSecretError['reason'],
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'DesiredSecretError';
    this.field = field;
    this.reason = reason;
  }
}
