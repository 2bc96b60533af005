import type { ApiIssue } from '@backstage-secrets/plugin-secrets-common';

/**
 * A refused or failed call: the HTTP status, the backend's message, and for rejected
 * bodies the issue of each field, so a form can show each next to its field.
 *
 * @public
 */
export class SecretsApiError extends Error {
  /** The HTTP status; 0 when no answer came. */
  readonly status: number;
  /** For a rejected body, one issue per field; otherwise empty. */
  readonly issues: ApiIssue[];

  constructor(status: number, message: string, issues: ApiIssue[] = []) {
    super(message);
    this.name = 'SecretsApiError';
    this.status = status;
    this.issues = issues;
  }

  /** The issue of one field (`spec.target.name`), if the backend named it. */
  issueAt(path: string): string | undefined {
    return this.issues.find(i => i.path === path)?.message;
  }

  /** Any failure of a call as a SecretsApiError: one thrown without an answer has status 0. */
  static from(error: unknown): SecretsApiError {
    return error instanceof SecretsApiError
      ? error
      : new SecretsApiError(0, String((error as Error)?.message ?? error));
  }

  /** The error a non-2xx response carries (its body is read). */
  static async fromResponse(response: Response): Promise<SecretsApiError> {
    const text = await response.text();
    try {
      const body = JSON.parse(text);
      return new SecretsApiError(
        response.status,
        body?.error?.message ?? `${response.status} ${response.statusText}`,
        Array.isArray(body?.issues) ? body.issues : [],
      );
    } catch {
      return new SecretsApiError(
        response.status,
        `Request failed with ${response.status} ${response.statusText}`.trim(),
      );
    }
  }
}
