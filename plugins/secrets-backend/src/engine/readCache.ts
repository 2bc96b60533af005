import type { VaultGateway } from '../vault';
import type { SecretReader } from './desired';

/**
 * One sync cycle's view of Vault: one read per distinct store + path + version, however many
 * mappings use it, and concurrent callers share the same in-flight request. Dropped at the
 * end of the cycle, so nothing read outlives it in memory.
 */
export class CycleReadCache implements SecretReader {
  private readonly reads = new Map<
    string,
    Promise<{
      data: Record<string, unknown>;
      version?: number;
      createdTime?: string;
    }>
  >();
  private readonly lists = new Map<string, Promise<string[]>>();
  private readonly metadata = new Map<
    string,
    Promise<Record<string, string>>
  >();
  private readonly gateway: (store: string) => VaultGateway;

  constructor(gateway: (store: string) => VaultGateway) {
    this.gateway = gateway;
  }

  read(store: string, key: string, version?: number) {
    const id = JSON.stringify([store, key, version ?? null]);
    let pending = this.reads.get(id);
    if (!pending) {
      pending = this.gateway(store).read(
        key,
        version === undefined ? undefined : { version },
      );
      this.reads.set(id, pending);
    }
    return pending;
  }

  readCustomMetadata(store: string, key: string) {
    const id = JSON.stringify([store, key]);
    let pending = this.metadata.get(id);
    if (!pending) {
      pending = this.gateway(store)
        .metadata(key)
        .then(m => m.customMetadata);
      this.metadata.set(id, pending);
    }
    return pending;
  }

  listRecursive(store: string, prefix: string): Promise<string[]> {
    const id = JSON.stringify([store, prefix]);
    let pending = this.lists.get(id);
    if (!pending) {
      pending = this.walk(this.gateway(store), prefix);
      this.lists.set(id, pending);
    }
    return pending;
  }

  /** Vault lists one folder level at a time; folders end with "/". */
  private async walk(gateway: VaultGateway, prefix: string): Promise<string[]> {
    const base = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
    const entries = await gateway.list(prefix);
    const keys: string[] = [];
    for (const entry of entries) {
      if (entry.endsWith('/'))
        keys.push(
          ...(await this.walk(gateway, `${base}${entry.slice(0, -1)}`)),
        );
      else keys.push(`${base}${entry}`);
    }
    return keys;
  }
}
