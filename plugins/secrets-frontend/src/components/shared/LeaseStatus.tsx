import { useEffect, useState } from 'react';
import type { DynamicStatus } from '@backstage-secrets/plugin-secrets-common';
import { Typography } from '@material-ui/core';
import { relativeTime } from './time';

/** Re-renders every second, so a countdown stays true while the page is open. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * A dynamic mapping's lease or certificate: when it ends and what the engine does next.
 * Counts down live; turns red once the end is less than a minute away.
 */
export function LeaseStatus(props: { dynamic?: DynamicStatus }) {
  const now = useNow();
  const d = props.dynamic;
  if (!d)
    return (
      <Typography variant="caption" component="div">
        not issued yet
      </Typography>
    );
  const left = Date.parse(d.expiresAt) - now;
  const what = d.engine === 'pki' ? 'certificate expires' : 'lease expires';
  const next =
    d.nextAction === 'renew'
      ? `renews ${relativeTime(d.nextActionAt, now)}`
      : `${
          d.engine === 'pki' ? 'new certificate' : 'new credentials'
        } ${relativeTime(d.nextActionAt, now)}`;
  return (
    <Typography
      variant="caption"
      component="div"
      color={left < 60_000 ? 'error' : 'textSecondary'}
      aria-label={`${what} ${relativeTime(d.expiresAt, now)}`}
    >
      {what} {relativeTime(d.expiresAt, now)} · {next}
      {d.engine === 'database' && d.renewals > 0
        ? ` · renewed ${d.renewals}×`
        : ''}
      {d.serialNumber ? ` · serial ${d.serialNumber.slice(0, 23)}` : ''}
    </Typography>
  );
}
