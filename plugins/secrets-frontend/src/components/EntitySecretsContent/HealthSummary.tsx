import { InfoCard } from '@backstage/core-components';
import type {
  ClusterInfo,
  MappingView,
  StoreStatus,
} from '@backstage-secrets/plugin-secrets-common';
import { Box, Chip, Typography } from '@material-ui/core';
import { HealthLine } from '../shared/HealthProblems';
import { relativeTime } from '../shared/time';
import { clusterProblemsFor, storeProblemsFor } from './relevantProblems';

/**
 * Counts per status over every mapping and cluster (and of Secrets just restored after a
 * hand edit), the oldest good sync, and the health of the stores and clusters the
 * mappings use: each problem that can fail them, in words, with what to do.
 */
export function HealthSummary({
  mappings,
  stores,
  clusters,
}: {
  mappings: MappingView[];
  stores: StoreStatus[];
  clusters: ClusterInfo[];
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
  const usedClusters = clusters.filter(c =>
    mappings.some(m => m.spec.target.clusters.includes(c.name)),
  );
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
      {used.map(s => (
        <HealthLine
          key={`store:${s.name}`}
          label={`Store ${s.name}`}
          problems={storeProblemsFor(s, mappings)}
          detail={s.health.version ? `(Vault ${s.health.version})` : undefined}
        />
      ))}
      {usedClusters.map(c => (
        <HealthLine
          key={`cluster:${c.name}`}
          label={`Cluster ${c.name}`}
          problems={clusterProblemsFor(c, mappings)}
          detail={
            c.health.version ? `(Kubernetes ${c.health.version})` : undefined
          }
        />
      ))}
    </InfoCard>
  );
}
