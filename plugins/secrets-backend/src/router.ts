import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { SecretsHealth } from '@internal/plugin-secrets-common';
import express from 'express';
import Router from 'express-promise-router';

/** What the router needs from the plugin environment. */
export interface RouterOptions {
  logger: LoggerService;
  config: RootConfigService;
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

  logger.info('Secrets backend ready');
  return router;
}
