import { Link, Table, type TableColumn } from '@backstage/core-components';
import {
  dynamicSecretKeys,
  formatRestartTargets,
  isDynamic,
  dynamicPath,
  vaultReadsOf,
  type MappingView,
  type StoreStatus,
  type VaultRead,
} from '@backstage-secrets/plugin-secrets-common';
import { Box, Button, Tooltip, Typography } from '@material-ui/core';
import { StatusChip } from '../shared/StatusChip';
import { relativeTime } from '../shared/time';
import { LeaseStatus } from '../shared/LeaseStatus';
import { SourceLink } from '../shared/SourceLink';
import { vaultEngineLink, vaultUiLink } from '../shared/vaultLinks';

export interface MappingActions {
  sync(m: MappingView): void;
  edit(m: MappingView): void;
  remove(m: MappingView): void;
  history(m: MappingView): void;
  rotate(m: MappingView): void;
  reissue(m: MappingView): void;
  /** Downloads the mapping as an ExternalSecret manifest; anyone who may read it may. */
  exportYaml(m: MappingView): void;
  /** Compares with, and adopts, a Secret someone else wrote. */
  adopt(m: MappingView): void;
}

/** The mapping found a Secret it did not write and leaves it alone until it is adopted. */
const notOwned = (m: MappingView) =>
  m.status.some(s => s.reason === 'SecretNotOwned');

/** Vault paths a mapping reads, with the version last synced for each. */
function paths(m: MappingView) {
  const versions = new Map(
    m.status.flatMap(s => s.syncedVersions).map(v => [v.key, v.version]),
  );
  return vaultReadsOf(m.spec).map(r => ({
    key: r.key,
    property: describeRead(r),
    pinned: r.version,
    synced: versions.get(r.key),
  }));
}

/** What a read takes from its path, in the table's words. */
function describeRead(r: VaultRead): string | undefined {
  if (r.match === 'below')
    return `(find ${[
      r.regexp,
      ...Object.entries(r.tags ?? {}).map(([k, v]) => `${k}=${v}`),
    ]
      .filter(Boolean)
      .join(', ')})`;
  return r.field.startsWith('dataFrom') ? '(all keys)' : r.property;
}

/** The Secret keys a mapping declares; keys found at sync time (extract, find) are not known here. */
function secretKeys(m: MappingView): string[] {
  const t = m.spec.target.template?.data;
  if (t) return Object.keys(t);
  if (isDynamic(m.spec)) return dynamicSecretKeys(m.spec);
  return (m.spec.data ?? []).map(d => d.secretKey);
}

export function MappingsTable(props: {
  mappings: MappingView[];
  stores: StoreStatus[];
  canEdit: boolean;
  owners: string[];
  busy: Set<string>;
  actions: MappingActions;
}) {
  const { stores, canEdit, owners, busy, actions } = props;
  const why = canEdit
    ? ''
    : `Only the owners (${
        owners.join(', ') || 'none recorded'
      }) or platform admins may change this`;
  /** Edit and delete of a mapping declared in Git: its file is where it changes. */
  const inGit = (m: MappingView) =>
    m.source
      ? `Declared in Git (${m.source.url}): change the file instead`
      : '';
  const guarded = (
    label: string,
    m: MappingView,
    onClick: () => void,
    readOnly = '',
  ) => (
    <Tooltip title={why || readOnly || label}>
      <span>
        <Button
          size="small"
          disabled={!canEdit || Boolean(readOnly) || busy.has(m.id)}
          onClick={onClick}
          aria-label={`${label} ${m.spec.target.name}`}
        >
          {label}
        </Button>
      </span>
    </Tooltip>
  );
  const columns: TableColumn<MappingView>[] = [
    {
      title: 'Target',
      render: m => (
        <>
          <Typography variant="body2">
            <strong>{m.spec.target.name}</strong> (
            {m.spec.target.type ?? 'Opaque'})
          </Typography>
          <Typography variant="caption">
            {m.spec.target.clusters.join(', ')} / {m.spec.target.namespace}
          </Typography>
          {m.spec.target.rolloutRestartTargets?.length ? (
            <Typography variant="caption" component="div">
              restarts{' '}
              {formatRestartTargets(m.spec.target.rolloutRestartTargets)}
            </Typography>
          ) : null}
          {m.source && <SourceLink source={m.source} />}
        </>
      ),
    },
    {
      title: 'Vault',
      render: m => {
        const store = stores.find(s => s.name === m.spec.store);
        if (m.spec.dynamic) {
          const href = vaultEngineLink(store, m.spec.dynamic);
          const label = dynamicPath(m.spec.dynamic);
          return (
            <>
              <Typography variant="caption">{m.spec.store}</Typography>
              <Box>{href ? <Link to={href}>{label}</Link> : label}</Box>
              <LeaseStatus dynamic={m.dynamic} />
            </>
          );
        }
        return (
          <>
            <Typography variant="caption">{m.spec.store}</Typography>
            {paths(m).map(p => {
              const href = vaultUiLink(store, p.key, p.pinned ?? p.synced);
              const label = `${p.key}${p.property ? ` · ${p.property}` : ''}`;
              return (
                <Box key={`${p.key}:${p.property}`}>
                  {href ? <Link to={href}>{label}</Link> : label}
                  {p.synced !== undefined && (
                    <Typography variant="caption"> v{p.synced}</Typography>
                  )}
                  {p.pinned !== undefined && (
                    <Typography variant="caption"> (pinned)</Typography>
                  )}
                </Box>
              );
            })}
          </>
        );
      },
    },
    { title: 'Keys', render: m => secretKeys(m).join(', ') || '(from Vault)' },
    {
      title: 'Status',
      render: m => (
        <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
          {m.status.length
            ? m.status.map(s => (
                <Box key={s.cluster}>
                  <StatusChip status={s} />
                  {s.rotationDue && (
                    <Typography variant="caption" color="error" component="div">
                      rotation due
                    </Typography>
                  )}
                </Box>
              ))
            : 'Pending'}
        </Box>
      ),
    },
    {
      title: 'Last / next sync',
      render: m =>
        m.status.map(s => (
          <Typography key={s.cluster} variant="caption" component="div">
            {relativeTime(s.lastSyncedAt)} / {relativeTime(s.nextDueAt)}
          </Typography>
        )),
    },
    {
      title: 'Refresh',
      render: m =>
        `${m.spec.refreshInterval ?? 'default'} ${
          m.spec.refreshPolicy ?? 'Periodic'
        }`,
    },
    {
      title: 'Actions',
      render: m => (
        <Box display="flex" flexWrap="wrap">
          {guarded(busy.has(m.id) ? 'Syncing…' : 'Sync now', m, () =>
            actions.sync(m),
          )}
          {guarded('Edit', m, () => actions.edit(m), inGit(m))}
          {/* Dynamic values are issued and renewed by the engine: nothing to rotate by hand. */}
          {m.spec.dynamic
            ? guarded('Re-issue', m, () => actions.reissue(m))
            : guarded('Rotate', m, () => actions.rotate(m))}
          {guarded('Delete', m, () => actions.remove(m), inGit(m))}
          {notOwned(m) && guarded('Compare', m, () => actions.adopt(m))}
          <Button
            size="small"
            onClick={() => actions.history(m)}
            aria-label={`History ${m.spec.target.name}`}
          >
            History
          </Button>
          <Tooltip title="Download as an ExternalSecret manifest (kubectl apply-able)">
            <Button
              size="small"
              disabled={busy.has(m.id)}
              onClick={() => actions.exportYaml(m)}
              aria-label={`Export YAML ${m.spec.target.name}`}
            >
              Export YAML
            </Button>
          </Tooltip>
        </Box>
      ),
    },
  ];
  return (
    <Table<MappingView>
      title="Mappings"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={props.mappings}
    />
  );
}
