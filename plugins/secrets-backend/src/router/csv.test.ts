import type { AuditMapping } from '@backstage-secrets/plugin-secrets-common';
import { mappingsCsv } from './csv';

const mapping = (name: string, updatedBy: string): AuditMapping => ({
  id: 'm1',
  entityRef: 'component:default/a',
  spec: {
    store: 'kv',
    data: [{ secretKey: 'k', remoteRef: { key: 'a/b' } }],
    dataFrom: [{ find: { path: 'a', name: { regexp: '.*' } } }],
    target: { clusters: ['c1', 'c2'], namespace: 'ns', name },
  },
  revision: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  createdBy: updatedBy,
  updatedBy,
  status: [
    {
      cluster: 'c1',
      status: 'Synced',
      reason: 'Unchanged',
      syncedVersions: [],
      nextDueAt: '',
      consecutiveFailures: 0,
      lastSyncedAt: '2026-01-03T00:00:00.000Z',
    },
    {
      cluster: 'c2',
      status: 'SyncedError',
      reason: 'VaultSealed',
      syncedVersions: [],
      nextDueAt: '',
      consecutiveFailures: 2,
    },
  ],
  owners: ['group:default/x'],
  entityExists: true,
});

describe('mappingsCsv', () => {
  it('writes one row per mapping with multi-valued cells joined', () => {
    const [header, row] = mappingsCsv([mapping('s', 'user:default/u')]).split(
      '\r\n',
    );
    expect(header.split(',')).toHaveLength(14);
    expect(row).toBe(
      'm1,component:default/a,group:default/x,true,kv,a/b; a/*,c1; c2,ns,s,c1:Synced; c2:SyncedError,Unchanged; VaultSealed,2026-01-03T00:00:00.000Z; ,user:default/u,2026-01-02T00:00:00.000Z',
    );
  });

  it('quotes separators and defuses formulas', () => {
    const row = mappingsCsv([
      mapping('s', '=HYPERLINK("http://x","a,b")'),
    ]).split('\r\n')[1];
    expect(row).toContain(`,"'=HYPERLINK(""http://x"",""a,b"")",`);
  });
});
