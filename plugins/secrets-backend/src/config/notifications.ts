import { Fields, fail } from './fields';
import type { NotificationsConfig } from './types';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * `secrets.notifications`: when owners are told about their mappings. Every key has a
 * default; `enabled` stays undefined unless set, so the plugin can default it to whether
 * the notifications backend runs beside it.
 */
export function readNotificationsConfig(
  notifications: Fields | undefined,
): NotificationsConfig {
  const n = notifications ?? Fields.of('secrets.notifications', {});
  n.onlyKeys(
    'enabled',
    'interval',
    'grace',
    'expiryWindow',
    'summaryThreshold',
  );
  const intervalMs = n.optionalDuration('interval') ?? MINUTE;
  if (intervalMs < 5 * SECOND || intervalMs > 60 * MINUTE) {
    fail(n.keyOf('interval'), 'must be from 5s to 1h');
  }
  const grace = n.optionalObject('grace') ?? Fields.of(n.keyOf('grace'), {});
  grace.onlyKeys('failures', 'duration');
  const failures = grace.optionalNumber('failures') ?? 3;
  if (!Number.isInteger(failures) || failures < 1 || failures > 1000) {
    fail(grace.keyOf('failures'), 'must be a whole number from 1 to 1000');
  }
  const durationMs = grace.optionalDuration('duration') ?? 10 * MINUTE;
  if (durationMs < 0 || durationMs > 7 * 24 * 60 * MINUTE) {
    fail(grace.keyOf('duration'), 'must be from 0s to 168h');
  }
  const expiryWindowMs = n.optionalDuration('expiryWindow') ?? 24 * 60 * MINUTE;
  if (expiryWindowMs < MINUTE || expiryWindowMs > 90 * 24 * 60 * MINUTE) {
    fail(n.keyOf('expiryWindow'), 'must be from 1m to 2160h (90 days)');
  }
  const summaryThreshold = n.optionalNumber('summaryThreshold') ?? 5;
  if (
    !Number.isInteger(summaryThreshold) ||
    summaryThreshold < 2 ||
    summaryThreshold > 10_000
  ) {
    fail(n.keyOf('summaryThreshold'), 'must be a whole number from 2 to 10000');
  }
  return {
    enabled: n.optionalBoolean('enabled'),
    intervalMs,
    grace: { failures, durationMs },
    expiryWindowMs,
    summaryThreshold,
  };
}
