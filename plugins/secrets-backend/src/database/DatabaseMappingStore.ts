import { randomUUID } from 'node:crypto';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  vaultReadsOf,
  type Mapping,
  type MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import type { Knex } from 'knex';
import { migratedClient } from './migratedClient';
import { isPostgres, toIso } from './rows';
import { chunks } from './chunks';
import {
  secretTargetKey,
  type MappingFilter,
  type MappingStore,
  type MappingWrite,
  type SecretTarget,
} from './MappingStore';

const TABLE = 'secrets_mappings';
const TARGETS = 'secrets_mapping_targets';
const READS = 'secrets_mapping_reads';
/** As in the reads migration: mappings whose reads index rows are not their revision's. */
const READS_STALE = {
  pg: 'reads_revision IS DISTINCT FROM revision',
  sqlite: 'reads_revision IS NOT revision',
};
/** Mappings re-indexed per query by `reindexReads`. */
const REINDEX_PAGE = 500;

interface TargetRow {
  mapping_id: string;
  cluster: string;
  namespace: string;
  name: string;
}

const targetRows = (mappingId: string, spec: MappingSpec): TargetRow[] =>
  [...new Set(spec.target.clusters)].map(cluster => ({
    mapping_id: mappingId,
    cluster,
    namespace: spec.target.namespace,
    name: spec.target.name,
  }));

/** The reads index's rows of a spec: each path and kind of read once. */
const readRows = (mappingId: string, spec: MappingSpec) => {
  const rows = new Map<string, { key: string; match: string }>();
  for (const { key, match } of vaultReadsOf(spec))
    rows.set(`${match}:${key}`, { key, match });
  return [...rows.values()].map(r => ({
    mapping_id: mappingId,
    store: spec.store,
    ...r,
  }));
};

/** `a/b/c` is below `''`, `a`, `a/b` and `a/b/c`: the `find` paths that cover it. */
const pathsCovering = (key: string) => {
  const segments = key.split('/');
  return ['', ...segments.map((_, i) => segments.slice(0, i + 1).join('/'))];
};

/** SQLite and PostgreSQL report a unique violation differently. */
const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
};

interface MappingRow {
  id: string;
  entity_ref: string;
  spec: string;
  revision: number;
  created_by: string;
  updated_by: string;
  created_at: Date | string;
  updated_at: Date | string;
  source?: string | null;
  /** The revision the reads index rows were written for (see the reads migration). */
  reads_revision?: number | null;
}

function toMapping(row: MappingRow): Mapping {
  return {
    ...(row.source ? { source: JSON.parse(row.source) } : {}),
    id: row.id,
    entityRef: row.entity_ref,
    spec: JSON.parse(row.spec),
    revision: row.revision,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** {@link MappingStore} on the plugin's database (SQLite or PostgreSQL) through knex. */
export class DatabaseMappingStore implements MappingStore {
  /** Connects and runs the migrations, unless the app config says to skip them. */
  static async create(
    database: DatabaseService,
  ): Promise<DatabaseMappingStore> {
    return new DatabaseMappingStore(await migratedClient(database));
  }

  private readonly db: Knex;

  private constructor(db: Knex) {
    this.db = db;
  }

  async list(filter: MappingFilter = {}): Promise<Mapping[]> {
    const query = this.db<MappingRow>(TABLE).orderBy([
      { column: 'entity_ref' },
      { column: 'created_at' },
      { column: 'id' },
    ]);
    if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    if (filter.declared) query.whereNotNull('source');
    return (await query).map(toMapping);
  }

  async get(id: string): Promise<Mapping | undefined> {
    const row = await this.db<MappingRow>(TABLE).where({ id }).first();
    return row ? toMapping(row) : undefined;
  }

  async getMany(ids: string[]): Promise<Map<string, Mapping>> {
    const found = new Map<string, Mapping>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db<MappingRow>(TABLE).whereIn(
        'id',
        ids.slice(i, i + 500),
      );
      for (const row of rows) found.set(row.id, toMapping(row));
    }
    return found;
  }

  async forEachPage(
    onPage: (page: Mapping[]) => void | Promise<void>,
    pageSize = 1000,
  ): Promise<void> {
    // Keyset paging on the primary key: each page one indexed query, whatever the total.
    let after: string | undefined;
    for (;;) {
      const query = this.db<MappingRow>(TABLE).orderBy('id').limit(pageSize);
      if (after !== undefined) query.where('id', '>', after);
      const rows = await query;
      if (rows.length) await onPage(rows.map(toMapping));
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].id;
    }
  }

  async writersOf(
    targets: SecretTarget[],
  ): Promise<Map<string, { mappingId: string; entityRef: string }>> {
    const writers = new Map<string, { mappingId: string; entityRef: string }>();
    // Each target one equality on the unique (cluster, namespace, name) index.
    for (const chunk of chunks(targets, 100)) {
      const rows: (TargetRow & { entity_ref: string })[] = await this.db(
        TARGETS,
      )
        .join(TABLE, `${TABLE}.id`, `${TARGETS}.mapping_id`)
        .where(query => {
          for (const t of chunk)
            query.orWhere({
              [`${TARGETS}.cluster`]: t.cluster,
              [`${TARGETS}.namespace`]: t.namespace,
              [`${TARGETS}.name`]: t.name,
            });
        })
        .select(
          `${TARGETS}.cluster`,
          `${TARGETS}.namespace`,
          `${TARGETS}.name`,
          `${TARGETS}.mapping_id`,
          `${TABLE}.entity_ref`,
        );
      for (const row of rows)
        writers.set(secretTargetKey(row), {
          mappingId: row.mapping_id,
          entityRef: row.entity_ref,
        });
    }
    return writers;
  }

  async readersOf(store: string, key: string): Promise<string[]> {
    const rows: { mapping_id: string }[] = await this.db(READS)
      .distinct('mapping_id')
      .where('store', store)
      .andWhere(query =>
        query
          .where({ match: 'exact', key })
          .orWhere(below =>
            below.where('match', 'below').whereIn('key', pathsCovering(key)),
          ),
      )
      .orderBy('mapping_id');
    return rows.map(r => r.mapping_id);
  }

  async reindexReads(options: { pages?: number } = {}): Promise<number> {
    const stale = READS_STALE[isPostgres(this.db) ? 'pg' : 'sqlite'];
    let redone = 0;
    for (let page = 0; page < (options.pages ?? 20); page++) {
      // The partial index's own predicate: the index hands over only the stale ones.
      const rows: Pick<MappingRow, 'id' | 'spec' | 'revision'>[] =
        await this.db(TABLE)
          .whereRaw(stale)
          .select('id', 'spec', 'revision')
          .limit(REINDEX_PAGE);
      for (const row of rows)
        await this.db.transaction(async tx => {
          // Only at the revision read: a change meanwhile wrote its own rows.
          const current = await tx(TABLE)
            .where({ id: row.id, revision: row.revision })
            .update({ reads_revision: row.revision });
          if (current) await this.recordReads(tx, row.id, JSON.parse(row.spec));
        });
      redone += rows.length;
      if (rows.length < REINDEX_PAGE) break;
    }
    return redone;
  }

  async targetNamespaces(): Promise<{ cluster: string; namespace: string }[]> {
    // The unique (cluster, namespace, name) index serves this without reading the specs.
    return this.db(TARGETS).distinct('cluster', 'namespace');
  }

  async create(entityRef: string, write: MappingWrite): Promise<Mapping> {
    const now = new Date();
    const row: MappingRow = {
      id: randomUUID(),
      entity_ref: entityRef,
      spec: JSON.stringify(write.spec),
      revision: 1,
      created_by: write.actor,
      updated_by: write.actor,
      created_at: now,
      updated_at: now,
      source: write.source ? JSON.stringify(write.source) : null,
      reads_revision: 1,
    };
    await this.db.transaction(async tx => {
      await tx(TABLE).insert(row);
      await this.claimTargets(tx, row.id, write.spec);
      await this.recordReads(tx, row.id, write.spec);
    });
    return toMapping(row);
  }

  /**
   * Records the Secrets a mapping writes. A Secret another mapping already writes is
   * refused with a ConflictError naming that mapping's entity; the unique index makes this
   * hold under concurrent requests too.
   */
  private async claimTargets(
    tx: Knex.Transaction,
    mappingId: string,
    spec: MappingSpec,
  ): Promise<void> {
    await tx(TARGETS).where({ mapping_id: mappingId }).delete();
    const rows = targetRows(mappingId, spec);
    const taken:
      | { cluster: string; entity_ref: string; id: string }
      | undefined = await tx(TARGETS)
      .join(TABLE, `${TABLE}.id`, `${TARGETS}.mapping_id`)
      .where(`${TARGETS}.namespace`, spec.target.namespace)
      .andWhere(`${TARGETS}.name`, spec.target.name)
      .whereIn(
        `${TARGETS}.cluster`,
        rows.map(r => r.cluster),
      )
      .select(`${TARGETS}.cluster`, `${TABLE}.entity_ref`, `${TABLE}.id`)
      .first();
    const secret = `${spec.target.namespace}/${spec.target.name}`;
    if (taken) {
      throw new ConflictError(
        `target: Secret ${secret} in cluster ${taken.cluster} is already written by mapping ${taken.id} of ${taken.entity_ref}; a Secret belongs to one mapping`,
      );
    }
    try {
      if (rows.length) await tx(TARGETS).insert(rows);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new ConflictError(
        `target: Secret ${secret} was just claimed by another mapping; a Secret belongs to one mapping`,
      );
    }
  }

  /** Replaces the mapping's rows in the reads index with its spec's. */
  private async recordReads(
    tx: Knex.Transaction,
    mappingId: string,
    spec: MappingSpec,
  ): Promise<void> {
    await tx(READS).where({ mapping_id: mappingId }).delete();
    for (const rows of chunks(readRows(mappingId, spec)))
      await tx(READS).insert(rows);
  }

  async update(
    id: string,
    write: MappingWrite & { expectedRevision?: number },
  ): Promise<Mapping> {
    // One conditional UPDATE: the revision check and the write cannot interleave with another writer.
    const changed = await this.db.transaction(async tx => {
      const query = tx<MappingRow>(TABLE).where({ id });
      if (write.expectedRevision !== undefined)
        query.andWhere('revision', write.expectedRevision);
      const count = await query.update({
        spec: JSON.stringify(write.spec),
        updated_by: write.actor,
        updated_at: new Date(),
        revision: tx.raw('revision + 1') as unknown as number,
        reads_revision: tx.raw('revision + 1') as unknown as number,
      });
      if (count > 0) {
        await this.claimTargets(tx, id, write.spec);
        await this.recordReads(tx, id, write.spec);
      }
      return count;
    });
    if (changed === 0) {
      const current = await this.get(id);
      if (!current) throw new NotFoundError(`No mapping with id ${id}`);
      throw new ConflictError(
        `Mapping ${id} was changed by someone else (revision ${current.revision}, expected ${write.expectedRevision}); reload it and try again`,
      );
    }
    return (await this.get(id))!;
  }

  async delete(id: string): Promise<Mapping | undefined> {
    const existing = await this.get(id);
    if (!existing) return undefined;
    await this.db.transaction(async tx => {
      // Explicit, not left to ON DELETE CASCADE: SQLite enforces foreign keys only when asked.
      await tx(TARGETS).where({ mapping_id: id }).delete();
      await tx(READS).where({ mapping_id: id }).delete();
      await tx(TABLE).where({ id }).delete();
    });
    return existing;
  }
}
