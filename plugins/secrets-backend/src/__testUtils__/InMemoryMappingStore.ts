import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  fieldsReading,
  type Mapping,
  type MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import {
  secretTargetKey,
  type MappingFilter,
  type MappingStore,
  type MappingWrite,
  type SecretTarget,
} from '../database';

/** {@link MappingStore} in a Map: revisions, actors and one Secret per mapping. */
export class InMemoryMappingStore implements MappingStore {
  readonly rows = new Map<string, Mapping>();

  async list(filter: MappingFilter = {}): Promise<Mapping[]> {
    return [...this.rows.values()].filter(
      m =>
        (!filter.entityRef || m.entityRef === filter.entityRef) &&
        (!filter.declared || m.source),
    );
  }

  async get(id: string): Promise<Mapping | undefined> {
    return this.rows.get(id);
  }

  async getMany(ids: string[]): Promise<Map<string, Mapping>> {
    return new Map(
      ids.flatMap(id => (this.rows.has(id) ? [[id, this.rows.get(id)!]] : [])),
    );
  }

  async forEachPage(
    onPage: (page: Mapping[]) => void | Promise<void>,
    pageSize = 1000,
  ): Promise<void> {
    const all = [...this.rows.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    for (let i = 0; i < all.length; i += pageSize)
      await onPage(all.slice(i, i + pageSize));
  }

  async readersOf(store: string, key: string) {
    return [...this.rows.values()]
      .filter(m => m.spec.store === store && fieldsReading(m.spec, key).length)
      .map(m => m.id)
      .sort();
  }

  /** Its index is its rows: never stale. */
  async reindexReads() {
    return 0;
  }

  async writersOf(targets: SecretTarget[]) {
    const writers = new Map<string, { mappingId: string; entityRef: string }>();
    const wanted = new Set(targets.map(secretTargetKey));
    for (const m of this.rows.values())
      for (const cluster of m.spec.target.clusters) {
        const key = secretTargetKey({ ...m.spec.target, cluster });
        if (wanted.has(key))
          writers.set(key, { mappingId: m.id, entityRef: m.entityRef });
      }
    return writers;
  }

  async targetNamespaces() {
    const seen = new Map<string, { cluster: string; namespace: string }>();
    for (const m of this.rows.values())
      for (const cluster of m.spec.target.clusters)
        seen.set(`${cluster}/${m.spec.target.namespace}`, {
          cluster,
          namespace: m.spec.target.namespace,
        });
    return [...seen.values()];
  }

  async create(entityRef: string, write: MappingWrite): Promise<Mapping> {
    const id = randomUUID();
    this.claim(id, write.spec);
    const now = new Date().toISOString();
    const mapping: Mapping = {
      id,
      entityRef,
      spec: write.spec,
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: write.actor,
      updatedBy: write.actor,
      ...(write.source ? { source: write.source } : {}),
    };
    this.rows.set(id, mapping);
    return mapping;
  }

  async update(
    id: string,
    write: MappingWrite & { expectedRevision?: number },
  ): Promise<Mapping> {
    const current = this.rows.get(id);
    if (!current) throw new NotFoundError(`No mapping with id ${id}`);
    if (
      write.expectedRevision !== undefined &&
      write.expectedRevision !== current.revision
    )
      throw new ConflictError(
        `Mapping ${id} was changed by someone else (revision ${current.revision}, expected ${write.expectedRevision})`,
      );
    this.claim(id, write.spec);
    const updated: Mapping = {
      ...current,
      spec: write.spec,
      revision: current.revision + 1,
      updatedBy: write.actor,
      updatedAt: new Date().toISOString(),
    };
    this.rows.set(id, updated);
    return updated;
  }

  async delete(id: string): Promise<Mapping | undefined> {
    const existing = this.rows.get(id);
    this.rows.delete(id);
    return existing;
  }

  private claim(id: string, spec: MappingSpec) {
    const taken = [...this.rows.values()].find(
      m =>
        m.id !== id &&
        m.spec.target.namespace === spec.target.namespace &&
        m.spec.target.name === spec.target.name &&
        m.spec.target.clusters.some(c => spec.target.clusters.includes(c)),
    );
    if (taken)
      throw new ConflictError(
        `target: Secret ${spec.target.namespace}/${spec.target.name} is already written by mapping ${taken.id}`,
      );
  }
}
