import { randomUUID } from 'node:crypto';
import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { Mapping } from '@internal/plugin-secrets-common';
import type { Knex } from 'knex';
import type { MappingStore, MappingWrite } from './MappingStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-secrets-backend',
  'migrations',
);

const TABLE = 'secrets_mappings';

interface MappingRow {
  id: string;
  entity_ref: string;
  spec: string;
  revision: number;
  created_by: string;
  updated_by: string;
  created_at: Date | string;
  updated_at: Date | string;
}

// SQLite returns timestamps as strings or numbers, PostgreSQL as Date objects.
const iso = (value: Date | string | number) => new Date(value).toISOString();

function toMapping(row: MappingRow): Mapping {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    spec: JSON.parse(row.spec),
    revision: row.revision,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** {@link MappingStore} on the plugin's database (SQLite or PostgreSQL) through knex. */
export class DatabaseMappingStore implements MappingStore {
  /** Connects and runs the migrations, unless the app config says to skip them. */
  static async create(
    database: DatabaseService,
  ): Promise<DatabaseMappingStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseMappingStore(client);
  }

  private readonly db: Knex;

  private constructor(db: Knex) {
    this.db = db;
  }

  async list(filter: { entityRef?: string } = {}): Promise<Mapping[]> {
    const query = this.db<MappingRow>(TABLE).orderBy([
      { column: 'entity_ref' },
      { column: 'created_at' },
      { column: 'id' },
    ]);
    if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    return (await query).map(toMapping);
  }

  async get(id: string): Promise<Mapping | undefined> {
    const row = await this.db<MappingRow>(TABLE).where({ id }).first();
    return row ? toMapping(row) : undefined;
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
    };
    await this.db(TABLE).insert(row);
    return toMapping(row);
  }

  async update(
    id: string,
    write: MappingWrite & { expectedRevision?: number },
  ): Promise<Mapping> {
    // One conditional UPDATE: the revision check and the write cannot interleave with another writer.
    const query = this.db<MappingRow>(TABLE).where({ id });
    if (write.expectedRevision !== undefined)
      query.andWhere('revision', write.expectedRevision);
    const changed = await query.update({
      spec: JSON.stringify(write.spec),
      updated_by: write.actor,
      updated_at: new Date(),
      revision: this.db.raw('revision + 1') as unknown as number,
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
    await this.db(TABLE).where({ id }).delete();
    return existing;
  }
}
