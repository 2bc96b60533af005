import { InputError, NotAllowedError } from '@backstage/errors';
import type { ApiIssue } from '@backstage-secrets/plugin-secrets-common';

const summary = (issues: ApiIssue[]) =>
  issues
    .slice(0, 5)
    .map(i => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join('; ') + (issues.length > 5 ? ` (and ${issues.length - 5} more)` : '');

/** 400: the body breaks a rule; every issue names its field. */
export class RequestInvalidError extends InputError {
  readonly issues: ApiIssue[];
  constructor(issues: ApiIssue[]) {
    super(`Invalid request: ${summary(issues)}`);
    this.issues = issues;
  }
}

/** 403: the body asks for something the guardrails do not allow this entity. */
export class GuardrailError extends NotAllowedError {
  readonly issues: ApiIssue[];
  constructor(issues: ApiIssue[]) {
    super(`Not allowed: ${summary(issues)}`);
    this.issues = issues;
  }
}

/** Prefixes issue paths from the spec validator with the body field they came from. */
export const under = (prefix: string, issues: ApiIssue[]): ApiIssue[] =>
  issues.map(i => ({
    path: i.path ? `${prefix}.${i.path}` : prefix,
    message: i.message,
  }));

/** One issue per field of `body` that is not in `known`; user text is cut short. */
export const unknownFieldIssues = (
  body: Record<string, unknown>,
  known: string[],
): ApiIssue[] =>
  Object.keys(body)
    .filter(key => !known.includes(key))
    .map(key => ({
      path: key.slice(0, 64),
      message: `is not a known field (known: ${known.join(', ')})`,
    }));
