import type { ApiIssue } from '@backstage-secrets/plugin-secrets-common';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads fields one by one and records each one it cannot honour, so a user sees the whole
 * list at once. Unknown fields are reported rather than dropped: a silently ignored
 * `immutable: true` or `mergePolicy: Merge` would change what the Secret becomes.
 */
export class Reader {
  readonly issues: ApiIssue[] = [];
  readonly notes: ApiIssue[] = [];

  refuse(path: string, message: string) {
    this.issues.push({ path, message });
  }

  /** Fields outside `handled` are refused, unless they hold the ESO default. */
  only(obj: Obj, path: string, handled: string[], defaults: Obj = {}) {
    for (const [key, value] of Object.entries(obj)) {
      if (handled.includes(key)) continue;
      if (key in defaults && defaults[key] === value) continue;
      this.refuse(`${path}.${key}`, 'is not supported by Backstage Secrets');
    }
  }
}
