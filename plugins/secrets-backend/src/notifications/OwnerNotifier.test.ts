import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readSecretsConfig } from '../config';
import { OwnerNotifier, SLOW_CHECK_MS } from './OwnerNotifier';
import { TOPICS } from './messages';
import {
  mappingOf,
  MemoryNotificationWorld,
  RecordingNotifications,
} from './__testUtils__/memoryStores';

const failing = (
  consecutiveFailures: number,
  reason = 'VaultSecretNotFound',
) => ({
  status: 'SyncedError' as const,
  reason,
  message: `Vault store "kv": read payments/app failed, ${reason}`,
  consecutiveFailures,
});
const synced = { status: 'Synced' as const, consecutiveFailures: 0 };

function setup(
  notifications: Record<string, unknown> = {},
  extra: { catalog?: string[]; stores?: Record<string, unknown> } = {},
) {
  const world = new MemoryNotificationWorld();
  const sender = new RecordingNotifications();
  let now = new Date('2026-12-10T10:00:00Z');
  const config = readSecretsConfig(
    new ConfigReader({
      secrets: {
        admins: ['group:default/platform-admins'],
        notifications,
        stores: extra.stores ?? {},
      },
    } as any),
  );
  const catalog = new Set(extra.catalog ?? ['component:default/payments-api']);
  const notifier = new OwnerNotifier({
    scans: world,
    state: world,
    mappings: world.mappingStore,
    notifications: sender,
    existingEntities: async refs => new Set(refs.filter(r => catalog.has(r))),
    stores: config.stores,
    admins: config.access.admins,
    config: config.notifications,
    logger: mockServices.logger.mock(),
    clock: () => now,
  });
  return {
    world,
    sender,
    notifier,
    catalog,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
}

describe('OwnerNotifier', () => {
  it('tells the owners once a mapping fails 3 times in a row, once, then its recovery once', async () => {
    const { world, sender, notifier } = setup();
    world.addMapping(mappingOf('m1'), { local: failing(1) });
    await notifier.run();
    expect(sender.sent).toEqual([]);

    world.setRow('m1', 'local', failing(3));
    await notifier.run();
    await notifier.run();
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]).toMatchObject({
      recipients: {
        type: 'entity',
        entityRef: 'component:default/payments-api',
      },
      payload: {
        title: 'Secret payments/secret-m1 of payments-api is failing to sync',
        link: '/catalog/default/component/payments-api/secrets',
        severity: 'high',
        topic: TOPICS.sync,
        scope: 'secrets:mapping:m1:sync',
      },
    });
    expect(sender.sent[0].payload.description).toContain(
      'VaultSecretNotFound on local',
    );

    world.setRow('m1', 'local', synced);
    await notifier.run();
    await notifier.run();
    expect(sender.titles()).toEqual([
      'Secret payments/secret-m1 of payments-api is failing to sync',
      'Secret payments/secret-m1 of payments-api syncs again',
    ]);
    // Same scope: the recovery updates the failure's notification instead of adding one.
    expect(sender.sent[1].payload.scope).toBe(sender.sent[0].payload.scope);
    expect(world.notified.size).toBe(0);
  });

  it('tells a failure after 10 minutes of failing even below 3 failures', async () => {
    const { world, sender, notifier, advance } = setup();
    world.addMapping(mappingOf('m1'), { local: failing(1) });
    await notifier.run();
    advance(9 * 60_000);
    await notifier.run();
    expect(sender.sent).toEqual([]);
    advance(60_000);
    await notifier.run();
    expect(sender.sent).toHaveLength(1);
  });

  it('says nothing about a mapping that recovers within the grace', async () => {
    const { world, sender, notifier } = setup();
    world.addMapping(mappingOf('m1'), { local: failing(2) });
    await notifier.run();
    world.setRow('m1', 'local', synced);
    await notifier.run();
    world.setRow('m1', 'local', failing(1));
    await notifier.run();
    expect(sender.sent).toEqual([]);
    expect([...world.notified.values()]).toMatchObject([{ state: 'pending' }]);
  });

  it('reads the grace from config', async () => {
    const { world, sender, notifier } = setup({
      grace: { failures: 1, duration: '1h' },
    });
    world.addMapping(mappingOf('m1'), { local: failing(1) });
    await notifier.run();
    expect(sender.sent).toHaveLength(1);
  });

  it('waits for every cluster to be Synced before telling a recovery', async () => {
    const { world, sender, notifier } = setup();
    world.addMapping(mappingOf('m1'), { a: failing(3), b: failing(3) });
    await notifier.run();
    world.setRow('m1', 'a', synced);
    world.setRow('m1', 'b', { status: 'Pending', consecutiveFailures: 0 });
    await notifier.run();
    expect(sender.sent).toHaveLength(1);
    world.setRow('m1', 'b', synced);
    await notifier.run();
    expect(sender.titles()[1]).toContain('syncs again');
  });

  it('sends one summary per store when many mappings fail for a store-level cause', async () => {
    const { world, sender, notifier } = setup(
      {},
      {
        catalog: [
          'component:default/payments-api',
          'component:default/search-api',
        ],
      },
    );
    for (const [i, entity] of ['payments-api', 'search-api'].entries())
      for (let j = 0; j < 3; j++)
        world.addMapping(
          mappingOf(`m${i}${j}`, { entityRef: `component:default/${entity}` }),
          { local: failing(3, 'VaultSealed') },
        );
    // A mapping of another store fails for its own reason: told on its own.
    world.addMapping(mappingOf('other', { store: 'kv1' }), {
      local: failing(3, 'VaultDenied'),
    });
    await notifier.run();
    await notifier.run();
    expect(sender.sent).toHaveLength(2);
    const summary = sender.sent.find(s =>
      s.payload.scope?.startsWith('secrets:store'),
    )!;
    expect(summary).toMatchObject({
      recipients: {
        type: 'entity',
        entityRef: [
          'component:default/payments-api',
          'component:default/search-api',
        ],
      },
      payload: {
        title: 'Vault store kv fails: 6 mappings are not syncing',
        severity: 'critical',
        topic: TOPICS.sync,
        scope: 'secrets:store:kv:sync',
      },
    });
    expect(summary.payload.description).toContain('VaultSealed');

    // A mapping of the same store failing later joins the open summary.
    world.addMapping(mappingOf('late'), { local: failing(3, 'VaultSealed') });
    await notifier.run();
    expect(sender.titles()[2]).toBe(
      'Vault store kv fails: 7 mappings are not syncing',
    );

    // Vault comes back: one recovery for the store, none per mapping.
    for (const id of world.mappings.keys())
      if (id !== 'other') world.setRow(id, 'local', synced);
    await notifier.run();
    await notifier.run();
    expect(sender.titles()).toHaveLength(4);
    expect(sender.titles()[3]).toBe('Vault store kv: 7 mappings sync again');
    expect(sender.sent[3].payload.scope).toBe('secrets:store:kv:sync');
  });

  it('tells below the summary threshold one by one', async () => {
    const { world, sender, notifier } = setup({ summaryThreshold: 3 });
    world.addMapping(mappingOf('a'), { local: failing(3, 'VaultSealed') });
    world.addMapping(mappingOf('b'), { local: failing(3, 'VaultSealed') });
    await notifier.run();
    expect(sender.sent.map(s => s.payload.scope)).toEqual([
      'secrets:mapping:a:sync',
      'secrets:mapping:b:sync',
    ]);
  });

  it('tries again on the next run when the notifications backend fails', async () => {
    const { world, sender, notifier } = setup();
    world.addMapping(mappingOf('m1'), { local: failing(3) });
    sender.failNext = 1;
    const first = await notifier.run();
    expect(first).toMatchObject({ sent: 0, failed: 1 });
    const second = await notifier.run();
    expect(second).toMatchObject({ sent: 1, failed: 0 });
    world.setRow('m1', 'local', synced);
    sender.failNext = 1;
    await notifier.run();
    await notifier.run();
    expect(sender.titles()).toEqual([
      'Secret payments/secret-m1 of payments-api is failing to sync',
      'Secret payments/secret-m1 of payments-api syncs again',
    ]);
  });

  it('forgets a deleted mapping without telling a recovery', async () => {
    const { world, sender, notifier } = setup();
    world.addMapping(mappingOf('m1'), { local: failing(3) });
    await notifier.run();
    world.deleteMapping('m1');
    await notifier.run();
    expect(sender.sent).toHaveLength(1);
    expect(world.notified.size).toBe(0);
  });

  it('tells an unrenewed lease expiring within the window once per lease', async () => {
    const { world, sender, notifier, advance } = setup({ expiryWindow: '2h' });
    world.addMapping(mappingOf('db'), {
      local: failing(5, 'VaultUnreachable'),
    });
    const now = new Date('2026-12-10T10:00:00Z').getTime();
    const lease = {
      mappingId: 'db',
      leaseRowId: 7,
      engine: 'database' as const,
      expiresAt: new Date(now + 3 * 3600_000),
      nextActionAt: new Date(now - 10 * 60_000),
    };
    world.leases.push(lease);
    await notifier.run();
    expect(sender.sent.filter(s => s.payload.topic === TOPICS.lease)).toEqual(
      [],
    );

    advance(3600_000 + 60_000);
    await notifier.run();
    await notifier.run();
    const told = sender.sent.filter(s => s.payload.topic === TOPICS.lease);
    expect(told).toHaveLength(1);
    expect(told[0].payload).toMatchObject({
      title:
        'The database credentials in Secret payments/secret-db expire in 119 minutes',
      severity: 'critical',
      scope: 'secrets:mapping:db:lease',
    });

    // Renewed: forgotten. A new lease that gets stuck later is told again.
    world.leases.splice(0, 1);
    await notifier.run();
    expect(world.notified.has('db\nlease')).toBe(false);
    world.leases.push({ ...lease, leaseRowId: 8 });
    await notifier.run();
    expect(
      sender.sent.filter(s => s.payload.topic === TOPICS.lease),
    ).toHaveLength(2);
  });

  it('tells the admins once about the mappings of an entity that left the catalog', async () => {
    const { world, sender, notifier, advance, catalog } = setup();
    world.addMapping(
      mappingOf('o1', {
        entityRef: 'component:default/gone',
        updatedBy: 'user:default/bob',
      }),
      { local: synced },
    );
    world.addMapping(mappingOf('o2', { entityRef: 'component:default/gone' }), {
      local: synced,
    });
    world.addMapping(mappingOf('fine'), { local: synced });
    await notifier.run();
    advance(SLOW_CHECK_MS);
    await notifier.run();
    // Told on the first run (a replica's first run looks), not again on the next look.
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]).toMatchObject({
      recipients: {
        type: 'entity',
        entityRef: [
          'group:default/platform-admins',
          'user:default/alice',
          'user:default/bob',
        ],
      },
      payload: {
        title:
          'component:default/gone left the catalog; 2 secret mappings remain',
        link: '/secrets-audit',
        topic: TOPICS.orphan,
      },
    });
    // Back in the catalog: forgotten, so leaving again is told again.
    catalog.add('component:default/gone');
    advance(SLOW_CHECK_MS);
    await notifier.run();
    expect(
      [...world.notified.values()].filter(r => r.topic === 'orphan'),
    ).toEqual([]);
  });

  it('looks for orphans and rotation every quarter of an hour only', async () => {
    const { world, sender, notifier, advance } = setup();
    await notifier.run();
    world.addMapping(mappingOf('o1', { entityRef: 'component:default/gone' }), {
      local: synced,
    });
    advance(SLOW_CHECK_MS - 1000);
    await notifier.run();
    expect(sender.sent).toEqual([]);
    advance(1000);
    await notifier.run();
    expect(sender.sent).toHaveLength(1);
  });

  it('tells rotation due once, and again after a rotation ages', async () => {
    const { world, sender, notifier, advance } = setup();
    const version = (createdTime: string) => ({
      ...synced,
      syncedVersions: [{ key: 'payments/app', version: 3, createdTime }],
    });
    world.addMapping(mappingOf('r', { maxAge: '720h' }), {
      local: version('2026-10-01T00:00:00Z'),
    });
    await notifier.run();
    advance(SLOW_CHECK_MS);
    await notifier.run();
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0].payload).toMatchObject({
      title: 'Secret payments/secret-r of payments-api: rotation due',
      severity: 'low',
      topic: TOPICS.rotation,
    });
    expect(sender.sent[0].payload.description).toContain('30 days');
    world.setRow('r', 'local', version('2026-12-10T10:00:00Z'));
    advance(SLOW_CHECK_MS);
    await notifier.run();
    expect(world.notified.size).toBe(0);
    advance(31 * 24 * 3600_000);
    await notifier.run();
    expect(sender.sent).toHaveLength(2);
  });

  it('reads every scan in pages', async () => {
    const { world, notifier } = setup();
    for (let i = 0; i < 1200; i++)
      world.addMapping(mappingOf(`m${String(i).padStart(4, '0')}`), {
        local: failing(1),
      });
    await notifier.run();
    expect(world.calls.filter(c => c.startsWith('failing'))).toEqual([
      'failing:500',
      'failing:500',
      'failing:500',
    ]);
    expect(world.notified.size).toBe(1200);
  });
});
