import { z } from 'zod';
import type { MappingSpec } from './types';
import { validateMappingSpec, type ValidationIssue } from './validate';

/** `data[0].remoteRef.key` or `target.labels["a/b"]` → zod's path segments. @public */
export function issuePathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const [, name, index, quoted] of path.matchAll(
    /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g,
  )) {
    if (name !== undefined) segments.push(name);
    else if (index !== undefined) segments.push(Number(index));
    else segments.push(quoted);
  }
  return segments;
}

/** zod's path segments → the API's dot path. @public */
export function issuePath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((path, s) => {
    if (typeof s === 'number') return `${path}[${s}]`;
    const key = String(s);
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      return path ? `${path}.${key}` : key;
    return `${path}["${key}"]`;
  }, '');
}

/**
 * The mapping spec as a zod schema, for forms and request bodies. It runs
 * {@link validateMappingSpec}, so the rules live once and every issue keeps its field
 * path and the rule text.
 *
 * @public
 */
export const mappingSpecSchema: z.ZodType<MappingSpec, unknown> = z
  .unknown()
  .transform((value, ctx) => {
    const result = validateMappingSpec(value);
    if (result.ok) return result.value;
    for (const issue of result.issues) {
      ctx.addIssue({
        code: 'custom',
        path: issuePathSegments(issue.path),
        message: issue.message,
      });
    }
    return z.NEVER;
  });

/**
 * Body of creating (`{ spec }`) and replacing (`{ spec, revision }`) a mapping.
 *
 * @public
 */
export const mappingWriteRequestSchema = z.strictObject({
  spec: mappingSpecSchema,
  revision: z
    .number()
    .int()
    .positive('must be a positive whole number (the revision you read)')
    .optional(),
});

/** zod issues as the API reports them: one per field, with its dot path. @public */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.flatMap(issue => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map(key => ({
        path: issuePath([...issue.path, key.slice(0, 64)]),
        message: 'is not a known field',
      }));
    }
    return [{ path: issuePath(issue.path), message: issue.message }];
  });
}
