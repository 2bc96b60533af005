import fs from 'node:fs';
import path from 'node:path';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import yaml from 'yaml';

/**
 * The backend's database comes from `backend.database` config: in-memory SQLite by default,
 * PostgreSQL by config. Both go through Backstage's own DatabaseManager, as in production.
 */
describe('backend database config', () => {
  async function roundTrip(config: ConfigReader): Promise<string> {
    const manager = DatabaseManager.fromConfig(config);
    const db = await manager
      .forPlugin('secrets', {
        logger: mockServices.logger.mock(),
        lifecycle: mockServices.lifecycle.mock(),
      })
      .getClient();
    try {
      await db.schema.dropTableIfExists('config_probe');
      await db.schema.createTable('config_probe', table =>
        table.string('name'),
      );
      await db('config_probe').insert({ name: 'probe' });
      const rows = await db('config_probe').select('name');
      expect(rows).toEqual([{ name: 'probe' }]);
      return db.client.config.client;
    } finally {
      await db.destroy();
    }
  }

  it('defaults to in-memory SQLite in app-config.yaml', async () => {
    const file = path.resolve(__dirname, '../../../app-config.yaml');
    const appConfig = yaml.parse(fs.readFileSync(file, 'utf8'));
    expect(appConfig.backend.database).toEqual({
      client: 'better-sqlite3',
      connection: ':memory:',
    });
    await expect(
      roundTrip(
        new ConfigReader({ backend: { database: appConfig.backend.database } }),
      ),
    ).resolves.toBe('better-sqlite3');
  });

  it('runs on PostgreSQL when configured (the local stack’s server)', async () => {
    const connection = process.env.DEVSTACK_POSTGRES_CONNECTION_STRING;
    if (!connection) {
      throw new Error(
        'DEVSTACK_POSTGRES_CONNECTION_STRING is not set: run the tests with "npm test", which starts PostgreSQL',
      );
    }
    await expect(
      roundTrip(
        new ConfigReader({
          backend: { database: { client: 'pg', connection } },
        }),
      ),
    ).resolves.toBe('pg');
  });
});
