import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import type { SyncClaim } from '../database';
import { workItems } from './workItems';

const claim = (mappingId: string, cluster: string) =>
  ({ mappingId, cluster } as SyncClaim);
const mapping = (dynamic: boolean) =>
  ({
    spec: dynamic ? { dynamic: { engine: 'pki', role: 'r' } } : {},
  } as unknown as Mapping);

describe('workItems', () => {
  it("keeps a dynamic mapping's clusters together, in order, and every other claim apart", () => {
    const mappings = new Map([
      ['kv', mapping(false)],
      ['dyn', mapping(true)],
    ]);
    const items = workItems(
      [
        claim('dyn', 'a'),
        claim('kv', 'a'),
        claim('kv', 'b'),
        claim('dyn', 'b'),
        claim('gone', 'a'),
      ],
      mappings,
    );
    expect(
      items.map(item => item.map(c => `${c.mappingId}/${c.cluster}`)),
    ).toEqual([['dyn/a', 'dyn/b'], ['kv/a'], ['kv/b'], ['gone/a']]);
  });
});
