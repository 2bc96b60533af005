import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  callers,
  paymentsKvSpec,
  snapshotTables,
  startApiBackend,
} from '../service/__testUtils__/apiBackend';

jest.setTimeout(120_000);

// The mock registry names every action "test:<name>"; in a backend they are "secrets:<name>".
const action = (name: string) => `test:${name}`;

const { databases, ids } = createTestDatabases();

describe.each(ids)('The actions registry on %s', databaseId => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;
  const registry = actionsRegistryServiceMock({
    logger: mockServices.logger.mock(),
  });
  const name = `action-${databaseId
    .toLowerCase()
    .replace(/_/g, '-')}-${Date.now().toString(36)}`;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    backend = await startApiBackend({ knex, actionsRegistry: registry });
  });
  afterAll(() => backend?.stop());

  it("creates a mapping with the caller's rights, audited, and lists it; a non-owner is refused", async () => {
    const created = await registry.invoke({
      id: action('create-secret-mapping'),
      input: {
        entityRef: 'component:default/payments-api',
        spec: paymentsKvSpec(name),
      },
      credentials: mockCredentials.user('user:default/alice'),
    });
    expect(created.output).toEqual({
      mappingId: expect.any(String),
      secret: `payments/${name}`,
    });
    const id = (created.output as { mappingId: string }).mappingId;
    const sync = await request(backend.server)
      .post(`/api/secrets/mappings/${id}/sync`)
      .set('authorization', callers.member);
    expect(sync.body.status[0]).toMatchObject({ status: 'Synced' });
    expect(backend.audits).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          eventId: 'mapping-create',
          outcome: 'succeeded',
          meta: expect.objectContaining({ mappingId: id }),
        }),
      ]),
    );

    const listed = await registry.invoke({
      id: action('list-secret-mappings'),
      input: { entityRef: 'component:default/payments-api' },
      credentials: mockCredentials.user('user:default/carol'),
    });
    expect(listed.output).toEqual({
      mappings: expect.arrayContaining([
        {
          id,
          store: 'local-kv2',
          secret: `payments/${name}`,
          clusters: [{ cluster: 'local', status: 'Synced' }],
        },
      ]),
    });

    const before = await snapshotTables(knex);
    await expect(
      registry.invoke({
        id: action('create-secret-mapping'),
        input: {
          entityRef: 'component:default/payments-api',
          spec: paymentsKvSpec(`${name}-denied`),
        },
        credentials: mockCredentials.user('user:default/carol'),
      }),
    ).rejects.toThrow(/only its owners/);
    expect(await snapshotTables(knex)).toBe(before);
  });
});
