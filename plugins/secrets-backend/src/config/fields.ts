import { parseDuration } from '@backstage-secrets/plugin-secrets-common';

type Json = unknown;

/** Fails with the full config key and the rule it breaks. */
export function fail(key: string, rule: string): never {
  throw new Error(`${key}: ${rule}`);
}

/**
 * Reads one config object. Every accessor knows the full key of what it reads, so each
 * error names the exact place to fix.
 */
export class Fields {
  constructor(
    readonly key: string,
    private readonly raw: Record<string, Json>,
  ) {}

  static of(key: string, value: Json): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail(key, 'must be an object');
    }
    return new Fields(key, value as Record<string, Json>);
  }

  /** Typos such as `kvversion` would otherwise fall back to defaults silently. */
  onlyKeys(...allowed: string[]): this {
    for (const name of Object.keys(this.raw)) {
      if (!allowed.includes(name)) {
        fail(
          `${this.key}.${name}`,
          `unknown key (expected one of ${allowed.join(', ')})`,
        );
      }
    }
    return this;
  }

  keyOf(name: string): string {
    return `${this.key}.${name}`;
  }

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null;
  }

  names(): string[] {
    return Object.keys(this.raw);
  }

  object(name: string): Fields {
    return Fields.of(this.keyOf(name), this.raw[name]);
  }

  optionalObject(name: string): Fields | undefined {
    return this.has(name) ? this.object(name) : undefined;
  }

  optionalString(name: string): string | undefined {
    if (!this.has(name)) return undefined;
    const value = this.raw[name];
    if (typeof value !== 'string' || value.trim() === '') {
      fail(this.keyOf(name), 'must be a non-empty string');
    }
    return value;
  }

  string(name: string): string {
    return (
      this.optionalString(name) ??
      fail(this.keyOf(name), 'is required (a non-empty string)')
    );
  }

  optionalNumber(name: string): number | undefined {
    if (!this.has(name)) return undefined;
    let value = this.raw[name];
    // Environment substitution yields strings; accept "8" as well as 8.
    if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) {
      value = Number(value);
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      fail(this.keyOf(name), 'must be a number');
    }
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    if (!this.has(name)) return undefined;
    const value = this.raw[name];
    // Environment substitution yields strings; accept "true" and "false" as well.
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    return fail(this.keyOf(name), 'must be true or false');
  }

  optionalStringArray(name: string): string[] | undefined {
    if (!this.has(name)) return undefined;
    const value = this.raw[name];
    if (
      !Array.isArray(value) ||
      value.some(v => typeof v !== 'string' || v.trim() === '')
    ) {
      fail(this.keyOf(name), 'must be a list of non-empty strings');
    }
    return value as string[];
  }

  /** A list of objects, each read with its index in the key: `allowedPaths[2].prefix`. */
  optionalObjectList(name: string): Fields[] | undefined {
    if (!this.has(name)) return undefined;
    const value = this.raw[name];
    if (!Array.isArray(value)) fail(this.keyOf(name), 'must be a list');
    return value.map((item, i) => Fields.of(`${this.keyOf(name)}[${i}]`, item));
  }

  /** A Go duration (`"1h30m"`) in milliseconds; a bare `0` is accepted too. */
  optionalDuration(name: string): number | undefined {
    if (!this.has(name)) return undefined;
    const value = this.raw[name];
    if (value === 0) return 0;
    if (typeof value !== 'string') {
      fail(
        this.keyOf(name),
        'must be a Go duration string such as "1h30m" or "15s" (a bare number has no unit)',
      );
    }
    try {
      return parseDuration(value);
    } catch (error) {
      return fail(this.keyOf(name), (error as Error).message);
    }
  }
}
