import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import { buildDesiredSecret } from './buildDesiredSecret';
import type { SecretReader } from './types';

const reader: SecretReader = {
  async read() {
    return { data: { password: 'not-this' }, version: 4 };
  },
  async listRecursive() {
    return [];
  },
  async readCustomMetadata() {
    return { owner: 'team-payments', tier: 'gold' };
  },
};

const spec = (over: Partial<MappingSpec>): MappingSpec => ({
  store: 'kv',
  target: { clusters: ['dev'], namespace: 'ns', name: 's' },
  ...over,
});

describe('metadataPolicy Fetch', () => {
  it('reads the custom metadata instead of the data: one key, all of it as JSON, or every key', async () => {
    const desired = await buildDesiredSecret(
      spec({
        data: [
          {
            secretKey: 'owner',
            remoteRef: {
              key: 'app/db',
              property: 'owner',
              metadataPolicy: 'Fetch',
            },
          },
          {
            secretKey: 'meta',
            remoteRef: { key: 'app/db', metadataPolicy: 'Fetch' },
          },
        ],
        dataFrom: [{ extract: { key: 'app/db', metadataPolicy: 'Fetch' } }],
      }),
      reader,
    );
    expect(
      Object.fromEntries(
        Object.entries(desired.data).map(([k, v]) => [k, v.toString()]),
      ),
    ).toEqual({
      owner: 'team-payments',
      tier: 'gold',
      meta: '{"owner":"team-payments","tier":"gold"}',
    });
    // Metadata has no version: the status lists the path without one.
    expect(desired.sources).toEqual([{ key: 'app/db' }]);
  });
});
