import {
  mockServices,
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { DatabaseMappingStore } from '../database/DatabaseMappingStore';

/**
 * SQLite plus the PostgreSQL that the local stack started. The stack exports its server
 * as BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING; without it TestDatabases
 * would silently skip PostgreSQL, so its absence is an error here, not a skip.
 */
export function createTestDatabases(): {
  databases: TestDatabases;
  ids: TestDatabaseId[];
} {
  const major = Object.keys(process.env)
    .map(
      name =>
        /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(
          name,
        )?.[1],
    )
    .find(Boolean);
  if (!major) {
    throw new Error(
      'No PostgreSQL for tests: run them with "npm test", or keep "npm run stack -w @internal/devstack" running ' +
        'and export BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING from its state file',
    );
  }
  const ids = [
    `POSTGRES_${major}` as TestDatabaseId,
    'SQLITE_3' as TestDatabaseId,
  ];
  return { databases: TestDatabases.create({ ids, disableDocker: true }), ids };
}

/**
 * Mappings stored in `db` (whose rows other stores' queries join on): `create` makes one of
 * `entityRef` writing Secret `name` in namespace payments of `clusters`.
 */
export async function mappingsOn(db: Knex) {
  const store = await DatabaseMappingStore.create(
    mockServices.database.mock({ getClient: async () => db }),
  );
  return {
    create: (entityRef: string, name: string, clusters = ['local']) =>
      store.create(entityRef, {
        actor: 'user:default/alice',
        spec: {
          store: 'kv',
          data: [
            { secretKey: 'k', remoteRef: { key: 'payments/x', property: 'k' } },
          ],
          target: { clusters, namespace: 'payments', name },
        },
      }),
  };
}
