import {
  validateMappingSpec,
  type ApiIssue,
  type PasswordGeneratorSpec,
  type RotateRequest,
} from '@backstage-secrets/plugin-secrets-common';
import type { StoreConfig } from '../config';
import { RequestInvalidError, unknownFieldIssues } from './errors';
import { passwordSpecIssues } from './generatePassword';

/** A rotation as the service runs it: the API body, or a roll back's restored data. */
export type RotateInput = RotateRequest & {
  /** Rollback: the whole data of an old version, written as the new one. */
  restore?: Record<string, unknown>;
};

/** Body of a roll back. */
export interface RollbackInput {
  key: unknown;
  version: number;
  expectedVersion: number;
  confirmUnmanaged: boolean;
}

const MAX_VALUE_LENGTH = 65536;

const PROPERTY = /^[A-Za-z0-9_.-]{1,256}$/;

/** A property name must be safe to show; a value is length-checked, never quoted. */
function propertyIssues(at: string, property: string): ApiIssue[] {
  return PROPERTY.test(property)
    ? []
    : [
        {
          path: at,
          message: 'property must be letters, digits, "_", "." and "-"',
        },
      ];
}

function valueIssues(property: string, value: unknown): ApiIssue[] {
  const at = `values["${property.slice(0, 64)}"]`;
  const issues = propertyIssues(at, property);
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > MAX_VALUE_LENGTH
  )
    issues.push({
      path: at,
      message: `must be a non-empty string of at most ${MAX_VALUE_LENGTH} characters`,
    });
  return issues;
}

function confirmIssues(b: Record<string, unknown>): ApiIssue[] {
  return b.confirmUnmanaged !== undefined &&
    typeof b.confirmUnmanaged !== 'boolean'
    ? [{ path: 'confirmUnmanaged', message: 'must be true or false' }]
    : [];
}

/** The body, every rule checked at once; values are length-checked, never quoted. */
export function parseRotateBody(body: unknown): RotateRequest {
  const issues: ApiIssue[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new RequestInvalidError([
      { path: '', message: 'must be a JSON object' },
    ]);
  const b = body as Record<string, unknown>;
  issues.push(
    ...unknownFieldIssues(b, [
      'key',
      'expectedVersion',
      'generate',
      'values',
      'confirmUnmanaged',
    ]),
  );
  if (typeof b.key !== 'string' || !b.key)
    issues.push({
      path: 'key',
      message: 'is required: a Vault path the mapping reads',
    });

  if (!Number.isInteger(b.expectedVersion) || (b.expectedVersion as number) < 1)
    issues.push({
      path: 'expectedVersion',
      message:
        'is required: the KV v2 version you saw, a positive whole number',
    });
  const generate = b.generate ?? {};
  const values = b.values ?? {};
  if (typeof generate !== 'object' || Array.isArray(generate))
    issues.push({
      path: 'generate',
      message: 'must be a map of property to generator spec',
    });
  if (typeof values !== 'object' || Array.isArray(values))
    issues.push({
      path: 'values',
      message: 'must be a map of property to value',
    });
  const generated = Object.entries(generate as Record<string, unknown>);
  const given = Object.entries(values as Record<string, unknown>);
  if (generated.length + given.length === 0)
    issues.push({
      path: 'generate',
      message: 'name at least one property to generate or set',
    });
  for (const [property, spec] of generated) {
    const at = `generate["${property.slice(0, 64)}"]`;
    issues.push(...propertyIssues(at, property));
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
      issues.push({ path: at, message: 'must be a generator spec object' });
    else
      passwordSpecIssues(spec as PasswordGeneratorSpec).forEach(i =>
        issues.push({ path: `${at}.${i.path}`, message: i.message }),
      );
  }
  for (const [property, value] of given) {
    issues.push(...valueIssues(property, value));
    if (property in (generate as object))
      issues.push({
        path: `values["${property.slice(0, 64)}"]`,
        message: 'is also in generate; choose one',
      });
  }
  issues.push(...confirmIssues(b));
  if (issues.length) throw new RequestInvalidError(issues);
  return b as unknown as RotateRequest;
}

/** Body of a push: `{ store, key, values, expectedVersion, confirmUnmanaged? }`. */
export function parsePushBody(
  body: unknown,
  stores: ReadonlyMap<string, StoreConfig>,
): RotateInput & { store: string } {
  const b = (
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? body
      : {}
  ) as Record<string, unknown>;
  const issues: ApiIssue[] = [];
  if (b !== body) issues.push({ path: '', message: 'must be a JSON object' });
  issues.push(
    ...unknownFieldIssues(b, [
      'store',
      'key',
      'values',
      'expectedVersion',
      'confirmUnmanaged',
    ]),
  );
  const store = typeof b.store === 'string' ? stores.get(b.store) : undefined;
  if (!store)
    issues.push({
      path: 'store',
      message: `must be a configured store (known: ${
        [...stores.keys()].join(', ') || 'none'
      })`,
    });
  else if (store.kvVersion !== 2)
    issues.push({
      path: 'store',
      message: 'must be a KV v2 store: pushes are written as versions',
    });
  // The path rules of mappings, reused: one place decides what a Vault path may look like.
  const keyCheck = validateMappingSpec({
    store: 'x',
    data: [{ secretKey: 'k', remoteRef: { key: b.key } }],
    target: { clusters: ['x'], namespace: 'x', name: 'x' },
  });
  if (!keyCheck.ok)
    keyCheck.issues
      .filter(i => i.path === 'data[0].remoteRef.key')
      .forEach(i => issues.push({ path: 'key', message: i.message }));
  if (!Number.isInteger(b.expectedVersion) || (b.expectedVersion as number) < 0)
    issues.push({
      path: 'expectedVersion',
      message:
        'is required: the current version you saw, or 0 for a new secret',
    });
  const values = b.values;
  if (
    typeof values !== 'object' ||
    values === null ||
    Array.isArray(values) ||
    Object.keys(values).length === 0
  )
    issues.push({
      path: 'values',
      message: 'must map at least one property to its value',
    });
  else
    for (const [property, value] of Object.entries(values))
      issues.push(...valueIssues(property, value));
  issues.push(...confirmIssues(b));
  if (issues.length) throw new RequestInvalidError(issues);
  return b as unknown as RotateInput & { store: string };
}

/** `{ key, version, expectedVersion, confirmUnmanaged? }`; the key is checked against the mapping. */
export function parseRollbackBody(body: unknown): RollbackInput {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<
    string,
    unknown
  >;
  const issues = unknownFieldIssues(b, [
    'key',
    'version',
    'expectedVersion',
    'confirmUnmanaged',
  ]);
  for (const field of ['version', 'expectedVersion'])
    if (!Number.isInteger(b[field]) || (b[field] as number) < 1)
      issues.push({
        path: field,
        message: 'is required: a positive whole number (a KV v2 version)',
      });
  if (issues.length) throw new RequestInvalidError(issues);
  return {
    key: b.key,
    version: b.version as number,
    expectedVersion: b.expectedVersion as number,
    confirmUnmanaged: b.confirmUnmanaged === true,
  };
}
