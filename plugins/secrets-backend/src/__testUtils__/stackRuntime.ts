import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { stackKubernetesConfig, type StackInfo } from '@internal/devstack';
import knexFactory, { type Knex } from 'knex';
import { createSyncRuntime, type SyncRuntime } from '../wiring';
import { recordingLogger } from './recordingLogger';

/**
 * The engine's runtime as the real-server suites build it: the stack's Vault and clusters
 * as the engine reaches them (the admin's side is in stackAdmin.ts).
 */

/** The stack's KV v2 mount `secret` as the store `kv`: over TLS, the engine's token. */
export const stackKvStore = (info: StackInfo) => ({
  server: info.vault.addr,
  caFile: info.vault.caFile,
  mount: 'secret',
  auth: { token: { value: info.vault.engine.token } },
});

/** An empty SQLite database in memory. */
export const memoryDatabase = (): Knex =>
  knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });

/**
 * The plugin's sync runtime on the stack's clusters with the store `kv`
 * ({@link stackKvStore}), on `db`, with `engine` as `secrets.engine`.
 */
export function createStackRuntime(options: {
  info: StackInfo;
  db: Knex;
  engine?: JsonObject;
  logger?: LoggerService;
  clock?: () => Date;
}): Promise<SyncRuntime> {
  const { info, db } = options;
  return createSyncRuntime({
    config: new ConfigReader({
      kubernetes: stackKubernetesConfig(info),
      secrets: {
        ...(options.engine ? { engine: options.engine } : {}),
        stores: { kv: stackKvStore(info) },
      },
    }),
    database: mockServices.database.mock({ getClient: async () => db }),
    logger: options.logger ?? recordingLogger(),
    clock: options.clock,
  });
}
