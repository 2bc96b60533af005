/**
 * When a mapping is due next. Jitter spreads refreshes so that a restart does not make every
 * mapping due at once (ESO #4231); backoff keeps a failing store from being hammered.
 */

/** Far enough in the future to mean "not again unless asked" (refreshInterval 0, OnChange). */
export const NEVER = new Date('9999-01-01T00:00:00.000Z');

/** Next refresh: the interval plus up to `jitter` of it, at random. */
export function nextRefresh(
  now: Date,
  intervalMs: number,
  jitter: number,
  random: () => number = Math.random,
): Date {
  if (intervalMs <= 0) return NEVER;
  return new Date(
    now.getTime() + intervalMs + Math.floor(intervalMs * jitter * random()),
  );
}

/**
 * Retry after the n-th consecutive failure (n ≥ 1): `initial · 2^(n-1)`, capped at `max`,
 * with "equal jitter" (half fixed, half random) so retries neither stampede nor vanish.
 */
export function nextRetry(
  now: Date,
  failures: number,
  backoff: { initialMs: number; maxMs: number },
  random: () => number = Math.random,
): Date {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** exponent);
  return new Date(
    now.getTime() + delay / 2 + Math.floor((delay / 2) * random()),
  );
}
