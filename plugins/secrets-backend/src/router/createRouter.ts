import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  ClusterInfo,
  SecretsHealth,
  StoreStatus,
} from '@backstage-secrets/plugin-secrets-common';
import express from 'express';
import Router from 'express-promise-router';
import type { Caller, MappingAccess } from '../access';
import type {
  AdoptionService,
  Audited,
  AuditReports,
  BulkImportService,
  DeclaredService,
  MappingService,
  ReissueService,
  RotationService,
} from '../service';
import { audited } from './audited';
import { addAuditRoutes } from './auditRoutes';
import { spec } from '../schema/openapi.generated';
import { BODY_LIMIT, errorBodies } from './errorBodies';
import { validateRequests } from './validateRequests';

/** What the router needs: the services it hands requests to, and who is calling. */
export interface RouterOptions {
  logger: LoggerService;
  auditor: AuditorService;
  /** Resolves the caller of each request (401 when there is none). */
  access: Pick<MappingAccess, 'caller'>;
  /** Health and usage of each configured Vault store. */
  storeStatuses(): Promise<StoreStatus[]>;
  /** Each known cluster's health, as the last health cycle found it. */
  clusterHealth(): Promise<ReadonlyMap<string, ClusterInfo['health']>>;
  /** The clusters known now (a catalog locator adds and removes some while running). */
  clusterNames: () => readonly string[];
  mappingService: MappingService;
  rotationService: RotationService;
  reissueService: ReissueService;
  auditReports: AuditReports;
  declaredService: DeclaredService;
  bulkImportService: BulkImportService;
  adoptionService: AdoptionService;
}

const NOT_CHECKED: ClusterInfo['health'] = {
  reachable: false,
  healthy: false,
  problems: [
    {
      cause: 'KubernetesCheckFailed',
      message: 'Not checked yet',
      action: 'Look again after the next health check',
    },
  ],
  namespaces: [],
  checkedAt: new Date(0).toISOString(),
};

const entityRefOf = (p: { kind: string; namespace: string; name: string }) =>
  `${p.kind}:${p.namespace}/${p.name}`;

/**
 * Builds the HTTP API of the secrets plugin (`/api/secrets`), documented in
 * `src/schema/openapi.yaml`. HTTP stays here: each route resolves its caller once, hands
 * plain arguments to a service, records changes as audit events, and picks the status
 * code. What each caller may do is decided in the services. Every route but /health
 * needs a signed-in user or a service token.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    logger,
    mappingService: mappings,
    rotationService: rotation,
    reissueService: reissue,
    declaredService: declared,
    bulkImportService: bulkImport,
    adoptionService: adoption,
  } = options;
  const caller = (req: express.Request) => options.access.caller(req);
  /** A change: the caller, then the service call inside its audit event. */
  const change = async <T>(
    req: express.Request,
    eventId: string,
    meta: Record<string, string>,
    run: (who: Caller) => Promise<Audited<T>>,
  ): Promise<T> => {
    const who = await caller(req);
    return audited(options.auditor, req, who, { eventId, meta }, () =>
      run(who),
    );
  };
  const router = Router();
  router.use(express.json({ limit: BODY_LIMIT }));
  // The document's shapes first; the services then apply the domain rules once.
  router.use(validateRequests(spec));

  router.get('/health', (_req, res) => {
    const body: SecretsHealth = { status: 'ok' };
    res.json(body);
  });

  // Which stores exist and whether they can serve the mappings now (down, sealed, login,
  // policy), with what to do. Any signed-in user may see it: it names servers, mounts and
  // policy paths, never a credential.
  router.get('/stores', async (req, res) => {
    const items = await options.storeStatuses();
    const entityRef = req.query.entityRef;
    if (typeof entityRef !== 'string') {
      res.json({ items });
      return;
    }
    const allowed = await mappings.allowedFor(await caller(req), entityRef);
    res.json({
      items: items.map(s => ({
        ...s,
        allowedPrefixes: allowed.prefixes[s.name] ?? [],
        allowedDynamicPaths: allowed.dynamicPaths[s.name] ?? [],
      })),
    });
  });

  // Clusters with their health (reachable, token, RBAC per namespace) and what to do.
  router.get('/clusters', async (req, res) => {
    const entityRef = req.query.entityRef;
    const allowed =
      typeof entityRef === 'string'
        ? await mappings.allowedFor(await caller(req), entityRef)
        : undefined;
    const health = await options.clusterHealth();
    const items: ClusterInfo[] = options.clusterNames().map(name => ({
      name,
      ...(allowed ? { namespaces: allowed.namespaces } : {}),
      // A catalog cluster added since the last check is checked by the next one.
      health: health.get(name) ?? NOT_CHECKED,
    }));
    res.json({ items });
  });

  router.get('/entities/:kind/:namespace/:name/mappings', async (req, res) => {
    res.json(
      await mappings.listForEntity(await caller(req), entityRefOf(req.params)),
    );
  });

  router.post('/entities/:kind/:namespace/:name/mappings', async (req, res) => {
    const entityRef = entityRefOf(req.params);
    const created = await change(req, 'mapping-create', { entityRef }, who =>
      mappings.create(who, entityRef, req.body),
    );
    res.status(201).json(created);
  });

  // ESO interop. The colon is literal in the path, as in Google-style custom methods.
  router.post(
    '/entities/:kind/:namespace/:name/mappings\\:import',
    async (req, res) => {
      const entityRef = entityRefOf(req.params);
      const result = await change(req, 'mapping-import', { entityRef }, who =>
        mappings.importExternalSecret(who, entityRef, req.body),
      );
      res.status('id' in result ? 201 : 200).json(result);
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/mappings\\:bulkImport',
    async (req, res) => {
      const entityRef = entityRefOf(req.params);
      const result = await change(
        req,
        'mapping-bulk-import',
        { entityRef },
        who => bulkImport.importAll(who, entityRef, req.body),
      );
      res
        .status(result.documents.some(d => d.outcome === 'created') ? 201 : 200)
        .json(result);
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/mappings\\:export',
    async (req, res) => {
      res
        .type('text/yaml')
        .send(
          await mappings.exportEntity(
            await caller(req),
            entityRefOf(req.params),
          ),
        );
    },
  );

  // Mappings declared in the entity's repository: the last read, and a read now.
  router.get('/entities/:kind/:namespace/:name/declared', async (req, res) => {
    res.json(await declared.status(await caller(req), entityRefOf(req.params)));
  });

  router.post(
    '/entities/:kind/:namespace/:name/declared\\:refresh',
    async (req, res) => {
      const entityRef = entityRefOf(req.params);
      res.json(
        await change(req, 'declared-refresh', { entityRef }, who =>
          declared.refresh(who, entityRef),
        ),
      );
    },
  );

  router.get('/mappings/:id/export', async (req, res) => {
    res
      .type('text/yaml')
      .send(
        await mappings.exportExternalSecret(await caller(req), req.params.id),
      );
  });

  // Before /mappings/:id, so "preview" is never taken for an id.
  router.post('/mappings/preview', async (req, res) => {
    res.json(await mappings.preview(await caller(req), req.body));
  });

  router.get('/mappings/:id', async (req, res) => {
    res.json(await mappings.get(await caller(req), req.params.id));
  });

  router.put('/mappings/:id', async (req, res) => {
    const { id } = req.params;
    res.json(
      await change(req, 'mapping-update', { mappingId: id }, who =>
        mappings.replace(who, id, req.body),
      ),
    );
  });

  router.delete('/mappings/:id', async (req, res) => {
    const { id } = req.params;
    res.json(
      await change(req, 'mapping-delete', { mappingId: id }, who =>
        mappings.delete(who, id),
      ),
    );
  });

  router.post('/mappings/:id/sync', async (req, res) => {
    const { id } = req.params;
    const result = await change(req, 'mapping-sync', { mappingId: id }, who =>
      mappings.syncNow(who, id),
    );
    // 202: the sync did not finish within the wait; the status shows where it stands.
    res.status(result.completed ? 200 : 202).json(result);
  });

  // Dynamic mappings: new credentials or certificate now, the replaced lease revoked.
  // Taking over a Secret someone else wrote: compare first, adopt when it matches.
  router.post('/mappings/:id/compare', async (req, res) => {
    res.json({
      items: await adoption.compare(await caller(req), req.params.id),
    });
  });

  router.post('/mappings/:id/adopt', async (req, res) => {
    const { id } = req.params;
    const items = await change(req, 'mapping-adopt', { mappingId: id }, who =>
      adoption.adopt(who, id),
    );
    res.json({ items });
  });

  router.post('/mappings/:id/reissue', async (req, res) => {
    const { id } = req.params;
    res.json(
      await change(req, 'secret-reissue', { mappingId: id }, async who => {
        const { meta } = await reissue.reissue(who, id);
        return { result: await mappings.get(who, id), meta };
      }),
    );
  });

  router.post('/mappings/:id/rotate', async (req, res) => {
    const { id } = req.params;
    res.json(
      await change(req, 'secret-rotate', { mappingId: id }, who =>
        rotation.rotate(who, id, req.body),
      ),
    );
  });

  router.post(
    '/entities/:kind/:namespace/:name/secrets\\:push',
    async (req, res) => {
      const entityRef = entityRefOf(req.params);
      res.json(
        await change(req, 'secret-push', { entityRef }, who =>
          rotation.push(who, entityRef, req.body),
        ),
      );
    },
  );

  router.get('/mappings/:id/versions', async (req, res) => {
    res.json(
      await rotation.versions(await caller(req), req.params.id, req.query.key),
    );
  });

  router.post('/mappings/:id/rollback', async (req, res) => {
    const { id } = req.params;
    res.json(
      await change(req, 'secret-rollback', { mappingId: id }, who =>
        rotation.rollback(who, id, req.body),
      ),
    );
  });

  router.get('/mappings/:id/events', async (req, res) => {
    // Shape checked against the document: absent, or a whole number from 1 to 1000.
    const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
    res.json({
      items: await mappings.events(await caller(req), req.params.id, limit),
    });
  });

  addAuditRoutes(router, { caller, reports: options.auditReports });

  router.use(errorBodies);
  logger.info('Secrets backend ready');
  return router;
}
