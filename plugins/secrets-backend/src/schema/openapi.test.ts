import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type express from 'express';
import yaml from 'yaml';
import { createRouter } from '../router';

type Layer = {
  route?: { path: string; methods: Record<string, boolean> };
};

type Operation = {
  parameters?: { $ref?: string; name?: string; in?: string }[];
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
  responses?: Record<
    string,
    {
      $ref?: string;
      content?: Record<string, { schema?: { $ref?: string } }>;
    }
  >;
};

const METHODS = ['get', 'post', 'put', 'delete', 'patch'];

/**
 * An express route path as OpenAPI writes it: `:id` becomes `{id}`. The custom-method
 * suffixes (`mappings\:import`, `secrets\:push`) are escaped in express so they are not
 * taken for parameters; they stay literal text here.
 */
function toOpenApiPath(route: string): string {
  return route.replace(/(?<!\\):(\w+)(?=\/|$)/g, '{$1}').replace(/\\:/g, ':');
}

/** `METHOD /path` of every route of an express router. */
function routesOf(router: express.Router): string[] {
  return ((router as unknown as { stack: Layer[] }).stack ?? []).flatMap(
    layer =>
      layer.route
        ? Object.keys(layer.route.methods).map(
            method =>
              `${method.toUpperCase()} ${toOpenApiPath(layer.route!.path)}`,
          )
        : [],
  );
}

describe('openapi.yaml', () => {
  const spec = yaml.parse(
    fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
  );
  const paths = spec.paths as Record<string, Record<string, unknown>>;
  const operations = Object.entries(paths).flatMap(([p, item]) =>
    Object.entries(item)
      .filter(([m]) => METHODS.includes(m))
      .map(([m, op]) => ({
        name: `${m.toUpperCase()} ${p}`,
        path: p,
        item: item as { parameters?: Operation['parameters'] },
        op: op as Operation,
      })),
  );

  /** A local `$ref` looked up in the document; undefined when it points nowhere. */
  const resolve = (ref: string): any =>
    ref
      .split('/')
      .slice(1)
      .reduce<any>((at, part) => at?.[part], spec);

  it('maps the escaped custom-method colon to literal text', () => {
    expect(toOpenApiPath('/entities/:kind/:namespace/:name/mappings')).toBe(
      '/entities/{kind}/{namespace}/{name}/mappings',
    );
    expect(
      toOpenApiPath('/entities/:kind/:namespace/:name/mappings\\:import'),
    ).toBe('/entities/{kind}/{namespace}/{name}/mappings:import');
    expect(toOpenApiPath('/mappings/:id/events')).toBe('/mappings/{id}/events');
  });

  it('documents exactly the routes the router serves', async () => {
    // Route registration never calls the services, so empty stubs are enough.
    const stub = {} as never;
    const router = await createRouter({
      logger: mockServices.logger.mock(),
      auditor: stub,
      access: stub,
      storeStatuses: async () => [],
      clusterHealth: async () => new Map(),
      clusterNames: () => [],
      mappingService: stub,
      rotationService: stub,
      reissueService: stub,
      declaredService: stub,
      bulkImportService: stub,
      adoptionService: stub,
      auditReports: stub,
    });
    const served = routesOf(router);
    expect(served).toEqual(
      expect.arrayContaining([
        'GET /health',
        'GET /mappings/{id}',
        'POST /mappings/preview',
      ]),
    );
    expect([...new Set(served)].sort()).toEqual(
      [...new Set(operations.map(o => o.name))].sort(),
    );
  });

  it('is OpenAPI 3.0.3 served at /api/secrets', () => {
    expect(spec.openapi).toBe('3.0.3');
    expect(spec.servers).toEqual([{ url: '/api/secrets' }]);
    expect(spec.info.description).toMatch(
      /No response .* ever contains a secret value/,
    );
  });

  it('documents a refusal for every operation but /health', () => {
    const missing = operations
      .filter(
        ({ op }) =>
          !Object.keys(op.responses ?? {}).some(code => code.startsWith('4')),
      )
      .map(o => o.name);
    expect(missing).toEqual(['GET /health']);
  });

  it('takes every JSON body from components/schemas', () => {
    const inline: string[] = [];
    const check = (
      where: string,
      content: Record<string, { schema?: { $ref?: string } }> = {},
    ) => {
      for (const [type, media] of Object.entries(content))
        if (!media.schema?.$ref?.startsWith('#/components/schemas/'))
          inline.push(`${where} ${type}`);
    };
    for (const { name, op } of operations) {
      check(`${name} request`, op.requestBody?.content);
      for (const [code, response] of Object.entries(op.responses ?? {}))
        check(
          `${name} ${code}`,
          (response.$ref ? resolve(response.$ref) : response)?.content,
        );
    }
    expect(inline).toEqual([]);
  });

  it('declares every path parameter', () => {
    const undeclared = operations.flatMap(({ name, path: p, item, op }) => {
      const declared = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map(param => (param.$ref ? resolve(param.$ref) : param))
        .filter(param => param?.in === 'path')
        .map(param => param.name);
      return [...p.matchAll(/\{(\w+)\}/g)]
        .map(m => m[1])
        .filter(param => !declared.includes(param))
        .map(param => `${name} {${param}}`);
    });
    expect(undeclared).toEqual([]);
  });

  it('resolves every $ref', () => {
    const refs = JSON.stringify(spec).match(/"\$ref":"#\/[^"]+"/g) ?? [];
    const unresolved = refs
      .map(r => r.slice(9, -1))
      .filter(ref => resolve(ref) === undefined);
    expect(unresolved).toEqual([]);
  });
});
