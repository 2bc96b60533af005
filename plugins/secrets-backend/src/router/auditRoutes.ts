import { InputError } from '@backstage/errors';
import { parseDuration } from '@backstage-secrets/plugin-secrets-common';
import type express from 'express';
import type { Caller } from '../access';
import type { AuditReports } from '../service';
import { toExternalSecrets } from '../eso';
import { mappingsCsv } from './csv';

const one = (value: unknown, name: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > 512)
    throw new InputError(
      `${name}: must be a single value of at most 512 characters`,
    );
  return value;
};

/**
 * `/audit/*`: the platform reports, as JSON (and CSV for the mapping list). The reports
 * check that the caller may audit (`secrets.audit`) before anything is read.
 */
export function addAuditRoutes(
  router: express.Router,
  options: {
    caller(req: express.Request): Promise<Caller>;
    reports: AuditReports;
  },
): void {
  const { caller, reports } = options;

  router.get('/audit/mappings', async (req, res) => {
    const format = one(req.query.format, 'format') ?? 'json';
    if (format !== 'json' && format !== 'csv' && format !== 'yaml')
      throw new InputError('format: must be json, csv or yaml');
    const items = await reports.mappings(await caller(req), {
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
    if (format === 'yaml') {
      res
        .type('text/yaml')
        .attachment('secrets-mappings.yaml')
        .send(toExternalSecrets(items, 'no mappings match'));
      return;
    }
    res.json({ items });
  });

  router.get('/audit/orphans', async (req, res) => {
    res.json({ items: await reports.orphans(await caller(req)) });
  });

  router.get('/audit/unmanaged', async (req, res) => {
    res.json(await reports.unmanaged(await caller(req)));
  });

  router.get('/audit/failing', async (req, res) => {
    const raw = one(req.query.staleAfter, 'staleAfter') ?? '24h';
    let staleAfterMs: number;
    try {
      staleAfterMs = parseDuration(raw);
    } catch (error) {
      throw new InputError(`staleAfter: ${(error as Error).message}`);
    }
    res.json({ items: await reports.failing(await caller(req), staleAfterMs) });
  });

  router.get('/audit/paths', async (req, res) => {
    const store = one(req.query.store, 'store');
    const key = one(req.query.key, 'key');
    if (!store || !key)
      throw new InputError('store and key: both are required');
    res.json({ items: await reports.consumers(await caller(req), store, key) });
  });
}
