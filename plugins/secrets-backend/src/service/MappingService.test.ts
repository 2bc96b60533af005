import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import {
  FakeMappingEngine,
  FakeSyncStates,
  InMemoryMappingStore,
  PAYMENTS_API,
  accessOver,
  syncState,
  testSecretsConfig,
  userCaller,
} from '../__testUtils__/fakes';
import { PRIORITY } from '../database';
import { VaultError } from '../vault';
import { MappingService } from './MappingService';

const ENTITY = 'component:default/payments-api';
const alice = userCaller('user:default/alice', ['group:default/team-payments']);
const carol = userCaller('user:default/carol', ['group:default/team-search']);

const spec = (extra: Partial<MappingSpec> = {}): MappingSpec => ({
  store: 'kv2',
  data: [
    {
      secretKey: 'password',
      remoteRef: { key: 'payments/payments-api', property: 'password' },
    },
  ],
  target: { clusters: ['local'], namespace: 'payments', name: 'payments-db' },
  ...extra,
});

function setup(
  decision:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const config = testSecretsConfig();
  const mappings = new InMemoryMappingStore();
  const state = new FakeSyncStates(mappings);
  const engine = new FakeMappingEngine();
  const service = new MappingService({
    mappings,
    state,
    leases: {
      current: async () => undefined,
      currentOfEntity: async () => new Map(),
    },
    engine,
    access: accessOver([PAYMENTS_API], config, decision),
    stores: config.stores,
    clusters: () => ['local'],
    accessConfig: config.access,
  });
  return { service, mappings, state, engine };
}

describe('MappingService', () => {
  it('creates a mapping for an owner, queues its first sync and says what to audit', async () => {
    const { service, mappings, engine } = setup();
    const { result, meta } = await service.create(alice, ENTITY, {
      spec: spec(),
    });
    expect(result).toMatchObject({ entityRef: ENTITY, revision: 1 });
    expect(await mappings.get(result.id)).toBeDefined();
    expect(engine.saved).toEqual([
      {
        mapping: expect.objectContaining({ id: result.id }),
        actor: alice.actor,
      },
    ]);
    expect(meta).toEqual({ mappingId: result.id, entityRef: ENTITY });
  });

  it('refuses a non-owner, a bad body and a path outside the prefixes, writing nothing', async () => {
    const { service, mappings, engine } = setup();
    await expect(
      service.create(carol, ENTITY, { spec: spec() }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(
      service.create(alice, ENTITY, { spec: { ...spec(), store: 'nope' } }),
    ).rejects.toMatchObject({
      name: 'InputError',
      issues: [expect.objectContaining({ path: 'spec.store' })],
    });
    await expect(
      service.create(alice, ENTITY, { spec: spec(), extra: 1 }),
    ).rejects.toMatchObject({ name: 'InputError' });
    await expect(
      service.create(alice, ENTITY, {
        spec: spec({
          data: [
            {
              secretKey: 'x',
              remoteRef: { key: 'platform/root', property: 'x' },
            },
          ],
        }),
      }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      issues: [expect.objectContaining({ path: 'spec.data[0].remoteRef.key' })],
    });
    expect(mappings.rows.size).toBe(0);
    expect(engine.saved).toHaveLength(0);
  });

  it('lets the permission policy refuse even an owner', async () => {
    const { service, mappings } = setup(AuthorizeResult.DENY);
    await expect(
      service.create(alice, ENTITY, { spec: spec() }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(mappings.rows.size).toBe(0);
  });

  it('replaces with the revision read, and refuses a stale one', async () => {
    const { service, engine } = setup();
    const { result: created } = await service.create(alice, ENTITY, {
      spec: spec(),
    });
    const { result, meta } = await service.replace(alice, created.id, {
      spec: spec({ refreshInterval: '5m' }),
      revision: 1,
    });
    expect(result.revision).toBe(2);
    expect(meta).toEqual({ entityRef: ENTITY, revision: 2 });
    expect(engine.saved).toHaveLength(2);
    await expect(
      service.replace(alice, created.id, { spec: spec(), revision: 1 }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('deletes through the engine, which says what happened to each Secret', async () => {
    const { service, mappings, engine } = setup();
    const { result: created } = await service.create(alice, ENTITY, {
      spec: spec(),
    });
    await expect(service.delete(carol, created.id)).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    const { result, meta } = await service.delete(alice, created.id);
    expect(result.secrets).toEqual([{ cluster: 'local', outcome: 'deleted' }]);
    expect(meta).toEqual({ entityRef: ENTITY, secrets: ['local:deleted'] });
    expect(engine.retired.map(m => m.id)).toEqual([created.id]);
    expect(mappings.rows.size).toBe(0);
    await expect(service.get(alice, created.id)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('answers sync now with the fresh status, or as not completed while the request is still queued', async () => {
    const { service, state, engine } = setup();
    const { result: created } = await service.create(alice, ENTITY, {
      spec: spec(),
    });
    state.states.set(created.id, [syncState(created.id)]);
    const done = await service.syncNow(alice, created.id);
    expect(done.result).toMatchObject({
      completed: true,
      status: [expect.objectContaining({ status: 'Synced' })],
    });
    expect(engine.syncRequests).toEqual([
      { mappingId: created.id, actor: alice.actor },
    ]);

    // Another replica still holds the row when the wait is over: the request stays queued.
    engine.syncNowStates = async id => [
      syncState(id, { priority: PRIORITY.requested }),
    ];
    const waited = await service.syncNow(alice, created.id);
    expect(waited.result.completed).toBe(false);
    expect(waited.meta).toMatchObject({ completed: false });
  });

  it('lets anyone who may read see mappings and history, with edit rights only for owners', async () => {
    const { service, state } = setup();
    const { result: created } = await service.create(alice, ENTITY, {
      spec: spec(),
    });
    state.events.set(created.id, [
      {
        id: 1,
        mappingId: created.id,
        cluster: 'local',
        at: new Date(0).toISOString(),
        type: 'Synced',
        actor: 'engine',
        reason: 'Created',
      },
    ]);
    const listed = await service.listForEntity(carol, ENTITY);
    expect(listed.items.map(m => m.id)).toEqual([created.id]);
    expect(listed.access).toEqual({
      canEdit: false,
      owners: ['group:default/team-payments'],
    });
    expect((await service.listForEntity(alice, ENTITY)).access.canEdit).toBe(
      true,
    );
    expect(await service.events(carol, created.id, 10)).toEqual([
      expect.objectContaining({ type: 'Synced', reason: 'Created' }),
    ]);
  });

  it('lists an entity’s mappings with their statuses in one read of the states, not one per mapping', async () => {
    const { service, state } = setup();
    const ids: string[] = [];
    for (const name of ['one', 'two', 'three']) {
      const { result } = await service.create(alice, ENTITY, {
        spec: spec({
          target: { clusters: ['local'], namespace: 'payments', name },
        }),
      });
      ids.push(result.id);
    }
    state.states.set(ids[1], [
      {
        mappingId: ids[1],
        cluster: 'local',
        status: 'Synced',
        syncedVersions: [],
        nextDueAt: new Date(0).toISOString(),
        consecutiveFailures: 0,
        priority: 0,
      } as any,
    ]);
    const get = jest.spyOn(state, 'get');
    const ofEntity = jest.spyOn(state, 'ofEntity');
    const listed = await service.listForEntity(alice, ENTITY);
    expect(listed.items.map(m => [m.id, m.status.map(s => s.status)])).toEqual([
      [ids[0], []],
      [ids[1], ['Synced']],
      [ids[2], []],
    ]);
    expect(ofEntity).toHaveBeenCalledTimes(1);
    expect(get).not.toHaveBeenCalled();
  });

  it('previews for owners only, and turns a missing Vault secret into a 400 on the spec', async () => {
    const { service, engine } = setup();
    const body = { entityRef: ENTITY, spec: spec() };
    await expect(service.preview(carol, body)).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    engine.previewResult = async () => ({
      reads: [{ key: 'payments/payments-api', version: 3 }],
      secretKeys: ['password'],
      type: 'Opaque',
    });
    expect(await service.preview(alice, body)).toMatchObject({
      secretKeys: ['password'],
    });
    engine.previewResult = async () => {
      throw new VaultError({
        kind: 'notFound',
        store: 'kv2',
        verb: 'read',
        path: 'payments/payments-api',
        detail: 'no such secret',
      });
    };
    await expect(service.preview(alice, body)).rejects.toMatchObject({
      name: 'InputError',
      issues: [expect.objectContaining({ path: 'spec' })],
    });
  });

  it('imports an ExternalSecret as a dry run without writing, then for real', async () => {
    const { service, mappings, engine } = setup();
    const yaml = `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: payments-db
  namespace: payments
spec:
  secretStoreRef: { name: kv2, kind: ClusterSecretStore }
  target: { name: payments-db }
  data:
    - secretKey: password
      remoteRef: { key: payments/payments-api, property: password }
`;
    const dry = await service.importExternalSecret(alice, ENTITY, {
      yaml,
      dryRun: true,
    });
    expect(dry.meta).toEqual({ dryRun: true });
    expect(mappings.rows.size).toBe(0);
    const real = await service.importExternalSecret(alice, ENTITY, { yaml });
    expect(real.result).toMatchObject({ entityRef: ENTITY });
    expect(engine.saved).toHaveLength(1);
  });
});
