import type { LoggerService } from '@backstage/backend-plugin-api';

/** A logger that keeps every call, children included, for leak checks. */
export function recordingLogger(): LoggerService & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  const make = (fields: unknown): LoggerService => ({
    error: (...args) => void calls.push(['error', fields, ...args]),
    warn: (...args) => void calls.push(['warn', fields, ...args]),
    info: (...args) => void calls.push(['info', fields, ...args]),
    debug: (...args) => void calls.push(['debug', fields, ...args]),
    child: meta => make({ ...(fields as object), ...meta }),
  });
  return Object.assign(make({}), { calls });
}

/** Everything a logger was given, as one string to search. */
export function loggedText(logger: { calls: unknown[][] }): string {
  return logger.calls
    .map(call =>
      call
        .map(arg => (arg instanceof Error ? `${arg}` : JSON.stringify(arg)))
        .join(' '),
    )
    .join('\n');
}
