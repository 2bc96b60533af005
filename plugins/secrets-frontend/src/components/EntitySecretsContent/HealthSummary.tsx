import { InfoCard } from '@backstage/core-components';
import type {
  MappingView,
  StoreStatus,
} from '@backstage-secrets/plugin-secrets-common';
import { Box, Chip, Typography } from '@material-ui/core';
import { relativeTime } from '../shared/time';

/**
 * Counts per status over every mapping and cluster (and of Secrets just restored after a
 * hand edit), the oldest good sync, and store health.
 */
export function HealthSummary({
  mappings,
  stores,
}: {
  mappings: MappingView[];
  stores: StoreStatus[];
}) {
  const rows = mappings.flatMap(m => m.status);
  const count = (status: string) =>
    rows.filter(r => r.status === status).length;
  // Drift is repaired in the same sync that finds it; its last reason tells.
  const repaired = rows.filter(r => r.reason === 'DriftRepaired').length;
  const synced = rows
    .map(r => r.lastSyncedAt)
    .filter((t): t is string => Boolean(t))
    .sort();
  const used = stores.filter(s => mappings.some(m => m.spec.store === s.name));
  const storeProblem = (s: StoreStatus) => {
    if (!s.health.reachable)
      return `unreachable${s.health.error ? `: ${s.health.error}` : ''}`;
    if (s.health.sealed)
      return 'sealed — syncs fail until it is unsealed; live Secrets are kept';
    if (s.health.initialized === false) return 'not initialized';
    return undefined;
  };
  return (
    <InfoCard title="Health">
      <Box
        display="flex"
        flexWrap="wrap"
        style={{ gap: 8 }}
        aria-label="Sync summary"
      >
        <Chip label={`${count('Synced')} synced`} />
        <Chip
          label={`${count('SyncedError')} failing`}
          color={count('SyncedError') ? 'secondary' : 'default'}
        />
        <Chip label={`${count('Pending')} pending`} />
        {repaired > 0 && (
          <Chip label={`${repaired} repaired after a hand edit`} />
        )}
        {rows.some(r => r.rotationDue) && (
          <Chip
            color="secondary"
            label={`${rows.filter(r => r.rotationDue).length} rotation due`}
          />
        )}
      </Box>
      <Box mt={1}>
        <Typography variant="body2">
          Oldest successful sync:{' '}
          {synced.length ? relativeTime(synced[0]) : 'none yet'}
        </Typography>
      </Box>
      {used.map(s => {
        const problem = storeProblem(s);
        return (
          <Typography
            key={s.name}
            variant="body2"
            color={problem ? 'error' : 'textPrimary'}
          >
            Store {s.name}:{' '}
            {problem ??
              `healthy${
                s.health.version ? ` (Vault ${s.health.version})` : ''
              }`}
          </Typography>
        );
      })}
    </InfoCard>
  );
}
