import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  parseDuration,
  secretsAuditPermission,
} from '@internal/plugin-secrets-common';
import type express from 'express';
import Router from 'express-promise-router';
import type { MappingAccess } from '../access';
import type { AuditReports } from './AuditReports';
import { mappingsCsv } from './csv';

const one = (value: unknown, name: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > 512)
    throw new InputError(
      `${name}: must be a single value of at most 512 characters`,
    );
  return value;
};

/** The audited caller's credentials, kept on the request by the admin check. */
const CREDENTIALS = Symbol('secrets-audit-credentials');
type WithCredentials = express.Request & {
  [CREDENTIALS]?: BackstageCredentials;
};

function callerOf(req: express.Request): { credentials: BackstageCredentials } {
  const credentials = (req as WithCredentials)[CREDENTIALS];
  if (!credentials)
    throw new Error('audit route reached without the admin check');
  return { credentials };
}

/**
 * `/audit/*`: the platform reports. Every route checks first that the caller is an admin
 * the permission policy allows (`secrets.audit`).
 */
export function createAuditRouter(options: {
  access: MappingAccess;
  reports: AuditReports;
}): express.Router {
  const { access, reports } = options;
  const router = Router();
  router.use(async (req, _res, next) => {
    const caller = await access.caller(req);
    await access.requireAudit(caller, secretsAuditPermission);
    (req as WithCredentials)[CREDENTIALS] = caller.credentials;
    next();
  });

  router.get('/mappings', async (req, res) => {
    const format = one(req.query.format, 'format') ?? 'json';
    if (format !== 'json' && format !== 'csv')
      throw new InputError('format: must be json or csv');
    const items = await reports.mappings(callerOf(req).credentials, {
      owner: one(req.query.owner, 'owner'),
      store: one(req.query.store, 'store'),
      status: one(req.query.status, 'status'),
      cluster: one(req.query.cluster, 'cluster'),
    });
    if (format === 'csv') {
      res
        .type('text/csv')
        .attachment('secrets-mappings.csv')
        .send(mappingsCsv(items));
      return;
    }
    res.json({ items });
  });

  router.get('/orphans', async (req, res) => {
    res.json({ items: await reports.orphans(callerOf(req).credentials) });
  });

  router.get('/unmanaged', async (req, res) => {
    res.json(await reports.unmanaged(callerOf(req).credentials));
  });

  router.get('/failing', async (req, res) => {
    const raw = one(req.query.staleAfter, 'staleAfter') ?? '24h';
    let staleAfterMs: number;
    try {
      staleAfterMs = parseDuration(raw);
    } catch (error) {
      throw new InputError(`staleAfter: ${(error as Error).message}`);
    }
    res.json({
      items: await reports.failing(callerOf(req).credentials, staleAfterMs),
    });
  });

  router.get('/paths', async (req, res) => {
    const store = one(req.query.store, 'store');
    const key = one(req.query.key, 'key');
    if (!store || !key)
      throw new InputError('store and key: both are required');
    res.json({ items: await reports.consumers(store, key) });
  });

  return router;
}
