import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { callers, startApiBackend } from './__testUtils__/apiBackend';
import { adminCoreApi, writeVaultData } from '../__testUtils__/stackAdmin';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/secrets';
const IMPORT = `${BASE}/entities/component/default/payments-api/mappings:import`;

describe.each(ids)(
  'ESO decodingStrategy and mergePolicy against Vault and the cluster on %s',
  databaseId => {
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startApiBackend>>;
    const tag = `${databaseId
      .toLowerCase()
      .replace(/_/g, '-')}-${Date.now().toString(36)}`;
    // A keystore-like value: random bytes, almost surely not UTF-8, with a JKS magic number.
    const keystore = Buffer.concat([
      Buffer.from([0xfe, 0xed, 0xfe, 0xed]),
      randomBytes(64),
    ]);
    const token = `plain-${tag}`;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startApiBackend({ knex });
      await writeVaultData(backend.info, `payments/decoding-${tag}`, {
        keystore: keystore.toString('base64'),
        // Base64URL of the same bytes, for the URL decoder.
        keystore_url: keystore
          .toString('base64')
          .replace(/\+/g, '-')
          .replace(/\//g, '_'),
        user: Buffer.from('payments').toString('base64'),
        token,
      });
    });
    afterAll(() => backend?.stop());

    it('writes the decoded bytes of each value, byte for byte, and merges templated keys with the data keys', async () => {
      const name = `decoded-${tag}`;
      const yaml = `
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: ${name}, namespace: payments }
spec:
  secretStoreRef: { kind: ClusterSecretStore, name: local-kv2 }
  target:
    name: ${name}
    template:
      engineVersion: v2
      mergePolicy: Merge
      data:
        dsn: 'postgres://{{ .user }}@db'
  data:
  - secretKey: keystore.jks
    remoteRef: { key: payments/decoding-${tag}, property: keystore, decodingStrategy: Base64 }
  - secretKey: keystore-url.jks
    remoteRef: { key: payments/decoding-${tag}, property: keystore_url, decodingStrategy: Base64URL }
  - secretKey: user
    remoteRef: { key: payments/decoding-${tag}, property: user, decodingStrategy: Auto }
  - secretKey: token
    remoteRef: { key: payments/decoding-${tag}, property: token, decodingStrategy: Auto }
`;
      const created = await request(backend.server)
        .post(IMPORT)
        .set('authorization', callers.member)
        .send({ yaml });
      expect(created.status).toBe(201);
      const sync = await request(backend.server)
        .post(`${BASE}/mappings/${created.body.id}/sync`)
        .set('authorization', callers.member);
      expect(sync.body.status[0]).toMatchObject({ status: 'Synced' });
      const secret = await adminCoreApi(backend.info).readNamespacedSecret({
        name,
        namespace: 'payments',
      });
      const bytes = (key: string) => Buffer.from(secret.data![key], 'base64');
      expect(Object.keys(secret.data!).sort()).toEqual([
        'dsn',
        'keystore-url.jks',
        'keystore.jks',
        'token',
        'user',
      ]);
      expect(bytes('keystore.jks').equals(keystore)).toBe(true);
      expect(bytes('keystore-url.jks').equals(keystore)).toBe(true);
      expect(bytes('user').toString()).toBe('payments');
      // Auto keeps a value neither encoding decodes.
      expect(bytes('token').toString()).toBe(token);
      expect(bytes('dsn').toString()).toBe('postgres://payments@db');

      // The export says the same, so ESO would write the same Secret.
      const exported = await request(backend.server)
        .get(`${BASE}/mappings/${created.body.id}/export`)
        .set('authorization', callers.member);
      expect(exported.text).toContain('decodingStrategy: Base64URL');
      expect(exported.text).toContain('mergePolicy: Merge');
    });

    it('fails a value that is not Base64 with a reason naming the field, leaving no Secret and no value in the status', async () => {
      const name = `undecodable-${tag}`;
      const created = await request(backend.server)
        .post(`${BASE}/entities/component/default/payments-api/mappings`)
        .set('authorization', callers.member)
        .send({
          spec: {
            store: 'local-kv2',
            data: [
              {
                secretKey: 'token',
                remoteRef: {
                  key: `payments/decoding-${tag}`,
                  property: 'token',
                  decodingStrategy: 'Base64',
                },
              },
            ],
            target: { clusters: ['local'], namespace: 'payments', name },
          },
        });
      expect(created.status).toBe(201);
      const sync = await request(backend.server)
        .post(`${BASE}/mappings/${created.body.id}/sync`)
        .set('authorization', callers.member);
      expect(sync.body.status[0]).toMatchObject({
        status: 'SyncedError',
        reason: 'InvalidDecoding',
      });
      expect(sync.body.status[0].message).toContain(
        'data[0].remoteRef.decodingStrategy',
      );
      expect(JSON.stringify(sync.body)).not.toContain(token);
    });
  },
);
