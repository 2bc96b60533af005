import type { MappingClusterStatus } from '@backstage-secrets/plugin-secrets-common';
import { Chip, Tooltip } from '@material-ui/core';

const COLORS: Record<string, string> = {
  Synced: '#2e7d32',
  SyncedError: '#c62828',
  // Changed in the cluster; the repair is already queued.
  Drifted: '#ef6c00',
  Pending: '#616161',
};

/** A mapping's status in one cluster; the tooltip gives the reason and message. */
export function StatusChip({ status }: { status: MappingClusterStatus }) {
  const label = `${status.cluster}: ${status.status}`;
  const detail = [status.reason, status.message].filter(Boolean).join(' — ');
  return (
    <Tooltip title={detail || status.status}>
      <Chip
        size="small"
        label={label}
        aria-label={`${label}${detail ? `. ${detail}` : ''}`}
        style={{
          backgroundColor: COLORS[status.status] ?? COLORS.Pending,
          color: '#fff',
        }}
      />
    </Tooltip>
  );
}
