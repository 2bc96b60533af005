import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type {
  SecretsHealth,
  StoreStatus,
} from '@internal/plugin-secrets-common';
import express from 'express';
import Router from 'express-promise-router';

/** What the router needs from the plugin environment. */
export interface RouterOptions {
  logger: LoggerService;
  config: RootConfigService;
  /** Health and usage of each configured Vault store. */
  storeStatuses(): Promise<StoreStatus[]>;
}

/** Builds the HTTP API of the secrets plugin. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { logger } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    const body: SecretsHealth = { status: 'ok' };
    res.json(body);
  });

  // Which stores exist and whether they can serve reads now (sealed, standby, down).
  // Any signed-in user may see it: it names servers and mounts, never a secret.
  router.get('/stores', async (_req, res) => {
    res.json({ items: await options.storeStatuses() });
  });

  logger.info('Secrets backend ready');
  return router;
}
