import { ConflictError } from '@backstage/errors';
import {
  FakeMappingEngine,
  InMemoryMappingStore,
  PAYMENTS_API,
  accessOver,
  testSecretsConfig,
  userCaller,
} from '../__testUtils__/fakes';
import { BulkImportService } from './BulkImportService';

const ENTITY = 'component:default/payments-api';
const alice = userCaller('user:default/alice', ['group:default/team-payments']);
const es = (name: string) => `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: ${name} }
spec:
  secretStoreRef: { name: kv2, kind: ClusterSecretStore }
  target: { name: ${name} }
  data:
    - secretKey: password
      remoteRef: { key: payments/payments-api, property: password }
`;

/** A store where the second create loses a race for its Secret. */
class RacingStore extends InMemoryMappingStore {
  private creates = 0;
  override async create(...args: Parameters<InMemoryMappingStore['create']>) {
    if (++this.creates === 2)
      throw new ConflictError('target: Secret payments/b was just claimed');
    return super.create(...args);
  }
}

function setup() {
  const config = testSecretsConfig();
  const mappings = new RacingStore();
  const engine = new FakeMappingEngine();
  const service = new BulkImportService({
    mappings,
    engine,
    access: accessOver([PAYMENTS_API], config),
    stores: config.stores,
    clusters: () => ['local'],
    accessConfig: config.access,
  });
  return { service, mappings, engine };
}

const body = (mode: string) => ({
  files: [{ name: 'a.yaml', yaml: `${es('a')}---\n${es('b')}` }],
  mode,
});

describe('BulkImportService', () => {
  it('undoes an all-or-nothing import when a Secret is claimed meanwhile, before any sync', async () => {
    const { service, mappings, engine } = setup();
    await expect(service.importAll(alice, ENTITY, body('all'))).rejects.toThrow(
      /a\.yaml: b: .*nothing was imported/,
    );
    expect(await mappings.list()).toEqual([]);
    expect(engine.saved).toEqual([]);
  });

  it('keeps what it could write when asked for the valid ones, and syncs only those', async () => {
    const { service, mappings, engine } = setup();
    const { result, meta } = await service.importAll(
      alice,
      ENTITY,
      body('valid'),
    );
    expect(result.documents.map(d => [d.name, d.outcome])).toEqual([
      ['a', 'created'],
      ['b', 'refused'],
    ]);
    expect((await mappings.list()).map(m => m.spec.target.name)).toEqual(['a']);
    expect(engine.saved.map(s => s.mapping.spec.target.name)).toEqual(['a']);
    expect(meta).toMatchObject({ accepted: 2, refused: 1, mode: 'valid' });
  });

  it('refuses a document whose Secret another mapping writes, looking up only the Secrets it names', async () => {
    const { service, mappings } = setup();
    const other = await mappings.create('component:default/search-api', {
      actor: 'user:default/carol',
      spec: {
        store: 'kv2',
        data: [{ secretKey: 'k', remoteRef: { key: 'search/api' } }],
        target: { clusters: ['local'], namespace: 'payments', name: 'a' },
      },
    });
    const list = jest.spyOn(mappings, 'list');
    const writersOf = jest.spyOn(mappings, 'writersOf');
    const { result } = await service.importAll(alice, ENTITY, body('dryRun'));
    expect(result.documents.map(d => [d.name, d.outcome])).toEqual([
      ['a', 'refused'],
      ['b', 'accepted'],
    ]);
    expect(result.documents[0].issues?.[0].message).toContain(
      `mapping ${other.id} of component:default/search-api`,
    );
    expect(writersOf).toHaveBeenCalledWith([
      { cluster: 'local', namespace: 'payments', name: 'a' },
      { cluster: 'local', namespace: 'payments', name: 'b' },
    ]);
    expect(list).not.toHaveBeenCalled();
  });
});
