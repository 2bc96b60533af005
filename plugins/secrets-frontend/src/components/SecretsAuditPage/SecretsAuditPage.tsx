import { useState } from 'react';
import {
  Content,
  ContentHeader,
  Progress,
  ResponseErrorPanel,
  Table,
  WarningPanel,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  dynamicPath,
  type AuditFilter,
  type AuditMapping,
} from '@backstage-secrets/plugin-secrets-common';
import {
  Box,
  Button,
  Grid,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { secretsApiRef, SecretsApiError } from '../../api';
import { LeaseStatus } from '../shared/LeaseStatus';
import { StatusChip } from '../shared/StatusChip';
import { download } from '../shared/download';
import { relativeTime } from '../shared/time';
import { PlatformHealth } from './PlatformHealth';
import { ReverseLookup } from './ReverseLookup';

/** Downloads the filtered mapping list in one format. */
function ExportButton(props: {
  label: string;
  fetch: () => Promise<string>;
  file: string;
  type: string;
}) {
  return (
    <Button
      variant="outlined"
      onClick={async () =>
        download(await props.fetch(), props.file, props.type)
      }
    >
      {props.label}
    </Button>
  );
}

const mappingColumns: TableColumn<AuditMapping>[] = [
  {
    title: 'Entity',
    // The catalog's own route: wherever the app mounts entity pages.
    render: m => (
      <EntityRefLink entityRef={m.entityRef}>{m.entityRef}</EntityRefLink>
    ),
  },
  { title: 'Owners', render: m => m.owners.join(', ') || '—' },
  { title: 'Store', field: 'spec.store' },
  {
    title: 'Secret',
    render: m =>
      `${m.spec.target.clusters.join(', ')} / ${m.spec.target.namespace} / ${
        m.spec.target.name
      }`,
  },
  {
    title: 'Status',
    render: m => m.status.map(s => <StatusChip key={s.cluster} status={s} />),
  },
  {
    title: 'Last sync',
    render: m => m.status.map(s => relativeTime(s.lastSyncedAt)).join(', '),
  },
];

/**
 * The platform audit: store and cluster health with what to do; every mapping by owner,
 * store, cluster and status; orphans; Secrets labelled as ours without a mapping; failing
 * and stale mappings; who reads a Vault path.
 * Non-admins get a plain "not allowed" panel, as the API refuses them.
 *
 * @public
 */
export const SecretsAuditPage = () => {
  const secretsApi = useApi(secretsApiRef);
  const [filter, setFilter] = useState<AuditFilter>({});
  const mappings = useAsync(
    () => secretsApi.auditMappings(filter),
    [secretsApi, filter],
  );
  const reports = useAsync(async () => {
    const [orphans, unmanaged, failing] = await Promise.all([
      secretsApi.auditOrphans(),
      secretsApi.auditUnmanaged(),
      secretsApi.auditFailing(),
    ]);
    return { orphans, unmanaged, failing };
  }, [secretsApi]);

  const error = mappings.error ?? reports.error;
  if (error instanceof SecretsApiError && error.status === 403) {
    return (
      <Content>
        <WarningPanel title="Not allowed" severity="info" defaultExpanded>
          The secrets audit is for platform admins (members of a group in
          secrets.admins). {error.message}
        </WarningPanel>
      </Content>
    );
  }
  const set =
    (key: keyof AuditFilter) => (e: React.ChangeEvent<HTMLInputElement>) =>
      setFilter(f => ({ ...f, [key]: e.target.value || undefined }));

  // Not issued yet sorts first: it may be failing to issue at all.
  const dynamicMappings = (mappings.value ?? [])
    .filter(m => m.spec.dynamic)
    .sort(
      (a, b) =>
        (a.dynamic ? Date.parse(a.dynamic.expiresAt) : 0) -
        (b.dynamic ? Date.parse(b.dynamic.expiresAt) : 0),
    );
  return (
    <Content>
      <ContentHeader title="Secrets audit">
        <ExportButton
          label="Export CSV"
          fetch={() => secretsApi.auditMappingsCsv(filter)}
          file="secrets-mappings.csv"
          type="text/csv"
        />
        <ExportButton
          label="Export YAML"
          fetch={() => secretsApi.auditMappingsYaml(filter)}
          file="secrets-mappings.externalsecrets.yaml"
          type="text/yaml"
        />
      </ContentHeader>
      {error && <ResponseErrorPanel error={error} />}
      <Grid container spacing={3} direction="column">
        <Grid item>
          <PlatformHealth />
        </Grid>
        <Grid item>
          <Box display="flex" style={{ gap: 16 }} mb={1}>
            <TextField
              label="Owner"
              placeholder="group:default/team-a"
              value={filter.owner ?? ''}
              onChange={set('owner')}
              inputProps={{ 'aria-label': 'Filter by owner' }}
            />
            <TextField
              label="Store"
              value={filter.store ?? ''}
              onChange={set('store')}
              inputProps={{ 'aria-label': 'Filter by store' }}
            />
            <TextField
              label="Cluster"
              value={filter.cluster ?? ''}
              onChange={set('cluster')}
              inputProps={{ 'aria-label': 'Filter by cluster' }}
            />
            <TextField
              select
              label="Status"
              value={filter.status ?? ''}
              onChange={set('status')}
              style={{ minWidth: 160 }}
            >
              <MenuItem value="">any</MenuItem>
              {['Synced', 'SyncedError', 'Drifted', 'Pending'].map(s => (
                <MenuItem key={s} value={s}>
                  {s}
                </MenuItem>
              ))}
            </TextField>
          </Box>
          {mappings.loading ? (
            <Progress />
          ) : (
            <Table<AuditMapping>
              title={`Mappings (${mappings.value?.length ?? 0})`}
              options={{
                paging: true,
                pageSize: 20,
                search: true,
                padding: 'dense',
              }}
              columns={mappingColumns}
              data={mappings.value ?? []}
            />
          )}
        </Grid>
        {dynamicMappings.length > 0 && (
          <Grid item>
            <Table<AuditMapping>
              title={`Dynamic credentials and certificates (${dynamicMappings.length}), soonest to expire first`}
              options={{ paging: false, search: false, padding: 'dense' }}
              columns={[
                { title: 'Entity', render: m => m.entityRef },
                {
                  title: 'Owners',
                  render: m => m.owners.join(', ') || 'none',
                },
                {
                  title: 'Issued by',
                  render: m =>
                    `${m.spec.store}: ${dynamicPath(m.spec.dynamic!)}`,
                },
                {
                  title: 'Secret',
                  render: m =>
                    `${m.spec.target.clusters.join(', ')} / ${
                      m.spec.target.namespace
                    }/${m.spec.target.name}`,
                },
                {
                  title: 'Lease or certificate',
                  render: m => <LeaseStatus dynamic={m.dynamic} />,
                },
                {
                  title: 'Status',
                  render: m =>
                    m.status.map(s => (
                      <StatusChip key={s.cluster} status={s} />
                    )),
                },
              ]}
              data={dynamicMappings}
            />
          </Grid>
        )}
        {reports.loading && <Progress />}
        {reports.value && (
          <>
            <Grid item>
              <Table
                title={`Orphans (${reports.value.orphans.length})`}
                options={{ paging: false, search: false, padding: 'dense' }}
                columns={[
                  { title: 'Entity', render: o => o.mapping.entityRef },
                  {
                    title: 'Secret',
                    render: o =>
                      `${o.mapping.spec.target.namespace}/${o.mapping.spec.target.name}`,
                  },
                  { title: 'Reason', field: 'reason' },
                  { title: 'Detail', field: 'message' },
                ]}
                data={reports.value.orphans}
              />
            </Grid>
            <Grid item>
              <Table
                title={`Secrets labelled as ours without a mapping (${reports.value.unmanaged.items.length})`}
                options={{ paging: false, search: false, padding: 'dense' }}
                columns={[
                  { title: 'Cluster', field: 'cluster' },
                  { title: 'Namespace', field: 'namespace' },
                  { title: 'Secret', field: 'name' },
                  { title: 'Former mapping', render: u => u.mappingId ?? '—' },
                  { title: 'Entity', render: u => u.entityRef ?? '—' },
                ]}
                data={reports.value.unmanaged.items}
              />
              {reports.value.unmanaged.errors.map(e => (
                <Typography
                  key={`${e.cluster}/${e.namespace}`}
                  variant="caption"
                  color="error"
                  component="div"
                >
                  Could not list {e.cluster}/{e.namespace}: {e.message}
                </Typography>
              ))}
            </Grid>
            <Grid item>
              <Table
                title={`Failing or not synced for a day (${reports.value.failing.length})`}
                options={{ paging: false, search: false, padding: 'dense' }}
                columns={[
                  { title: 'Entity', render: f => f.mapping.entityRef },
                  {
                    title: 'Secret',
                    render: f =>
                      `${f.cluster} / ${f.mapping.spec.target.namespace}/${f.mapping.spec.target.name}`,
                  },
                  { title: 'Status', render: f => <StatusChip status={f} /> },
                  {
                    title: 'Last sync',
                    render: f => relativeTime(f.lastSyncedAt),
                  },
                  { title: 'Stale', render: f => (f.stale ? 'yes' : 'no') },
                ]}
                data={reports.value.failing}
              />
            </Grid>
          </>
        )}
        <Grid item>
          <ReverseLookup />
        </Grid>
      </Grid>
    </Content>
  );
};
