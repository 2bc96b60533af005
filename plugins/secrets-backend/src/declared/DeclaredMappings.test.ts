import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import type { DeclaredMappings as DeclaredStatus } from '@backstage-secrets/plugin-secrets-common';
import {
  FakeMappingEngine,
  InMemoryMappingStore,
  PAYMENTS_API,
  testSecretsConfig,
} from '../__testUtils__/fakes';
import type { DeclaredStatusStore } from '../database';
import { DeclaredReadError, type DeclaredFile } from './DeclaredFileReader';
import { DeclaredMappings } from './DeclaredMappings';

const REF = 'component:default/payments-api';
const FILE = 'file:/repo/deploy/secrets.yaml';

const doc = (
  name: string,
  property = 'password',
) => `apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: ${name}
spec:
  secretStoreRef: { name: kv2, kind: ClusterSecretStore }
  target: { name: ${name} }
  data:
    - secretKey: password
      remoteRef: { key: payments/payments-api, property: ${property} }
`;

class Statuses implements DeclaredStatusStore {
  readonly rows = new Map<string, DeclaredStatus>();
  async get(ref: string) {
    return this.rows.get(ref);
  }
  async put(ref: string, status: DeclaredStatus) {
    this.rows.set(ref, status);
  }
  async delete(ref: string) {
    this.rows.delete(ref);
  }
  async entityRefs() {
    return [...this.rows.keys()];
  }
}

function setup() {
  const config = testSecretsConfig();
  const mappings = new InMemoryMappingStore();
  const engine = new FakeMappingEngine();
  const statuses = new Statuses();
  let files: DeclaredFile[] | Error = [];
  let catalog: Entity[] = [];
  const entity: Entity = {
    ...PAYMENTS_API,
    metadata: {
      ...PAYMENTS_API.metadata,
      annotations: {
        ...PAYMENTS_API.metadata.annotations,
        'secrets.backstage.io/external-secrets': './deploy/*.yaml',
      },
    },
  };
  catalog = [entity];
  const declared = new DeclaredMappings({
    mappings,
    statuses,
    engine,
    files: {
      async read() {
        if (files instanceof Error) throw files;
        return files;
      },
    },
    entities: {
      annotated: async () => catalog,
      get: async ref => catalog.find(() => ref === REF),
    },
    stores: config.stores,
    clusters: () => ['local'],
    accessConfig: config.access,
    logger: mockServices.logger.mock(),
  });
  return {
    declared,
    mappings,
    engine,
    statuses,
    entity,
    setFiles: (f: DeclaredFile[] | Error) => {
      files = f;
    },
    setCatalog: (c: Entity[]) => {
      catalog = c;
    },
  };
}

describe('DeclaredMappings', () => {
  it('creates, updates and retires mappings as the file changes, queuing each for sync', async () => {
    const t = setup();
    t.setFiles([{ url: FILE, content: `${doc('a')}---\n${doc('b')}` }]);
    await t.declared.reconcileAll();
    const created = await t.mappings.list();
    expect(created.map(m => m.source)).toEqual([
      { type: 'git', url: FILE, document: 'a' },
      { type: 'git', url: FILE, document: 'b' },
    ]);
    expect(t.engine.saved.map(s => s.actor)).toEqual(['git', 'git']);

    t.setFiles([{ url: FILE, content: doc('a', 'api_key') }]);
    const status = await t.declared.reconcile(t.entity, REF);
    expect(status.documents.map(d => [d.name, d.outcome])).toEqual([
      ['a', 'updated'],
    ]);
    expect(t.engine.retired.map(m => m.source?.document)).toEqual(['b']);
    expect((await t.mappings.list()).map(m => m.revision)).toEqual([2]);
    // Reading the same file again changes nothing.
    const again = await t.declared.reconcile(t.entity, REF);
    expect(again.documents.map(d => d.outcome)).toEqual(['unchanged']);
    expect(t.engine.saved).toHaveLength(3);
  });

  it('keeps every mapping when the files cannot be read, and says why', async () => {
    const t = setup();
    t.setFiles([{ url: FILE, content: doc('a') }]);
    await t.declared.reconcileAll();
    t.setFiles(new DeclaredReadError('could not read x: 503'));
    const status = await t.declared.reconcile(t.entity, REF);
    expect(status.error).toBe(
      'could not read x: 503; the declared mappings are kept as they were',
    );
    expect(status.documents).toEqual([
      expect.objectContaining({ name: 'a', outcome: 'unchanged' }),
    ]);
    expect(await t.mappings.list()).toHaveLength(1);
    expect(t.engine.retired).toEqual([]);
  });

  it('retires everything of an entity deleted from the catalog, and forgets its status', async () => {
    const t = setup();
    t.setFiles([{ url: FILE, content: doc('a') }]);
    await t.declared.reconcileAll();
    expect(await t.statuses.entityRefs()).toEqual([REF]);
    t.setCatalog([]);
    expect(await t.declared.reconcileAll()).toEqual({
      entities: 0,
      retired: 1,
    });
    expect(await t.mappings.list()).toEqual([]);
    expect(t.engine.retired).toHaveLength(1);
    expect(await t.declared.status(REF)).toEqual({
      declared: false,
      documents: [],
    });
  });

  it('refuses unnamed, duplicate and ClusterExternalSecret documents by field, and skips other kinds', async () => {
    const t = setup();
    t.setFiles([
      {
        url: FILE,
        content: [
          doc('a'),
          doc('a'),
          doc('').replace('  name: \n', ''),
          'apiVersion: external-secrets.io/v1\nkind: ClusterExternalSecret\nmetadata: { name: c }\n',
          'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: d }\n',
        ].join('---\n'),
      },
    ]);
    const status = await t.declared.reconcile(t.entity, REF);
    expect(
      status.documents.map(d => [d.name, d.outcome, d.issues?.[0]?.path]),
    ).toEqual([
      ['a', 'created', undefined],
      ['a', 'refused', 'metadata.name'],
      ['#3', 'refused', 'metadata.name'],
      ['c', 'refused', 'spec.namespaces'],
    ]);
  });
});
