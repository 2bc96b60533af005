import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type express from 'express';
import { parse } from 'yaml';
import { createAuditRouter } from '../audit/auditRouter';
import { createRouter } from '../router';

type Layer = {
  route?: { path: string; methods: Record<string, boolean> };
};

/** `METHOD /path` of every route of an express router, with `:id` written as `{id}`. */
function routesOf(router: express.Router, prefix = ''): string[] {
  const toOpenApi = (route: string) =>
    route
      .replace(/(?<!\\):(\w+)(?=\/|$)/g, '{$1}')
      // The literal ":import" / ":push" of custom methods is escaped in express.
      .replace('\\:', ':');
  return ((router as unknown as { stack: Layer[] }).stack ?? []).flatMap(
    layer =>
      layer.route
        ? Object.keys(layer.route.methods).map(
            method =>
              `${method.toUpperCase()} ${prefix}${toOpenApi(
                layer.route!.path,
              )}`,
          )
        : [],
  );
}

describe('openapi.yaml', () => {
  const spec = parse(
    fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
  );
  const documented: string[] = Object.entries(
    spec.paths as Record<string, Record<string, unknown>>,
  ).flatMap(([p, ops]) =>
    Object.keys(ops)
      .filter(k => ['get', 'post', 'put', 'delete', 'patch'].includes(k))
      .map(m => `${m.toUpperCase()} ${p}`),
  );

  it('documents exactly the routes the router serves', async () => {
    const stub = {} as never;
    const audit = createAuditRouter({ access: stub, reports: stub });
    const router = await createRouter({
      logger: mockServices.logger.mock(),
      config: mockServices.rootConfig(),
      storeStatuses: async () => [],
      clusterNames: [],
      mappings: stub,
      audit,
    });
    const served = [...routesOf(router), ...routesOf(audit, '/audit')];
    expect(served.length).toBeGreaterThan(15);
    expect([...new Set(served)].sort()).toEqual(
      [...new Set(documented)].sort(),
    );
  });

  it('is OpenAPI 3.0.3 and documents a refusal for every operation but /health', () => {
    expect(spec.openapi).toBe('3.0.3');
    const missing = Object.entries(
      spec.paths as Record<string, Record<string, { responses?: object }>>,
    )
      .flatMap(([p, ops]) =>
        Object.entries(ops)
          .filter(([m]) => m !== 'parameters')
          .filter(
            ([, op]) =>
              !Object.keys(op.responses ?? {}).some(code =>
                code.startsWith('4'),
              ),
          )
          .map(([m]) => `${m} ${p}`),
      )
      .filter(op => op !== 'get /health');
    expect(missing).toEqual([]);
  });

  it('resolves every $ref', () => {
    const refs = JSON.stringify(spec).match(/"\$ref":"#\/[^"]+"/g) ?? [];
    const unresolved = refs
      .map(r => r.slice(9, -1))
      .filter(ref => {
        let at: any = spec;
        for (const part of ref.split('/').slice(1)) at = at?.[part];
        return at === undefined;
      });
    expect(unresolved).toEqual([]);
  });
});
