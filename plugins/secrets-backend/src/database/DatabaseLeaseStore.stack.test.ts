import { mockServices } from '@backstage/backend-test-utils';
import {
  createTestDatabases,
  mappingsOn,
} from '../__testUtils__/testDatabases';
import { DatabaseLeaseStore } from './DatabaseLeaseStore';
import type { DynamicLease } from './LeaseStore';

/** The lease table's contract on PostgreSQL and SQLite: one current lease per mapping, revocation queue with backoff. */

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const t0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

const lease = (
  mappingId: string,
  leaseId: string | undefined,
): Omit<DynamicLease, 'id' | 'status' | 'revokeFailures'> => ({
  mappingId,
  store: 'kv',
  engine: leaseId ? 'database' : 'pki',
  leaseId,
  serialNumber: leaseId ? undefined : '1a:2b',
  fingerprint: 'sha256:f',
  dataHmac: 'v1:h',
  issuedAt: t0,
  expiresAt: at(3600),
  leaseDurationS: 3600,
  renewable: Boolean(leaseId),
  renewals: 0,
  nextAction: leaseId ? 'renew' : 'reissue',
  nextActionAt: at(2400),
});

describe.each(ids)('LeaseStore contract on %s', databaseId => {
  async function setup() {
    const db = await databases.init(databaseId);
    const store = await DatabaseLeaseStore.create(
      mockServices.database.mock({ getClient: async () => db }),
    );
    return { db, store };
  }

  it('keeps one current lease per mapping; a replaced one is deleted or queued for revocation', async () => {
    const { store } = await setup();
    await store.replace(lease('m1', 'database/creds/app/a'), 'delete');
    expect(await store.current('m1')).toMatchObject({
      status: 'current',
      leaseId: 'database/creds/app/a',
      issuedAt: t0,
      expiresAt: at(3600),
      renewable: true,
    });
    await store.replace(lease('m1', 'database/creds/app/b'), 'revoke');
    expect((await store.current('m1'))!.leaseId).toBe('database/creds/app/b');
    expect((await store.toRevoke(10, t0)).map(l => l.leaseId)).toEqual([
      'database/creds/app/a',
    ]);
    await store.replace(lease('m1', 'database/creds/app/c'), 'delete');
    expect((await store.toRevoke(10, t0)).map(l => l.leaseId)).toEqual([
      'database/creds/app/a',
    ]);
    expect([...(await store.currentOf(['m1', 'm2'])).keys()]).toEqual(['m1']);
  });

  it('currentOfEntity reads the current leases of one entity’s mappings only, none queued for revocation', async () => {
    const { db, store } = await setup();
    const { create } = await mappingsOn(db);
    const mine = await create('component:default/a', 'one');
    const also = await create('component:default/a', 'two');
    const theirs = await create('component:default/b', 'three');
    await store.replace(lease(mine.id, 'database/creds/app/old'), 'delete');
    await store.replace(lease(mine.id, 'database/creds/app/new'), 'revoke');
    await store.replace(lease(also.id, undefined), 'delete');
    await store.replace(lease(theirs.id, 'database/creds/app/b'), 'delete');

    const current = await store.currentOfEntity('component:default/a');
    expect([...current.keys()].sort()).toEqual([mine.id, also.id].sort());
    expect(current.get(mine.id)).toEqual(await store.current(mine.id));
    expect(current.get(mine.id)!.leaseId).toBe('database/creds/app/new');
    expect(current.get(also.id)!.serialNumber).toBe('1a:2b');
    expect(await store.currentOfEntity('component:default/none')).toEqual(
      new Map(),
    );
  });

  it('records renewals and a requested replacement', async () => {
    const { store } = await setup();
    await store.replace(lease('m1', 'database/creds/app/a'), 'delete');
    const current = (await store.current('m1'))!;
    await store.update(current.id, {
      expiresAt: at(7200),
      renewals: 1,
      nextActionAt: at(6000),
    });
    expect(await store.current('m1')).toMatchObject({
      expiresAt: at(7200),
      renewals: 1,
      nextAction: 'renew',
      nextActionAt: at(6000),
    });
    expect(await store.requestReplace('m1', at(10))).toBe(true);
    expect(await store.current('m1')).toMatchObject({
      nextAction: 'replace',
      nextActionAt: at(10),
    });
    expect(await store.requestReplace('nope', at(10))).toBe(false);
  });

  it('queues a retired lease for revocation and backs off after failures; a certificate has nothing to revoke', async () => {
    const { store } = await setup();
    await store.replace(lease('m1', 'database/creds/app/a'), 'delete');
    await store.replace(lease('m2', undefined), 'delete');
    expect((await store.retire('m1'))!.leaseId).toBe('database/creds/app/a');
    expect(await store.retire('m2')).toMatchObject({ serialNumber: '1a:2b' });
    expect(await store.retire('m3')).toBeUndefined();
    expect(await store.current('m1')).toBeUndefined();
    const [queued] = await store.toRevoke(10, t0);
    expect(queued.mappingId).toBe('m1');
    expect(await store.toRevoke(10, t0)).toHaveLength(1);

    await store.revokeFailed(queued.id, t0);
    expect(await store.toRevoke(10, at(4))).toEqual([]);
    expect(await store.toRevoke(10, at(5))).toHaveLength(1);
    await store.revokeFailed(queued.id, at(5));
    expect(await store.toRevoke(10, at(14))).toEqual([]);
    const [again] = await store.toRevoke(10, at(15));
    expect(again.revokeFailures).toBe(2);
    await store.revoked(again.id);
    expect(await store.toRevoke(10, at(1000))).toEqual([]);
  });
});
