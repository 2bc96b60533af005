import { testSecretsConfig } from '../__testUtils__/fakes';
import {
  parseImportBody,
  parsePreviewBody,
  parseWriteBody,
} from './mappingRequests';

const names = { stores: testSecretsConfig().stores, clusters: ['local'] };
const spec = {
  store: 'kv2',
  data: [{ secretKey: 'a', remoteRef: { key: 'payments/a' } }],
  target: { clusters: ['local'], namespace: 'payments', name: 'a' },
};

/** The issues a parser throws, as `path: message` lines. */
function issuesOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    return (
      (error as { issues?: { path: string; message: string }[] }).issues ?? []
    ).map(i => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the body to be refused');
}

describe('parseWriteBody', () => {
  it('accepts a spec, and a revision only on replace', () => {
    expect(parseWriteBody({ spec }, names, { update: false }).spec).toEqual(
      spec,
    );
    expect(
      parseWriteBody({ spec, revision: 3 }, names, { update: true }).revision,
    ).toBe(3);
    expect(
      issuesOf(() =>
        parseWriteBody({ spec, revision: 3 }, names, { update: false }),
      ),
    ).toEqual([expect.stringMatching(/^revision: /)]);
  });

  it('names every field that breaks a rule, and stores or clusters the config lacks', () => {
    expect(
      issuesOf(() => parseWriteBody([], names, { update: false })),
    ).toEqual([': must be a JSON object with a spec']);
    expect(
      issuesOf(() =>
        parseWriteBody({ spec: { ...spec, store: 'vault9' } }, names, {
          update: false,
        }),
      ),
    ).toEqual([
      'spec.store: "vault9" is not a configured store (known: kv2, kv1)',
    ]);
    expect(
      issuesOf(() =>
        parseWriteBody(
          {
            spec: { ...spec, target: { ...spec.target, clusters: ['prod'] } },
          },
          names,
          { update: false },
        ),
      ),
    ).toEqual([
      'spec.target.clusters[0]: "prod" is not a configured cluster (known: local)',
    ]);
    expect(
      issuesOf(() =>
        parseWriteBody(
          { spec: { ...spec, data: [{ secretKey: 'a' }] } },
          names,
          { update: false },
        ),
      ).some(i => i.startsWith('spec.data[0].remoteRef')),
    ).toBe(true);
  });
});

describe('metadataPolicy Fetch', () => {
  it('needs a KV v2 store, and no version', () => {
    const fetch = (store: string, version?: number) => ({
      spec: {
        ...spec,
        store,
        data: [
          {
            secretKey: 'a',
            remoteRef: {
              key: 'payments/a',
              metadataPolicy: 'Fetch',
              ...(version ? { version } : {}),
            },
          },
        ],
      },
    });
    expect(
      issuesOf(() => parseWriteBody(fetch('kv1'), names, { update: false })),
    ).toEqual([
      'spec.data[0].remoteRef.metadataPolicy: Fetch needs a KV v2 store; "kv1" is KV v1',
    ]);
    expect(
      issuesOf(() => parseWriteBody(fetch('kv2', 3), names, { update: false })),
    ).toEqual([
      'spec.data[0].remoteRef.version: does not apply with metadataPolicy Fetch: custom metadata has no versions',
    ]);
    expect(
      parseWriteBody(fetch('kv2'), names, { update: false }).spec.data![0]
        .remoteRef.metadataPolicy,
    ).toBe('Fetch');
  });
});

describe('parseImportBody', () => {
  it('defaults clusters to the only one configured and names bad fields', () => {
    expect(parseImportBody({ yaml: 'kind: X' }, ['local'])).toEqual({
      yaml: 'kind: X',
      clusters: ['local'],
      dryRun: false,
    });
    expect(
      issuesOf(() =>
        parseImportBody({ yaml: '', dryRun: 'yes', x: 1 }, ['a', 'b']),
      ),
    ).toEqual([
      'x: is not a known field (known: yaml, store, clusters, dryRun)',
      'yaml: is required: the ExternalSecret manifest as text',
      'dryRun: must be true or false',
      'clusters: is required when more than one cluster is configured (ESO has no equivalent)',
    ]);
  });
});

describe('parsePreviewBody', () => {
  it('reports the entity ref and the spec together', () => {
    expect(
      parsePreviewBody({ entityRef: 'component:default/a', spec }, names),
    ).toEqual({ entityRef: 'component:default/a', spec });
    expect(issuesOf(() => parsePreviewBody({ spec: {} }, names))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^entityRef: is required/),
        expect.stringMatching(/^spec\./),
      ]),
    );
    expect(issuesOf(() => parsePreviewBody('x', names))).toEqual([
      ': must be a JSON object',
    ]);
  });
});
