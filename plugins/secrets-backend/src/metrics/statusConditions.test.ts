import type { StatusSeries } from '../database';
import { OwnerLabels } from './OwnerLabels';
import { statusConditions } from './statusConditions';

const row = (
  mappingId: string,
  status: StatusSeries['status'],
  more: Partial<StatusSeries> = {},
): StatusSeries => ({
  mappingId,
  cluster: 'local',
  status,
  entityRef: 'component:default/payments-api',
  store: 'vault',
  namespace: 'payments',
  name: `secret-${mappingId}`,
  ...more,
});

/** A store that serves `rows` page by page, and counts the pages asked for. */
function pagedState(rows: StatusSeries[]) {
  const pages: number[] = [];
  return {
    pages,
    async seriesPage(options: {
      after?: { mappingId: string; cluster: string };
      limit: number;
    }) {
      const start = options.after
        ? rows.findIndex(
            r =>
              r.mappingId === options.after!.mappingId &&
              r.cluster === options.after!.cluster,
          ) + 1
        : 0;
      pages.push(start);
      return rows.slice(start, start + options.limit);
    },
  };
}

const owners = (map: Record<string, string>) =>
  new OwnerLabels(async refs => {
    const found = new Map<string, string>();
    for (const ref of refs) if (map[ref]) found.set(ref, map[ref]);
    return found;
  });

describe('statusConditions', () => {
  it('gives each mapping and cluster a Ready True/False pair, as ESO does', async () => {
    const state = pagedState([
      row('a', 'Synced'),
      row('b', 'SyncedError', { cluster: 'other' }),
      row('c', 'Drifted'),
      row('d', 'Pending'),
    ]);
    const points = await statusConditions({
      state,
      owners: owners({
        'component:default/payments-api': 'group:default/team-payments',
      }),
      mappingLabels: true,
    });
    const value = (name: string, status: string) =>
      points.find(
        p => p.attributes.name === name && p.attributes.status === status,
      )?.value;
    expect(points).toHaveLength(8);
    expect([value('secret-a', 'True'), value('secret-a', 'False')]).toEqual([
      1, 0,
    ]);
    expect([value('secret-b', 'True'), value('secret-b', 'False')]).toEqual([
      0, 1,
    ]);
    // A hand edit waiting for its repair: the Secret is not what Vault says.
    expect([value('secret-c', 'True'), value('secret-c', 'False')]).toEqual([
      0, 1,
    ]);
    // Never synced yet: neither, as ESO before its first reconcile.
    expect([value('secret-d', 'True'), value('secret-d', 'False')]).toEqual([
      0, 0,
    ]);
    expect(points.find(p => p.attributes.name === 'secret-b')).toMatchObject({
      attributes: {
        name: 'secret-b',
        namespace: 'payments',
        cluster: 'other',
        store: 'vault',
        entity: 'component:default/payments-api',
        owner: 'group:default/team-payments',
        condition: 'Ready',
      },
    });
  });

  it('reads the statuses page by page, whatever their number', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) =>
      row(String(i).padStart(5, '0'), 'Synced'),
    );
    const state = pagedState(rows);
    const points = await statusConditions({
      state,
      owners: owners({}),
      mappingLabels: true,
    });
    expect(state.pages).toEqual([0, 1000, 2000]);
    expect(points).toHaveLength(5000);
  });

  it('sums the pairs by entity, store and cluster without mapping labels', async () => {
    const state = pagedState([
      row('a', 'Synced'),
      row('b', 'Synced'),
      row('c', 'SyncedError'),
      row('d', 'Synced', { entityRef: 'component:default/web' }),
    ]);
    const points = await statusConditions({
      state,
      owners: owners({}),
      mappingLabels: false,
    });
    expect(points.every(p => !('name' in p.attributes))).toBe(true);
    expect(points).toHaveLength(4);
    const payments = points.filter(
      p => p.attributes.entity === 'component:default/payments-api',
    );
    expect(
      Object.fromEntries(payments.map(p => [p.attributes.status, p.value])),
    ).toEqual({ True: 2, False: 1 });
    expect(points.find(p => p.attributes.owner !== '')).toBeUndefined();
  });
});

describe('OwnerLabels', () => {
  it('asks the catalog only about entities it has not seen within the TTL', async () => {
    let now = 0;
    const asked: string[][] = [];
    const labels = new OwnerLabels(
      async refs => {
        asked.push(refs);
        return new Map(refs.map(r => [r, `group:default/owner-of-${r}`]));
      },
      1000,
      () => now,
    );
    await labels.refresh(['a', 'b', 'a']);
    expect(labels.owner('a')).toBe('group:default/owner-of-a');
    await labels.refresh(['a', 'c']);
    now = 1500;
    await labels.refresh(['a']);
    expect(asked).toEqual([['a', 'b'], ['c'], ['a']]);
    // Only the last refresh's entities are kept.
    expect(labels.owner('b')).toBe('');
  });

  it('keeps what it knew when the catalog fails, and has no label without a catalog', async () => {
    let fail = false;
    const labels = new OwnerLabels(async refs => {
      if (fail) throw new Error('catalog down');
      return new Map(refs.map(r => [r, 'group:default/team']));
    }, 0);
    await labels.refresh(['a']);
    fail = true;
    await labels.refresh(['a']);
    expect(labels.owner('a')).toBe('group:default/team');

    const none = new OwnerLabels(undefined);
    await none.refresh(['a']);
    expect(none.owner('a')).toBe('');
  });
});
