import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type {
  ApiErrorBody,
  SecretsHealth,
  StoreStatus,
} from '@internal/plugin-secrets-common';
import express from 'express';
import Router from 'express-promise-router';
import { NotFoundError } from '@backstage/errors';
import type { ReissueService } from './rotation/ReissueService';
import type { RotationService } from './rotation/RotationService';
import type { MappingService } from './service/MappingService';

/** What the router needs from the plugin environment. */
export interface RouterOptions {
  logger: LoggerService;
  config: RootConfigService;
  /** Health and usage of each configured Vault store. */
  storeStatuses(): Promise<StoreStatus[]>;
  clusterNames: readonly string[];
  mappings: MappingService;
  rotation?: RotationService;
  reissue?: ReissueService;
  /** The platform audit routes, mounted at /audit. */
  audit?: express.Router;
}

/** Request bodies are mapping specs: small. A bigger body is refused before parsing. */
const BODY_LIMIT = '256kb';

const entityRefOf = (p: { kind: string; namespace: string; name: string }) =>
  `${p.kind}:${p.namespace}/${p.name}`;

/**
 * Builds the HTTP API of the secrets plugin (`/api/secrets`), documented in
 * `src/schema/openapi.yaml`. Every route but /health needs a signed-in user or a service
 * token; what each may do is decided in the service layer.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { logger, mappings } = options;
  const router = Router();
  router.use(express.json({ limit: BODY_LIMIT }));

  router.get('/health', (_req, res) => {
    const body: SecretsHealth = { status: 'ok' };
    res.json(body);
  });

  // Which stores exist and whether they can serve reads now (sealed, standby, down).
  // Any signed-in user may see it: it names servers and mounts, never a credential.
  router.get('/stores', async (req, res) => {
    const items = await options.storeStatuses();
    const entityRef = req.query.entityRef;
    if (typeof entityRef !== 'string') {
      res.json({ items });
      return;
    }
    const allowed = await mappings.allowedFor(req, entityRef);
    res.json({
      items: items.map(s => ({
        ...s,
        allowedPrefixes: allowed.prefixes[s.name] ?? [],
        allowedDynamicPaths: allowed.dynamicPaths[s.name] ?? [],
      })),
    });
  });

  router.get('/clusters', async (req, res) => {
    const entityRef = req.query.entityRef;
    const allowed =
      typeof entityRef === 'string'
        ? await mappings.allowedFor(req, entityRef)
        : undefined;
    res.json({
      items: options.clusterNames.map(name => ({
        name,
        ...(allowed ? { namespaces: allowed.namespaces } : {}),
      })),
    });
  });

  router.get('/entities/:kind/:namespace/:name/mappings', async (req, res) => {
    res.json(await mappings.listForEntity(req, entityRefOf(req.params)));
  });

  router.post('/entities/:kind/:namespace/:name/mappings', async (req, res) => {
    res
      .status(201)
      .json(await mappings.create(req, entityRefOf(req.params), req.body));
  });

  // ESO interop. The colon is literal in the path, as in Google-style custom methods.
  router.post(
    '/entities/:kind/:namespace/:name/mappings\\:import',
    async (req, res) => {
      const result = await mappings.importExternalSecret(
        req,
        entityRefOf(req.params),
        req.body,
      );
      res.status('id' in result ? 201 : 200).json(result);
    },
  );

  router.get('/mappings/:id/export', async (req, res) => {
    res
      .type('text/yaml')
      .send(await mappings.exportExternalSecret(req, req.params.id));
  });

  // Before /mappings/:id, so "preview" is never taken for an id.
  router.post('/mappings/preview', async (req, res) => {
    res.json(await mappings.preview(req, req.body));
  });

  router.get('/mappings/:id', async (req, res) => {
    res.json(await mappings.get(req, req.params.id));
  });

  router.put('/mappings/:id', async (req, res) => {
    res.json(await mappings.replace(req, req.params.id, req.body));
  });

  router.delete('/mappings/:id', async (req, res) => {
    res.json(await mappings.delete(req, req.params.id));
  });

  router.post('/mappings/:id/sync', async (req, res) => {
    const result = await mappings.syncNow(req, req.params.id);
    // 202: the sync did not finish within the wait; the status shows where it stands.
    res.status(result.completed ? 200 : 202).json(result);
  });

  // Dynamic mappings: new credentials or certificate now, the replaced lease revoked.
  router.post('/mappings/:id/reissue', async (req, res) => {
    if (!options.reissue) throw new NotFoundError('Re-issue is not available');
    await options.reissue.reissue(req, req.params.id);
    res.json(await mappings.get(req, req.params.id));
  });

  router.post('/mappings/:id/rotate', async (req, res) => {
    if (!options.rotation) throw new NotFoundError('Rotation is not available');
    res.json(await options.rotation.rotate(req, req.params.id, req.body));
  });

  router.post(
    '/entities/:kind/:namespace/:name/secrets\\:push',
    async (req, res) => {
      if (!options.rotation) throw new NotFoundError('Push is not available');
      res.json(
        await options.rotation.push(req, entityRefOf(req.params), req.body),
      );
    },
  );

  router.get('/mappings/:id/versions', async (req, res) => {
    if (!options.rotation)
      throw new NotFoundError('Versions are not available');
    res.json(
      await options.rotation.versions(req, req.params.id, req.query.key),
    );
  });

  router.post('/mappings/:id/rollback', async (req, res) => {
    if (!options.rotation) throw new NotFoundError('Rollback is not available');
    res.json(await options.rotation.rollback(req, req.params.id, req.body));
  });

  router.get('/mappings/:id/events', async (req, res) => {
    const raw = req.query.limit;
    const limit = raw === undefined ? 100 : Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      const body: ApiErrorBody = {
        error: {
          name: 'InputError',
          message: 'limit: must be a whole number from 1 to 1000',
        },
        issues: [
          { path: 'limit', message: 'must be a whole number from 1 to 1000' },
        ],
      };
      res.status(400).json(body);
      return;
    }
    res.json({ items: await mappings.events(req, req.params.id, limit) });
  });

  if (options.audit) router.use('/audit', options.audit);

  router.use(errorBodies);
  logger.info('Secrets backend ready');
  return router;
}

const PARSE_ERRORS: Record<string, string> = {
  'entity.too.large': `Request body is larger than ${BODY_LIMIT}`,
  'entity.parse.failed': 'Request body is not valid JSON',
};

/**
 * Field-level issues go out with the error, so a form can show each next to its field.
 * Body-parser failures get a fixed message: the parser's own quotes the body.
 */
function errorBodies(
  error: unknown,
  _req: express.Request,
  res: express.Response,
  next: express.NextFunction,
): void {
  const e = error as {
    issues?: unknown;
    name?: string;
    message?: string;
    type?: string;
    status?: number;
  };
  if (
    e?.type &&
    typeof e.status === 'number' &&
    e.status >= 400 &&
    e.status < 500
  ) {
    const message =
      PARSE_ERRORS[e.type] ??
      'Request body could not be read (send JSON with Content-Type: application/json)';
    const body: ApiErrorBody = { error: { name: 'InputError', message } };
    res.status(e.status === 413 ? 413 : 400).json(body);
    return;
  }
  if (Array.isArray(e?.issues)) {
    const status = e.name === 'NotAllowedError' ? 403 : 400;
    const body: ApiErrorBody = {
      error: { name: e.name!, message: e.message! },
      issues: e.issues,
    };
    res.status(status).json(body);
    return;
  }
  next(error);
}
