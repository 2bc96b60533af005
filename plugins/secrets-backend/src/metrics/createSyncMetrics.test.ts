import { createSyncMetrics } from './createSyncMetrics';
import { testMeter } from './__testUtils__/testMeter';

function setup(options: {
  oldestDue: () => Promise<Date | undefined>;
  watches?: () => { cluster: string; failure?: unknown }[];
}) {
  const { meter, points } = testMeter();
  createSyncMetrics({
    meter,
    vault: new Map(),
    statusCounts: async () => ({}),
    state: { seriesPage: async () => [], oldestDue: options.oldestDue },
    mappingLabels: false,
    watches: options.watches,
  });
  return async (name: string) =>
    (await points(name)).map(p => ({
      attributes: p.attributes,
      value: p.value,
    }));
}

describe('createSyncMetrics', () => {
  it('reports how long the longest-waiting due sync has waited, 0 when none waits', async () => {
    let oldest: Date | undefined = new Date(Date.now() - 120_000);
    const points = setup({ oldestDue: async () => oldest });
    const [lag] = (await points('backstage_secrets.sync.lag'))!;
    expect(lag.value).toBeGreaterThanOrEqual(120);
    expect(lag.value).toBeLessThan(130);
    oldest = undefined;
    expect(await points('backstage_secrets.sync.lag')).toEqual([
      { attributes: {}, value: 0 },
    ]);
  });

  it('counts watches per cluster as watching or failing, both states always there', async () => {
    const points = setup({
      oldestDue: async () => undefined,
      watches: () => [
        { cluster: 'a' },
        { cluster: 'a', failure: { since: new Date(), message: 'x' } },
        { cluster: 'b' },
      ],
    });
    expect(await points('backstage_secrets.watches')).toEqual([
      { attributes: { cluster: 'a', state: 'watching' }, value: 1 },
      { attributes: { cluster: 'a', state: 'failing' }, value: 1 },
      { attributes: { cluster: 'b', state: 'watching' }, value: 1 },
      { attributes: { cluster: 'b', state: 'failing' }, value: 0 },
    ]);
  });
});
