/**
 * ExternalSecret documents written from ESO's field reference, for the corpus test: each one
 * either syncs into a Secret whose bytes are given here (as ESO's documented semantics make
 * them), or is refused with the field that stops it. Values come from the Vault secrets of
 * {@link corpusVault}; `t` (a per-run tag) keeps Secret names apart.
 */

/** Bytes that are not UTF-8: a JKS magic number and high bytes. */
export const BINARY = Buffer.from([
  0xfe, 0xed, 0xfe, 0xed, 0x00, 0xff, 0x80, 0x0a, 0xc3,
]);
const urlB64 = (b: Buffer) =>
  b.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

/** KV v2 custom metadata by path: for `metadataPolicy: Fetch`, and tags for `find.tags`. */
export const CORPUS_METADATA: Record<string, Record<string, string>> = {
  'payments/corpus/app': { owner: 'team-payments', tier: 'gold' },
  'payments/corpus/find/one': { team: 'payments' },
  'payments/corpus/find/two': { team: 'search' },
};

/** What the test writes to Vault (KV v2 at `secret/`) before importing; app gets two versions. */
export function corpusVault(password: string) {
  return {
    'payments/corpus/app': [
      { username: 'u1', password: 'p1' },
      {
        username: 'app',
        password,
        port: 5432,
        'dotted.key': 'dot',
        nested: { db: { host: 'db.payments.svc', hosts: ['a', 'b'] } },
      },
    ],
    'payments/corpus/registry': [{ username: 'ci', password: 'pw' }],
    'payments/corpus/tls': [
      {
        'tls.crt':
          '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
        'tls.key':
          '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n',
      },
    ],
    'payments/corpus/b64': [
      {
        bin: BINARY.toString('base64'),
        url: urlB64(BINARY),
        text: Buffer.from('hello').toString('base64'),
        plain: 'not-base64!',
      },
    ],
    'payments/corpus/find/one': [{ a: '1' }],
    'payments/corpus/find/two': [{ b: '2' }],
  };
}

export interface CorpusDocument {
  name: string;
  yaml: string;
  /** The Secret ESO would write: its data (text or bytes) and type. */
  expect?: {
    data: Record<string, string | Buffer>;
    type?: string;
    labels?: Record<string, string>;
    /** Written with `immutable: true`. */
    immutable?: boolean;
  };
  /** `creationPolicy: None`: synced, and no Secret written. */
  absent?: boolean;
  /** The field a refusal must name. */
  refused?: string;
}

interface HeadOptions {
  apiVersion?: string;
  kind?: string;
  /** Lines added under `metadata:`. */
  metadata?: string;
  namespace?: string | null;
  store?: string;
  storeKind?: string;
}

const head = (name: string, t: string, o: HeadOptions = {}) =>
  `apiVersion: ${o.apiVersion ?? 'external-secrets.io/v1'}
kind: ${o.kind ?? 'ExternalSecret'}
metadata:
  name: ${name}-${t}
${o.namespace === null ? '' : `  namespace: ${o.namespace ?? 'payments'}\n`}${
    o.metadata ?? ''
  }spec:
  secretStoreRef: { kind: ${o.storeKind ?? 'ClusterSecretStore'}, name: ${
    o.store ?? 'local-kv2'
  } }
`;
const ref = (key: string, more = '') => `{ key: ${key}${more} }`;
const APP = 'payments/corpus/app';

/** The accepted documents and the Secret each must produce. */
/**
 * `appV1` is the version this run wrote first at payments/corpus/app (a long-lived stack keeps
 * only Vault's last 10 versions).
 */
export function acceptedCorpus(
  t: string,
  password: string,
  appV1: number,
): CorpusDocument[] {
  const one = (
    name: string,
    body: string,
    data: Record<string, string | Buffer>,
    opts: HeadOptions & {
      type?: string;
      labels?: Record<string, string>;
      immutable?: boolean;
    } = {},
  ): CorpusDocument => ({
    name: `${name}-${t}`,
    yaml: head(name, t, opts) + body,
    expect: {
      data,
      type: opts.type,
      labels: opts.labels,
      immutable: opts.immutable,
    },
  });
  const appJson = JSON.stringify({
    'dotted.key': 'dot',
    nested: { db: { host: 'db.payments.svc', hosts: ['a', 'b'] } },
    password,
    port: 5432,
    username: 'app',
  });
  return [
    one(
      'c01-v1beta1',
      `  target: { name: c01-v1beta1-${t} }\n  data:\n  - { secretKey: user, remoteRef: ${ref(
        APP,
        ', property: username',
      )} }\n`,
      { user: 'app' },
      { apiVersion: 'external-secrets.io/v1beta1' },
    ),
    one(
      'c02-property',
      `  target: { name: c02-property-${t} }\n  data:\n  - { secretKey: pass, remoteRef: ${ref(
        APP,
        ', property: password',
      )} }\n`,
      { pass: password },
    ),
    one(
      'c03-whole',
      `  target: { name: c03-whole-${t} }\n  data:\n  - { secretKey: all, remoteRef: ${ref(
        APP,
      )} }\n`,
      { all: appJson },
    ),
    one(
      'c04-path',
      `  target: { name: c04-path-${t} }\n  data:\n  - { secretKey: host, remoteRef: ${ref(
        APP,
        ', property: nested.db.host',
      )} }\n`,
      { host: 'db.payments.svc' },
    ),
    one(
      'c05-index',
      `  target: { name: c05-index-${t} }\n  data:\n  - { secretKey: second, remoteRef: ${ref(
        APP,
        ', property: nested.db.hosts.1',
      )} }\n`,
      { second: 'b' },
    ),
    one(
      'c06-dotted',
      `  target: { name: c06-dotted-${t} }\n  data:\n  - { secretKey: d, remoteRef: ${ref(
        APP,
        ', property: dotted.key',
      )} }\n`,
      { d: 'dot' },
    ),
    one(
      'c07-number',
      `  target: { name: c07-number-${t} }\n  data:\n  - { secretKey: port, remoteRef: ${ref(
        APP,
        ', property: port',
      )} }\n`,
      { port: '5432' },
    ),
    one(
      'c08-object',
      `  target: { name: c08-object-${t} }\n  data:\n  - { secretKey: db, remoteRef: ${ref(
        APP,
        ', property: nested.db',
      )} }\n`,
      { db: '{"host":"db.payments.svc","hosts":["a","b"]}' },
    ),
    one(
      'c09-version',
      `  target: { name: c09-version-${t} }\n  data:\n  - { secretKey: user, remoteRef: ${ref(
        APP,
        `, property: username, version: "${appV1}"`,
      )} }\n`,
      { user: 'u1' },
    ),
    one(
      'c10-extract',
      `  target: { name: c10-extract-${t} }\n  dataFrom:\n  - extract: ${ref(
        APP,
      )}\n`,
      {
        'dotted.key': 'dot',
        nested: '{"db":{"host":"db.payments.svc","hosts":["a","b"]}}',
        password,
        port: '5432',
        username: 'app',
      },
    ),
    one(
      'c11-extract-property',
      `  target: { name: c11-extract-property-${t} }\n  dataFrom:\n  - extract: ${ref(
        APP,
        ', property: nested.db',
      )}\n`,
      { host: 'db.payments.svc', hosts: '["a","b"]' },
    ),
    one(
      'c12-extract-version',
      `  target: { name: c12-extract-version-${t} }\n  dataFrom:\n  - extract: ${ref(
        APP,
        `, version: "${appV1}"`,
      )}\n`,
      { username: 'u1', password: 'p1' },
    ),
    one(
      'c13-find',
      `  target: { name: c13-find-${t} }\n  dataFrom:\n  - find: { path: payments/corpus/find, name: { regexp: ".*" } }\n`,
      {
        payments_corpus_find_one: '{"a":"1"}',
        payments_corpus_find_two: '{"b":"2"}',
      },
    ),
    one(
      'c14-precedence',
      `  target: { name: c14-precedence-${t} }\n  dataFrom:\n  - extract: ${ref(
        'payments/corpus/registry',
      )}\n  data:\n  - { secretKey: username, remoteRef: ${ref(
        APP,
        ', property: username',
      )} }\n`,
      { username: 'app', password: 'pw' },
    ),
    one(
      'c15-dockerconfig',
      `  target:\n    name: c15-dockerconfig-${t}\n    template:\n      type: kubernetes.io/dockerconfigjson\n      engineVersion: v2\n      data:\n        .dockerconfigjson: '{"auths":{"r.example":{"auth":"{{ printf "%s:%s" .u .p | b64enc }}"}}}'\n  data:\n  - { secretKey: u, remoteRef: ${ref(
        'payments/corpus/registry',
        ', property: username',
      )} }\n  - { secretKey: p, remoteRef: ${ref(
        'payments/corpus/registry',
        ', property: password',
      )} }\n`,
      {
        '.dockerconfigjson': `{"auths":{"r.example":{"auth":"${Buffer.from(
          'ci:pw',
        ).toString('base64')}"}}}`,
      },
      { type: 'kubernetes.io/dockerconfigjson' },
    ),
    one(
      'c16-functions',
      `  target:\n    name: c16-functions-${t}\n    template:\n      data: { shout: '{{ .u | upper }}', quoted: '{{ .u | quote }}' }\n  data:\n  - { secretKey: u, remoteRef: ${ref(
        APP,
        ', property: username',
      )} }\n`,
      { shout: 'APP', quoted: '"app"' },
    ),
    one(
      'c17-merge',
      `  target:\n    name: c17-merge-${t}\n    template:\n      mergePolicy: Merge\n      data: { greeting: 'hello {{ .user }}' }\n  data:\n  - { secretKey: user, remoteRef: ${ref(
        APP,
        ', property: username',
      )} }\n`,
      { user: 'app', greeting: 'hello app' },
    ),
    one(
      'c18-tls',
      `  target:\n    name: c18-tls-${t}\n    template: { type: kubernetes.io/tls, mergePolicy: Merge, data: {} }\n  dataFrom:\n  - extract: ${ref(
        'payments/corpus/tls',
      )}\n`,
      {
        'tls.crt':
          '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
        'tls.key':
          '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n',
      },
      { type: 'kubernetes.io/tls' },
    ),
    one(
      'c19-base64',
      `  target: { name: c19-base64-${t} }\n  data:\n  - { secretKey: keystore.jks, remoteRef: ${ref(
        'payments/corpus/b64',
        ', property: bin, decodingStrategy: Base64',
      )} }\n`,
      { 'keystore.jks': BINARY },
    ),
    one(
      'c20-base64url',
      `  target: { name: c20-base64url-${t} }\n  data:\n  - { secretKey: k, remoteRef: ${ref(
        'payments/corpus/b64',
        ', property: url, decodingStrategy: Base64URL',
      )} }\n`,
      { k: BINARY },
    ),
    one(
      'c21-auto',
      `  target: { name: c21-auto-${t} }\n  data:\n  - { secretKey: text, remoteRef: ${ref(
        'payments/corpus/b64',
        ', property: text, decodingStrategy: Auto',
      )} }\n  - { secretKey: plain, remoteRef: ${ref(
        'payments/corpus/b64',
        ', property: plain, decodingStrategy: Auto',
      )} }\n`,
      { text: 'hello', plain: 'not-base64!' },
    ),
    one(
      'c22-extract-auto',
      `  target: { name: c22-extract-auto-${t} }\n  dataFrom:\n  - extract: ${ref(
        'payments/corpus/b64',
        ', decodingStrategy: Auto',
      )}\n`,
      { bin: BINARY, url: BINARY, text: 'hello', plain: 'not-base64!' },
    ),
    one(
      'c23-metadata',
      `  target: { name: c23-metadata-${t} }\n  data:\n  - { secretKey: user, remoteRef: ${ref(
        APP,
        ', property: username',
      )} }\n`,
      { user: 'app' },
      {
        metadata:
          '  labels: { team: payments }\n  annotations: { example.com/owner: payments }\n',
        labels: { team: 'payments' },
      },
    ),
    one(
      'c24-template-metadata',
      `  target:\n    name: c24-template-metadata-${t}\n    template:\n      metadata: { labels: { tier: backend } }\n      data: { user: '{{ .u }}' }\n  data:\n  - { secretKey: u, remoteRef: ${ref(
        APP,
        ', property: username',
      )} }\n`,
      { user: 'app' },
      { labels: { tier: 'backend' } },
    ),
    one(
      'c25-live-copy',
      `  refreshInterval: 1h\n  target: { name: c25-live-copy-${t}, creationPolicy: Owner, deletionPolicy: Retain }\n  data:\n  - secretKey: user\n    remoteRef: { key: ${APP}, property: username, conversionStrategy: Default, decodingStrategy: None, metadataPolicy: None, nullBytePolicy: Ignore }\nstatus:\n  refreshTime: "2026-01-01T00:00:00Z"\n  conditions: [{ type: Ready, status: "True", reason: SecretSynced }]\n`,
      { user: 'app' },
      {
        metadata:
          '  uid: 0b1c2d3e-0000-4000-8000-000000000000\n  resourceVersion: "12345"\n  generation: 3\n  creationTimestamp: "2026-01-01T00:00:00Z"\n  annotations: { kubectl.kubernetes.io/last-applied-configuration: "{}" }\n',
      },
    ),
    one(
      'c26-leading-slash',
      `  target: { name: c26-leading-slash-${t} }\n  data:\n  - { secretKey: user, remoteRef: ${ref(
        `/${APP}`,
        ', property: username',
      )} }\n`,
      { user: 'app' },
    ),
    one(
      'c27-mount-prefix',
      `  target: { name: c27-mount-prefix-${t} }\n  data:\n  - { secretKey: user, remoteRef: ${ref(
        `secret/data/${APP}`,
        ', property: username',
      )} }\n`,
      { user: 'app' },
    ),
    one(
      'c28-onchange',
      `  refreshInterval: "0"\n  refreshPolicy: OnChange\n  target: { name: c28-onchange-${t} }\n  data:\n  - { secretKey: user, remoteRef: ${ref(
        APP,
        ', property: username',
      )} }\n`,
      { user: 'app' },
    ),
    one(
      'c29-created-once',
      `  refreshPolicy: CreatedOnce\n  target: { name: c29-created-once-${t} }\n  data:\n  - { secretKey: user, remoteRef: ${ref(
        APP,
        ', property: username',
      )} }\n`,
      { user: 'app' },
    ),
    one(
      'c30-periodic',
      `  refreshPolicy: Periodic\n  refreshInterval: 15m\n  target: { name: c30-periodic-${t}, deletionPolicy: Delete }\n  data:\n  - { secretKey: user, remoteRef: ${ref(
        APP,
        ', property: username',
      )} }\n`,
      { user: 'app' },
    ),
    one(
      'c31-orphan',
      `  target: { name: c31-orphan-${t}, creationPolicy: Orphan }\n  data:\n  - { secretKey: user, remoteRef: ${ref(
        APP,
        ', property: username',
      )} }\n`,
      { user: 'app' },
    ),
    one(
      'c32-no-namespace',
      `  target: { name: c32-no-namespace-${t} }\n  data:\n  - { secretKey: user, remoteRef: ${ref(
        APP,
        ', property: username',
      )} }\n`,
      { user: 'app' },
      { namespace: null },
    ),
    one(
      'c33-default-target-name',
      `  target: {}\n  data:\n  - { secretKey: user, remoteRef: ${ref(
        APP,
        ', property: username',
      )} }\n`,
      { user: 'app' },
    ),
    one(
      'c34-secretstore-kind',
      `  target: { name: c34-secretstore-kind-${t} }\n  data:\n  - { secretKey: user, remoteRef: ${ref(
        APP,
        ', property: username',
      )} }\n`,
      { user: 'app' },
      { storeKind: 'SecretStore' },
    ),
    one(
      'c35-b64dec',
      `  target:\n    name: c35-b64dec-${t}\n    template:\n      data: { text: '{{ .enc | b64dec }}' }\n  data:\n  - { secretKey: enc, remoteRef: ${ref(
        'payments/corpus/b64',
        ', property: text',
      )} }\n`,
      { text: 'hello' },
    ),
    one(
      'c36-toyaml',
      `  target:\n    name: c36-toyaml-${t}\n    template:\n      data: { config.yaml: '{{ .db | fromJson | toYaml }}' }\n  data:\n  - { secretKey: db, remoteRef: ${ref(
        APP,
        ', property: nested.db',
      )} }\n`,
      { 'config.yaml': 'host: db.payments.svc\nhosts:\n- a\n- b' },
    ),
    one(
      'c38-null-byte-fail',
      `  target: { name: c38-null-byte-fail-${t} }\n  data:\n  - { secretKey: user, remoteRef: ${ref(
        APP,
        ', property: username, nullBytePolicy: Fail',
      )} }\n`,
      { user: 'app' },
    ),
    one(
      'c39-metadata-fetch',
      `  target: { name: c39-metadata-fetch-${t} }\n  data:\n  - { secretKey: owner, remoteRef: ${ref(
        APP,
        ', property: owner, metadataPolicy: Fetch',
      )} }\n  dataFrom:\n  - extract: ${ref(APP, ', metadataPolicy: Fetch')}\n`,
      { owner: 'team-payments', tier: 'gold' },
    ),
    one(
      'c40-find-tags',
      `  target: { name: c40-find-tags-${t} }\n  dataFrom:\n  - find: { path: payments/corpus/find, tags: { team: payments } }\n`,
      { payments_corpus_find_one: '{"a":"1"}' },
    ),
    one(
      'c41-rewrite',
      `  target: { name: c41-rewrite-${t} }\n  dataFrom:\n  - extract: ${ref(
        'payments/corpus/registry',
      )}\n    rewrite:\n    - regexp: { source: "^(.*)$", target: "registry_\${1}" }\n    - transform: { template: "{{ .value | upper }}" }\n`,
      { REGISTRY_USERNAME: 'ci', REGISTRY_PASSWORD: 'pw' },
    ),
    one(
      'c42-find-rewrite',
      `  target: { name: c42-find-rewrite-${t} }\n  dataFrom:\n  - find: { path: payments/corpus/find, name: { regexp: ".*" } }\n    rewrite: [{ regexp: { source: "payments/corpus/find/(.*)", target: "$1" } }]\n`,
      { one: '{"a":"1"}', two: '{"b":"2"}' },
    ),
    one(
      'c43-template-from',
      `  target:\n    name: c43-template-from-${t}\n    template:\n      templateFrom:\n      - literal: |\n          login: '{{ .u }}'\n          url: 'https://{{ .u }}@registry.example'\n      data: { login: '{{ .u | upper }}' }\n  data:\n  - { secretKey: u, remoteRef: ${ref(
        'payments/corpus/registry',
        ', property: username',
      )} }\n`,
      { login: 'CI', url: 'https://ci@registry.example' },
    ),
    one(
      'c44-find-unicode',
      `  target: { name: c44-find-unicode-${t} }\n  dataFrom:\n  - find: { path: payments/corpus/find, name: { regexp: "one$" }, conversionStrategy: Unicode }\n`,
      { payments_U002f_corpus_U002f_find_U002f_one: '{"a":"1"}' },
    ),
    one(
      'c45-immutable',
      `  target: { name: c45-immutable-${t}, immutable: true, deletionPolicy: Merge }\n  data:\n  - { secretKey: user, remoteRef: ${ref(
        APP,
        ', property: username',
      )} }\n`,
      { user: 'app' },
      { immutable: true },
    ),
    {
      ...one(
        'c46-creation-none',
        `  target: { name: c46-creation-none-${t}, creationPolicy: None, immutable: false }\n  data:\n  - { secretKey: user, remoteRef: ${ref(
          APP,
          ', property: username',
        )} }\n`,
        {},
      ),
      absent: true,
    },
    // ESO's ClusterExternalSecret: one ExternalSecret per listed namespace.
    {
      name: `c37-cluster-${t}/payments`,
      yaml: `apiVersion: external-secrets.io/v1
kind: ClusterExternalSecret
metadata: { name: c37-cluster-${t} }
spec:
  externalSecretName: c37-es-${t}
  externalSecretMetadata: { labels: { fanned: out } }
  namespaces: [payments, search]
  refreshTime: 1m
  externalSecretSpec:
    secretStoreRef: { kind: ClusterSecretStore, name: local-kv2 }
    target: { name: c37-cluster-${t} }
    data:
    - { secretKey: user, remoteRef: ${ref(APP, ', property: username')} }
`,
      expect: { data: { user: 'app' }, labels: { fanned: 'out' } },
    },
    {
      name: `c37-cluster-${t}/search`,
      yaml: '',
      expect: { data: { user: 'app' }, labels: { fanned: 'out' } },
    },
  ];
}

/** The refused documents, each with the field its refusal must name. */
export function refusedCorpus(t: string): CorpusDocument[] {
  const bad = (
    name: string,
    body: string,
    refused: string,
    extra: HeadOptions = {},
  ): CorpusDocument => ({
    name: `${name}-${t}`,
    yaml: head(name, t, extra) + body,
    refused,
  });
  const user = `  data:\n  - { secretKey: user, remoteRef: ${ref(
    APP,
    ', property: username',
  )} }\n`;
  return [
    bad(
      'r01-immutable-merge',
      `  target: { name: r01-${t}, creationPolicy: Merge, immutable: true }\n${user}`,
      'spec.target.immutable',
    ),
    bad(
      'r02-creation-none-delete',
      `  target: { name: r02-${t}, creationPolicy: None, deletionPolicy: Delete }\n${user}`,
      'spec.target.deletionPolicy',
    ),
    bad(
      'r03-deletion-unknown',
      `  target: { name: r03-${t}, deletionPolicy: Orphan }\n${user}`,
      'spec.target.deletionPolicy',
    ),
    bad(
      'r04-template-from-labels',
      `  target:\n    name: r04-${t}\n    template:\n      templateFrom: [{ target: Labels, configMap: { name: c, items: [{ key: k }] } }]\n${user}`,
      'spec.target.template.templateFrom[0].target',
    ),
    bad(
      'r05-engine-v1',
      `  target:\n    name: r05-${t}\n    template: { engineVersion: v1, data: { k: '{{ .user }}' } }\n${user}`,
      'spec.target.template.engineVersion',
    ),
    bad(
      'r06-rewrite-backreference',
      `  target: { name: r06-${t} }\n  dataFrom:\n  - extract: ${ref(
        APP,
      )}\n    rewrite: [{ regexp: { source: "(a)\\\\1", target: "x" } }]\n`,
      'spec.dataFrom[0].rewrite[0].regexp.source',
    ),
    bad(
      'r07-find-nothing',
      `  target: { name: r07-${t} }\n  dataFrom:\n  - find: { path: payments/corpus/find }\n`,
      'spec.dataFrom[0].find.name.regexp',
    ),
    bad(
      'r08-metadata-policy',
      `  target: { name: r08-${t} }\n  data:\n  - { secretKey: m, remoteRef: ${ref(
        APP,
        ', metadataPolicy: Always',
      )} }\n`,
      'spec.data[0].remoteRef.metadataPolicy',
    ),
    bad(
      'r09-conversion-unicode',
      `  target: { name: r09-${t} }\n  data:\n  - { secretKey: m, remoteRef: ${ref(
        APP,
        ', conversionStrategy: Unicode',
      )} }\n`,
      'spec.data[0].remoteRef.conversionStrategy',
    ),
    bad(
      'r10-null-byte-policy',
      `  target: { name: r10-${t} }\n  data:\n  - { secretKey: m, remoteRef: ${ref(
        APP,
        ', property: username, nullBytePolicy: Sometimes',
      )} }\n`,
      'spec.data[0].remoteRef.nullBytePolicy',
    ),
    bad(
      'r11-generator',
      `  target: { name: r11-${t} }\n  data:\n  - secretKey: m\n    sourceRef: { generatorRef: { apiVersion: generators.external-secrets.io/v1alpha1, kind: Password, name: p } }\n    remoteRef: ${ref(
        APP,
      )}\n`,
      'spec.data[0].sourceRef',
    ),
    bad(
      'r12-unknown-field',
      `  target: { name: r12-${t} }\n  colour: blue\n${user}`,
      'spec.colour',
    ),
    bad(
      'r13-decoding-base32',
      `  target: { name: r13-${t} }\n  data:\n  - { secretKey: m, remoteRef: ${ref(
        APP,
        ', property: username, decodingStrategy: Base32',
      )} }\n`,
      'spec.data[0].remoteRef.decodingStrategy',
    ),
    bad(
      'r14-outside-prefix',
      `  target: { name: r14-${t} }\n  data:\n  - { secretKey: m, remoteRef: ${ref(
        'search/search-api',
        ', property: api_key',
      )} }\n`,
      'spec.data[0].remoteRef.key',
    ),
    bad(
      'r15-foreign-namespace',
      `  target: { name: r15-${t} }\n${user}`,
      'spec.target.namespace',
      { namespace: 'restricted' },
    ),
    bad(
      'r16-unknown-store',
      `  target: { name: r16-${t} }\n${user}`,
      'spec.secretStoreRef.name',
      { store: 'their-vault' },
    ),
    {
      name: `r17-cluster-selector-${t}`,
      yaml: `apiVersion: external-secrets.io/v1
kind: ClusterExternalSecret
metadata: { name: r17-cluster-selector-${t} }
spec:
  namespaceSelectors: [{ matchLabels: { team: payments } }]
  externalSecretSpec:
    secretStoreRef: { kind: ClusterSecretStore, name: local-kv2 }
    target: { name: r17-${t} }
${user.replace(/^(?=.)/gm, '  ')}`,
      refused: 'spec.namespaceSelectors',
    },
    bad(
      'r18-api-version',
      `  target: { name: r18-${t} }\n${user}`,
      'apiVersion',
      { apiVersion: 'external-secrets.io/v1alpha1' },
    ),
    bad(
      'r19-template-metadata-finalizers',
      `  target:\n    name: r19-${t}\n    template:\n      metadata: { finalizers: [x] }\n      data: { k: '{{ .user }}' }\n${user}`,
      'spec.target.template.metadata.finalizers',
    ),
    bad(
      'r20-find-conversion',
      `  target: { name: r20-${t} }\n  dataFrom:\n  - find: { path: payments/corpus/find, name: { regexp: ".*" }, conversionStrategy: Base32 }\n`,
      'spec.dataFrom[0].find.conversionStrategy',
    ),
  ];
}
