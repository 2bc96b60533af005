import { DurationError, parseDuration } from '../duration';
import type { Rule } from './rules';

/** One problem with a mapping: the field (dot path) and what rule it broke. @public */
export interface ValidationIssue {
  /** The field, as a dot path into the spec: `target.name`, `data[0].remoteRef.key`. */
  path: string;
  /** The rule it broke, in words a form can show next to the field. */
  message: string;
}

/** A validator's answer: the value, or every issue found at once. @public */
export type ValidationResult<T> =
  | { ok: true; value: T }
  | { ok: false; issues: ValidationIssue[] };

export type Obj = Record<string, unknown>;

/**
 * Size bounds, so one request cannot make the engine read, template or store without
 * limit. Generous for real mappings (ESO users rarely pass 20 keys per Secret).
 *
 * @public
 */
export const MAPPING_LIMITS = {
  dataEntries: 100,
  dataFromEntries: 20,
  clusters: 10,
  restartTargets: 20,
  metadataEntries: 64,
  annotationValueLength: 8192,
  templateEntries: 50,
  templateLength: 16384,
  propertyLength: 512,
  regexpLength: 256,
  /** Any other string: names, durations. */
  stringLength: 1024,
  /** At most this many issues are reported; the rest are summarised. */
  issues: 50,
} as const;

/** User text echoed into an issue path is cut short: a 1 MB key must not make a 1 MB error. */
export const shown = (s: string) =>
  s.length > 64 ? `${s.slice(0, 61)}...` : s;

/** The dot path of a field: `data[0].remoteRef.key`. */
export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** Collects every issue at once, so a user fixes a form in one round, not one error at a time. */
export class Checker {
  readonly issues: ValidationIssue[] = [];

  fail(path: string, message: string): void {
    if (this.issues.length < MAPPING_LIMITS.issues)
      this.issues.push({ path, message });
    else if (this.issues.length === MAPPING_LIMITS.issues)
      this.issues.push({
        path: '',
        message: 'too many problems; fix these first',
      });
  }

  /** A list longer than `max` is reported (and still checked, to list every issue). */
  atMost(list: unknown[] | undefined, max: number, path: string): void {
    if (list && list.length > max)
      this.fail(path, `must have at most ${max} entries`);
  }

  object(value: unknown, path: string, allowed: string[]): Obj | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, 'must be an object');
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.fail(
          join(path, shown(key)),
          `is not a known field (known: ${allowed.join(', ')})`,
        );
      }
    }
    return value as Obj;
  }

  /** A map with user-chosen keys (labels, template.data): no known-fields check. */
  map(value: unknown, path: string, what = 'a map'): Obj | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, `must be ${what}`);
      return undefined;
    }
    return value as Obj;
  }

  string(
    obj: Obj,
    key: string,
    path: string,
    opts: { required?: boolean; rule?: Rule; max?: number } = {},
  ): string | undefined {
    const value = obj[key];
    const at = join(path, key);
    if (value === undefined) {
      if (opts.required) this.fail(at, 'is required');
      return undefined;
    }
    if (typeof value !== 'string' || value === '') {
      this.fail(at, 'must be a non-empty string');
      return undefined;
    }
    const max = opts.max ?? MAPPING_LIMITS.stringLength;
    if (value.length > max) {
      this.fail(at, `must be at most ${max} characters`);
      return undefined;
    }
    if (opts.rule && !opts.rule.test(value)) this.fail(at, opts.rule.rule);
    return value;
  }

  oneOf<T extends string>(
    obj: Obj,
    key: string,
    path: string,
    values: readonly T[],
  ): void {
    const value = obj[key];
    if (value !== undefined && !values.includes(value as T)) {
      this.fail(join(path, key), `must be one of ${values.join(', ')}`);
    }
  }

  array(obj: Obj, key: string, path: string): unknown[] | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.fail(join(path, key), 'must be a list');
      return undefined;
    }
    return value;
  }
}

/** A refresh interval must parse as a Go duration and not be negative. */
export function intervalProblem(value: string): string | undefined {
  try {
    return parseDuration(value) < 0 ? 'must not be negative' : undefined;
  } catch (error) {
    if (error instanceof DurationError) return error.message;
    throw error;
  }
}
