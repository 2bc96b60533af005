import {
  exactVaultPaths,
  fieldsReading,
  isBelowPath,
  vaultReadsOf,
} from './vaultReads';
import type { MappingSpec } from './types';

const spec: MappingSpec = {
  store: 'kv',
  data: [
    { secretKey: 'a', remoteRef: { key: 'apps/a', property: 'user' } },
    {
      secretKey: 'b',
      remoteRef: { key: 'apps/a', property: 'pass', version: 3 },
    },
  ],
  dataFrom: [
    { extract: { key: 'apps/shared' } },
    { find: { path: 'apps/certs', name: { regexp: '^tls' } } },
  ],
  target: { clusters: ['c'], namespace: 'n', name: 's' },
};

describe('vault reads of a mapping', () => {
  it('lists every read with its field, in spec order', () => {
    expect(vaultReadsOf(spec)).toEqual([
      {
        field: 'data[0].remoteRef.key',
        key: 'apps/a',
        match: 'exact',
        property: 'user',
      },
      {
        field: 'data[1].remoteRef.key',
        key: 'apps/a',
        match: 'exact',
        property: 'pass',
        version: 3,
      },
      { field: 'dataFrom[0].extract.key', key: 'apps/shared', match: 'exact' },
      {
        field: 'dataFrom[1].find.path',
        key: 'apps/certs',
        match: 'below',
        regexp: '^tls',
      },
    ]);
  });

  it('finds the fields reading a path: exact by equality, find by whole segments', () => {
    expect(fieldsReading(spec, 'apps/a')).toEqual([
      'data[0].remoteRef.key',
      'data[1].remoteRef.key',
    ]);
    expect(fieldsReading(spec, 'apps/certs/web')).toEqual([
      'dataFrom[1].find.path',
    ]);
    expect(fieldsReading(spec, 'apps/certs-old')).toEqual([]);
    expect(exactVaultPaths(spec)).toEqual(['apps/a', 'apps/shared']);
    expect(isBelowPath('apps/ab', 'apps/a')).toBe(false);
    expect(isBelowPath('anything', '')).toBe(true);
  });
});
