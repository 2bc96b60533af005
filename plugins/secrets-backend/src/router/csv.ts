import {
  dynamicPath,
  vaultReadsOf,
  type AuditMapping,
} from '@backstage-secrets/plugin-secrets-common';

/**
 * A cell as spreadsheets read it safely: quoted when needed, and never starting with a
 * character that makes a spreadsheet evaluate it as a formula (CSV injection).
 */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const COLUMNS = [
  'mapping_id',
  'entity_ref',
  'owners',
  'entity_exists',
  'store',
  'vault_paths',
  'clusters',
  'namespace',
  'secret',
  'status',
  'reasons',
  'last_synced',
  'updated_by',
  'updated_at',
];

/** The audit's mapping list as CSV, one row per mapping; multi-valued cells joined by "; ". */
export function mappingsCsv(items: AuditMapping[]): string {
  const rows = items.map(m => {
    const paths = [
      ...(m.spec.dynamic ? [dynamicPath(m.spec.dynamic)] : []),
      ...vaultReadsOf(m.spec).map(r =>
        r.match === 'exact' ? r.key : `${r.key}/*`,
      ),
    ];
    return [
      m.id,
      m.entityRef,
      m.owners.join('; '),
      String(m.entityExists),
      m.spec.store,
      [...new Set(paths)].join('; '),
      m.spec.target.clusters.join('; '),
      m.spec.target.namespace,
      m.spec.target.name,
      m.status.map(s => `${s.cluster}:${s.status}`).join('; '),
      m.status.map(s => s.reason ?? '').join('; '),
      m.status.map(s => s.lastSyncedAt ?? '').join('; '),
      m.updatedBy,
      m.updatedAt,
    ]
      .map(cell)
      .join(',');
  });
  return `${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
