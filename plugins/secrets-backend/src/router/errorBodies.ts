import type { ApiErrorBody } from '@backstage-secrets/plugin-secrets-common';
import type express from 'express';

/** Request bodies are mapping specs: small. A bigger body is refused before parsing. */
export const BODY_LIMIT = '256kb';

const PARSE_ERRORS: Record<string, string> = {
  'entity.too.large': `Request body is larger than ${BODY_LIMIT}`,
  'entity.parse.failed': 'Request body is not valid JSON',
};

/**
 * Field-level issues go out with the error, so a form can show each next to its field.
 * Body-parser failures get a fixed message: the parser's own quotes the body.
 */
export function errorBodies(
  error: unknown,
  _req: express.Request,
  res: express.Response,
  next: express.NextFunction,
): void {
  const e = error as {
    issues?: unknown;
    name?: string;
    message?: string;
    type?: string;
    status?: number;
  };
  if (
    e?.type &&
    typeof e.status === 'number' &&
    e.status >= 400 &&
    e.status < 500
  ) {
    const message =
      PARSE_ERRORS[e.type] ??
      'Request body could not be read (send JSON with Content-Type: application/json)';
    const body: ApiErrorBody = { error: { name: 'InputError', message } };
    res.status(e.status === 413 ? 413 : 400).json(body);
    return;
  }
  if (Array.isArray(e?.issues)) {
    const status = e.name === 'NotAllowedError' ? 403 : 400;
    const body: ApiErrorBody = {
      error: { name: e.name!, message: e.message! },
      issues: e.issues,
    };
    res.status(status).json(body);
    return;
  }
  next(error);
}
