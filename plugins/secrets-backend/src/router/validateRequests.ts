import type { ApiIssue } from '@backstage-secrets/plugin-secrets-common';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type express from 'express';
import { RequestInvalidError } from '../service/errors';

type Schema = Record<string, unknown>;
type Parameter = {
  name: string;
  in: string;
  required?: boolean;
  schema: Schema;
};
type Operation = {
  parameters?: Schema[];
  requestBody?: { required?: boolean; content?: Record<string, Schema> };
};
type OpenApiDocument = {
  paths: Record<string, Record<string, unknown>>;
  components: {
    parameters?: Record<string, Parameter>;
    schemas?: Record<string, Schema>;
  };
};

/** One operation of the document, ready to check a request against. */
interface CheckedOperation {
  method: string;
  pattern: RegExp;
  params: ValidateFunction;
  body?: ValidateFunction;
  /** The body's schema, to name fields in issues. */
  bodySchema?: Schema;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** User text echoed in a path (an unknown field's name) is cut short. */
const cut = (s: string) => (s.length > 64 ? `${s.slice(0, 64)}…` : s);

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

/**
 * A JSON pointer into a body as the API's issues write it, following the schema so a
 * property reads `spec.data[0].remoteRef` and a key of a map reads `values["password"]`.
 */
function issuePathIn(
  root: Schema,
  components: Record<string, Schema>,
  pointer: string,
  last?: string,
): string {
  const resolve = (schema: Schema | undefined): Schema | undefined => {
    const ref = schema?.$ref as string | undefined;
    return ref ? resolve(components[ref.split('/').pop()!]) : schema;
  };
  const segments = pointer
    .split('/')
    .slice(1)
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (last !== undefined) segments.push(last);
  let schema = resolve(root);
  let path = '';
  for (const segment of segments) {
    const properties = schema?.properties as Record<string, Schema> | undefined;
    if (schema?.type === 'array' && /^\d+$/.test(segment)) {
      path += `[${segment}]`;
      schema = resolve(schema.items as Schema);
    } else if (properties && segment in properties) {
      path += path ? `.${segment}` : segment;
      schema = resolve(properties[segment]);
    } else if (schema && typeof schema.additionalProperties === 'object') {
      path += `["${cut(segment)}"]`;
      schema = resolve(schema.additionalProperties as Schema);
    } else {
      // An unknown field (or below one): its name is user text, cut short.
      path += path ? `.${cut(segment)}` : cut(segment);
      schema = undefined;
    }
  }
  return path;
}

/** The rule an Ajv error broke, in the words the spec validator uses. */
function messageOf(e: ErrorObject): string {
  const schema = e.parentSchema ?? {};
  const p = e.params as Record<string, any>;
  const range =
    schema.type === 'integer' &&
    schema.minimum !== undefined &&
    schema.maximum !== undefined
      ? `must be a whole number from ${schema.minimum} to ${schema.maximum}`
      : undefined;
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return `is not a known field (known: ${Object.keys(
        (schema.properties as Schema) ?? {},
      ).join(', ')})`;
    case 'type':
      return range ?? `must be ${TYPE_WORDS[String(p.type)] ?? p.type}`;
    case 'minimum':
      return range ?? `must be at least ${p.limit}`;
    case 'maximum':
      return range ?? `must be at most ${p.limit}`;
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return range ?? `must be ${p.comparison} ${p.limit}`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'maxLength':
      return `must be at most ${p.limit} characters`;
    case 'minLength':
      return p.limit === 1
        ? 'must be a non-empty string'
        : `must be at least ${p.limit} characters`;
    case 'maxItems':
    case 'maxProperties':
      return `must have at most ${p.limit} entries`;
    case 'minItems':
    case 'minProperties':
      return `must have at least ${p.limit} entries`;
    case 'format':
      return `must be a ${String(p.format).toUpperCase()}`;
    case 'oneOf':
      return e.message!;
    default:
      // Ajv's own words, which never quote the value: a rejected body may carry a secret.
      return e.message ?? 'is not valid';
  }
}

/** The field an Ajv error is about: a missing or unknown property is named itself. */
const lastSegment = (e: ErrorObject): string | undefined => {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return String(p.missingProperty);
  if (e.keyword === 'additionalProperties') return String(p.additionalProperty);
  return undefined;
};

/**
 * A value that must take one of several forms (`oneOf`, e.g. extract or find) is judged
 * by the form whose required keys it has; with none or several, the forms are named.
 */
function withoutOtherForms(errors: ErrorObject[]): ErrorObject[] {
  let kept = errors;
  for (const e of errors.filter(x => x.keyword === 'oneOf')) {
    const forms = (e.schema as Schema[]).map(
      f => (f.required as string[]) ?? [],
    );
    const data = (e.data ?? {}) as Record<string, unknown>;
    const chosen = forms.flatMap((keys, i) =>
      keys.length && keys.every(k => k in data) ? [i] : [],
    );
    const inForm = (x: ErrorObject) =>
      x.schemaPath.startsWith(`${e.schemaPath}/`);
    kept = kept.filter(x => {
      if (x === e) return chosen.length !== 1;
      if (!inForm(x)) return true;
      return (
        chosen.length === 1 &&
        x.schemaPath.startsWith(`${e.schemaPath}/${chosen[0]}/`)
      );
    });
    e.message = `must have exactly one of ${forms.flat().join(', ')}`;
  }
  return kept;
}

/** One issue per field and rule (Ajv may report one failure under several schemas). */
function issuesOf(
  validate: ValidateFunction,
  pathOf: (pointer: string, last?: string) => string,
): ApiIssue[] {
  const seen = new Set<string>();
  const issues = withoutOtherForms(validate.errors ?? []).map(e => ({
    path: pathOf(e.instancePath, lastSegment(e)),
    message: messageOf(e),
  }));
  return issues.filter(i => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `/mappings/{id}/sync` as a regexp with named groups; the `:` of custom methods stays literal. */
function patternOf(template: string): RegExp {
  const escaped = template
    .split(/(\{\w+\})/)
    .map(part =>
      /^\{\w+\}$/.test(part)
        ? `(?<${part.slice(1, -1)}>[^/]+)`
        : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${escaped}/?$`);
}

/**
 * Checks every request against the operation the OpenAPI document describes for it: path
 * and query parameters, and the JSON body. A request that breaks the document's shape is
 * answered 400 with one issue per field before any route runs, so services receive only
 * bodies of the documented shape and apply the domain rules once. Requests the document
 * does not describe pass through (and find no route: 404).
 */
export function validateRequests(document: unknown): express.RequestHandler {
  const doc = document as OpenApiDocument;
  const options = {
    strict: false,
    allErrors: true,
    verbose: true,
    formats: { uuid: UUID, 'date-time': true },
  } as const;
  // Parameters arrive as strings; only they are coerced, never a body.
  const paramsAjv = new Ajv({ ...options, coerceTypes: true });
  const bodyAjv = new Ajv(options);
  paramsAjv.addSchema(doc as object, 'openapi');
  bodyAjv.addSchema(doc as object, 'openapi');
  const refs = (schema: Schema): Schema =>
    JSON.parse(
      JSON.stringify(schema).replace(
        /"#\/components\//g,
        '"openapi#/components/',
      ),
    );
  const resolveParam = (p: Schema): Parameter => {
    const ref = p.$ref as string | undefined;
    return ref
      ? doc.components.parameters![ref.split('/').pop()!]
      : (p as unknown as Parameter);
  };

  const schemas = doc.components.schemas ?? {};
  const operations: CheckedOperation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    const shared = (item.parameters as Schema[] | undefined) ?? [];
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const params = [...shared, ...(op.parameters ?? [])].map(resolveParam);
      const properties: Record<string, Schema> = {};
      const required: string[] = [];
      for (const p of params) {
        properties[p.name] = p.schema;
        if (p.required) required.push(p.name);
      }
      const bodySchema = op.requestBody?.content?.['application/json']
        ?.schema as Schema | undefined;
      operations.push({
        method: method.toUpperCase(),
        pattern: patternOf(template),
        params: paramsAjv.compile(
          refs({ type: 'object', properties, required }),
        ),
        body: bodySchema ? bodyAjv.compile(refs(bodySchema)) : undefined,
        bodySchema,
      });
    }
  }

  return (req, _res, next) => {
    const op = operations.find(
      o => o.method === req.method && o.pattern.test(req.path),
    );
    if (!op) {
      next();
      return;
    }
    const path = op.pattern.exec(req.path)?.groups ?? {};
    const values: Record<string, unknown> = { ...(req.query as object) };
    const issues: ApiIssue[] = [];
    for (const [k, v] of Object.entries(path)) {
      try {
        values[k] = decodeURIComponent(v);
      } catch {
        issues.push({ path: k, message: 'is not valid percent-encoding' });
      }
    }
    if (!op.params(values))
      issues.push(...issuesOf(op.params, (at, last) => last ?? at.slice(1)));
    if (op.body && !op.body(req.body ?? {}))
      issues.push(
        ...issuesOf(op.body, (at, last) =>
          issuePathIn(op.bodySchema!, schemas, at, last),
        ),
      );
    if (issues.length) next(new RequestInvalidError(issues));
    else next();
  };
}
