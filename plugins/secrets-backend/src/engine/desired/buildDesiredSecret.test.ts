import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import { VaultError } from '../../vault/errors';
import { buildDesiredSecret, isVaultSecretGone } from './buildDesiredSecret';
import { DesiredSecretError, type SecretReader } from './types';

/** Appears in every secret value; must never appear in an error. */
const CANARY = 'canary-7d1f0c-do-not-leak';

type Stored = { data: Record<string, unknown>; version?: number };

/** An in-memory Vault mount: key → versions (index 0 is version 1). */
class FakeReader implements SecretReader {
  readonly reads: { store: string; key: string; version?: number }[] = [];
  readonly lists: { store: string; prefix: string }[] = [];
  /** Keys that list but are gone when read (deleted in between). */
  readonly vanishing = new Set<string>();
  /** Keys whose read is denied. */
  readonly denied = new Set<string>();

  constructor(private readonly secrets: Record<string, Stored[] | Stored>) {}

  async read(store: string, key: string, version?: number) {
    this.reads.push({ store, key, version });
    const fail = (kind: 'notFound' | 'denied') =>
      new VaultError({
        kind,
        store,
        verb: 'read',
        path: key,
        detail: kind === 'denied' ? 'permission denied' : 'no such secret',
      });
    if (this.denied.has(key)) throw fail('denied');
    const entry = this.secrets[key];
    if (!entry || this.vanishing.has(key)) throw fail('notFound');
    if (!Array.isArray(entry)) return entry;
    const index = (version ?? entry.length) - 1;
    if (!entry[index]) throw fail('notFound');
    return { data: entry[index].data, version: index + 1 };
  }

  /** Custom metadata by key (KV v2 `metadataPolicy: Fetch`). */
  readonly metadata: Record<string, Record<string, string>> = {};

  async readCustomMetadata(store: string, key: string) {
    const found = this.metadata[key];
    if (!found)
      throw new VaultError({
        kind: 'notFound',
        store,
        verb: 'metadata',
        path: key,
        detail: 'no such secret',
      });
    return found;
  }

  async listRecursive(store: string, prefix: string) {
    this.lists.push({ store, prefix });
    const base = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
    return Object.keys(this.secrets)
      .filter(k => k.startsWith(base))
      .reverse(); // the builder must not rely on the reader's order
  }
}

const spec = (
  over: Partial<MappingSpec>,
  target: Partial<MappingSpec['target']> = {},
): MappingSpec => ({
  store: 'platform-kv',
  ...over,
  target: { clusters: ['dev'], namespace: 'payments', name: 'app', ...target },
});

const text = (data: Record<string, Buffer>) =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.toString()]));

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** The error, and proof that no secret value is in anything it shows. */
async function valueFreeError(promise: Promise<unknown>) {
  const error = await failure(promise);
  const shown = [
    String(error),
    (error as Error).message,
    (error as Error).stack ?? '',
    JSON.stringify(error),
  ].join('\n');
  expect(shown).not.toContain(CANARY);
  expect(shown).not.toContain('hunter2');
  return error as DesiredSecretError;
}

const reader = () =>
  new FakeReader({
    'payments/api': [
      { data: { password: `old-${CANARY}` } },
      {
        data: {
          username: 'payments',
          password: `hunter2-${CANARY}`,
          port: 5432,
          tls: true,
          nothing: null,
          hosts: ['a.example', 'b.example'],
          settings: { queue: { url: `amqp://${CANARY}`, prefetch: 20 } },
          'a.b': `literal-${CANARY}`,
          a: { b: `nested-${CANARY}` },
        },
      },
    ],
    'payments/registry': {
      data: { username: 'payments-ci', password: `pw-${CANARY}` },
      version: 3,
    },
    'payments/db/primary': { data: { url: `pg://${CANARY}` }, version: 1 },
    'payments/db/replica': { data: { url: `pg://r-${CANARY}` }, version: 2 },
    'payments/db_primary': { data: { url: CANARY }, version: 1 },
    'payments/cache': { data: { z: '1', a: '2' }, version: 1 },
    'payments/bad-keys': { data: { ok: 'x', 'bad key': CANARY }, version: 1 },
    'search/api': { data: { api_key: CANARY }, version: 1 },
  });

describe('buildDesiredSecret: data[]', () => {
  it('prefers a literal top-level key over a dot path', async () => {
    const r = reader();
    const out = await buildDesiredSecret(
      spec({
        data: [
          {
            secretKey: 'v',
            remoteRef: { key: 'payments/api', property: 'a.b' },
          },
        ],
      }),
      r,
    );
    expect(text(out.data)).toEqual({ v: `literal-${CANARY}` });
  });

  it('follows a dot path into nested objects and arrays', async () => {
    const out = await buildDesiredSecret(
      spec({
        data: [
          {
            secretKey: 'url',
            remoteRef: { key: 'payments/api', property: 'settings.queue.url' },
          },
          {
            secretKey: 'host',
            remoteRef: { key: 'payments/api', property: 'hosts.1' },
          },
        ],
      }),
      reader(),
    );
    expect(text(out.data)).toEqual({
      url: `amqp://${CANARY}`,
      host: 'b.example',
    });
  });

  it('JSON-encodes non-strings, with object keys sorted', async () => {
    const prop = (secretKey: string, property: string) => ({
      secretKey,
      remoteRef: { key: 'payments/api', property },
    });
    const out = await buildDesiredSecret(
      spec({
        data: [
          prop('port', 'port'),
          prop('tls', 'tls'),
          prop('hosts', 'hosts'),
          prop('queue', 'settings.queue'),
          prop('prefetch', 'settings.queue.prefetch'),
          prop('nothing', 'nothing'),
        ],
      }),
      reader(),
    );
    expect(text(out.data)).toEqual({
      port: '5432',
      tls: 'true',
      hosts: '["a.example","b.example"]',
      queue: `{"prefetch":20,"url":"amqp://${CANARY}"}`,
      prefetch: '20',
      nothing: '',
    });
  });

  it('puts the whole secret as JSON without a property', async () => {
    const out = await buildDesiredSecret(
      spec({
        data: [{ secretKey: 'all', remoteRef: { key: 'payments/cache' } }],
      }),
      reader(),
    );
    expect(text(out.data)).toEqual({ all: '{"a":"2","z":"1"}' });
    expect(out.type).toBe('Opaque');
  });

  it('passes the version to the reader and reports the versions read', async () => {
    const r = reader();
    const out = await buildDesiredSecret(
      spec({
        data: [
          {
            secretKey: 'old',
            remoteRef: {
              key: 'payments/api',
              property: 'password',
              version: 1,
            },
          },
          {
            secretKey: 'new',
            remoteRef: { key: 'payments/api', property: 'password' },
          },
          {
            secretKey: 'user',
            remoteRef: { key: 'payments/api', property: 'username' },
          },
          {
            secretKey: 'ci',
            remoteRef: { key: 'payments/registry', property: 'username' },
          },
        ],
      }),
      r,
    );
    expect(r.reads).toContainEqual({
      store: 'platform-kv',
      key: 'payments/api',
      version: 1,
    });
    expect(text(out.data)).toMatchObject({
      old: `old-${CANARY}`,
      new: `hunter2-${CANARY}`,
    });
    expect(out.sources).toEqual([
      { key: 'payments/api', version: 1 },
      { key: 'payments/api', version: 2 },
      { key: 'payments/registry', version: 3 },
    ]);
  });

  it('names the field and the property of a missing property, never a value', async () => {
    const error = await valueFreeError(
      buildDesiredSecret(
        spec({
          data: [
            {
              secretKey: 'u',
              remoteRef: { key: 'payments/api', property: 'username' },
            },
            {
              secretKey: 'p',
              remoteRef: {
                key: 'payments/api',
                property: 'settings.queue.pass',
              },
            },
          ],
        }),
        reader(),
      ),
    );
    expect(error).toBeInstanceOf(DesiredSecretError);
    expect(error.reason).toBe('property');
    expect(error.field).toBe('data[1].remoteRef.property');
    expect(error.message).toContain('settings.queue.pass');
    expect(error.message).toContain('payments/api');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'DesiredSecretError',
      field: 'data[1].remoteRef.property',
      reason: 'property',
    });
  });

  it('keeps UTF-8 values byte for byte', async () => {
    const value = `pässwörd-🔑-日本-${CANARY}`;
    const r = new FakeReader({ k: { data: { v: value }, version: 1 } });
    const out = await buildDesiredSecret(
      spec({
        data: [{ secretKey: 'v', remoteRef: { key: 'k', property: 'v' } }],
      }),
      r,
    );
    expect(Buffer.isBuffer(out.data.v)).toBe(true);
    expect(out.data.v.equals(Buffer.from(value, 'utf8'))).toBe(true);
    expect(out.data.v.toString('utf8')).toBe(value);
  });
});

describe('buildDesiredSecret: dataFrom', () => {
  it('extracts every top-level key', async () => {
    const out = await buildDesiredSecret(
      spec({ dataFrom: [{ extract: { key: 'payments/registry' } }] }),
      reader(),
    );
    expect(text(out.data)).toEqual({
      username: 'payments-ci',
      password: `pw-${CANARY}`,
    });
    expect(out.sources).toEqual([{ key: 'payments/registry', version: 3 }]);
  });

  it('extracts the keys of the object at property', async () => {
    const out = await buildDesiredSecret(
      spec({
        dataFrom: [
          { extract: { key: 'payments/api', property: 'settings.queue' } },
        ],
      }),
      reader(),
    );
    expect(text(out.data)).toEqual({ url: `amqp://${CANARY}`, prefetch: '20' });
  });

  it('refuses an extract property that is not an object', async () => {
    const error = await valueFreeError(
      buildDesiredSecret(
        spec({
          dataFrom: [
            { extract: { key: 'payments/api', property: 'password' } },
          ],
        }),
        reader(),
      ),
    );
    expect(error.reason).toBe('property');
    expect(error.field).toBe('dataFrom[0].extract.property');
  });

  it("converts an extract's keys as ESO's conversionStrategy does, and names a clash", async () => {
    const r = reader();
    const converted = await buildDesiredSecret(
      spec({
        dataFrom: [
          {
            extract: {
              key: 'payments/bad-keys',
              conversionStrategy: 'Unicode',
            },
          },
          { extract: { key: 'payments/cache' } },
        ],
      }),
      r,
    );
    expect(Object.keys(converted.data)).toContain('bad_U0020_key');
    const byDefault = await buildDesiredSecret(
      spec({ dataFrom: [{ extract: { key: 'payments/bad-keys' } }] }),
      r,
    );
    expect(Object.keys(byDefault.data).sort()).toEqual(['bad_key', 'ok']);
    const clash = await valueFreeError(
      buildDesiredSecret(
        spec({ dataFrom: [{ extract: { key: 'payments/clash' } }] }),
        new FakeReader({
          'payments/clash': {
            data: { 'a b': CANARY, a_b: CANARY },
            version: 1,
          },
        }),
      ),
    );
    expect(clash.reason).toBe('conflict');
    expect(clash.message).toContain('both become "a_b"');
  });

  it('finds secrets whose path matches, one Secret key per secret (as ESO)', async () => {
    const r = reader();
    const out = await buildDesiredSecret(
      spec({
        dataFrom: [
          {
            find: {
              path: 'payments/db',
              name: { regexp: 'db/(primary|replica)$' },
            },
          },
        ],
      }),
      r,
    );
    expect(r.lists).toEqual([{ store: 'platform-kv', prefix: 'payments/db' }]);
    expect(text(out.data)).toEqual({
      payments_db_primary: `{"url":"pg://${CANARY}"}`,
      payments_db_replica: `{"url":"pg://r-${CANARY}"}`,
    });
    expect(out.sources).toEqual([
      { key: 'payments/db/primary', version: 1 },
      { key: 'payments/db/replica', version: 2 },
    ]);
  });

  it('finds from the mount root by default, matching the full path unanchored', async () => {
    const r = reader();
    const out = await buildDesiredSecret(
      spec({ dataFrom: [{ find: { name: { regexp: 'registry|^search/' } } }] }),
      r,
    );
    expect(r.lists).toEqual([{ store: 'platform-kv', prefix: '' }]);
    expect(Object.keys(out.data)).toEqual(['payments_registry', 'search_api']);
  });

  it('refuses two found paths that become the same key', async () => {
    const error = await valueFreeError(
      buildDesiredSecret(
        spec({
          dataFrom: [
            { find: { path: 'payments', name: { regexp: 'primary' } } },
          ],
        }),
        reader(),
      ),
    );
    expect(error.reason).toBe('conflict');
    expect(error.field).toBe('dataFrom[0].find');
    expect(error.message).toContain('payments_db_primary');
  });

  it('reports a find that matches nothing as notFound', async () => {
    const error = await valueFreeError(
      buildDesiredSecret(
        spec({
          dataFrom: [{ find: { path: 'payments', name: { regexp: '^nope' } } }],
        }),
        reader(),
      ),
    );
    expect(error.reason).toBe('notFound');
    expect(isVaultSecretGone(error)).toBe(true);
  });

  it('skips a found secret deleted between listing and reading', async () => {
    const r = reader();
    r.vanishing.add('payments/db/replica');
    const out = await buildDesiredSecret(
      spec({
        dataFrom: [{ find: { path: 'payments/db', name: { regexp: '.' } } }],
      }),
      r,
    );
    expect(Object.keys(out.data)).toEqual(['payments_db_primary']);
  });

  it('lets a later dataFrom win a shared key, and data[] win over dataFrom', async () => {
    const r = new FakeReader({
      first: { data: { a: 'first-a', b: 'first-b', c: 'first-c' }, version: 1 },
      second: { data: { b: 'second-b', c: 'second-c' }, version: 1 },
      third: { data: { x: 'data-c' }, version: 1 },
    });
    const out = await buildDesiredSecret(
      spec({
        // data[] is listed first on purpose: order in the spec object is irrelevant.
        data: [{ secretKey: 'c', remoteRef: { key: 'third', property: 'x' } }],
        dataFrom: [
          { extract: { key: 'first' } },
          { extract: { key: 'second' } },
        ],
      }),
      r,
    );
    expect(text(out.data)).toEqual({
      a: 'first-a',
      b: 'second-b',
      c: 'data-c',
    });
  });
});

describe('buildDesiredSecret: templates', () => {
  const dockerconfig =
    '{ "auths": { "registry.gitlab.com": { "auth": "{{ printf "%s:%s" .username .password | b64enc }}"}}}';

  it('renders seed 002 into a valid dockerconfigjson, holding only templated keys', async () => {
    const out = await buildDesiredSecret(
      spec(
        {
          data: [
            {
              secretKey: 'username',
              remoteRef: { key: 'payments/registry', property: 'username' },
            },
            {
              secretKey: 'password',
              remoteRef: { key: 'payments/registry', property: 'password' },
            },
          ],
        },
        {
          type: 'kubernetes.io/dockerconfigjson',
          template: { data: { '.dockerconfigjson': dockerconfig } },
        },
      ),
      reader(),
    );
    expect(out.type).toBe('kubernetes.io/dockerconfigjson');
    expect(Object.keys(out.data)).toEqual(['.dockerconfigjson']);
    const config = JSON.parse(out.data['.dockerconfigjson'].toString('utf8'));
    const auth = config.auths['registry.gitlab.com'].auth;
    expect(Buffer.from(auth, 'base64').toString('utf8')).toBe(
      `payments-ci:pw-${CANARY}`,
    );
  });

  it('sees values from dataFrom too', async () => {
    const out = await buildDesiredSecret(
      spec(
        { dataFrom: [{ extract: { key: 'payments/registry' } }] },
        { template: { data: { user: 'user={{ .username }}' } } },
      ),
      reader(),
    );
    expect(text(out.data)).toEqual({ user: 'user=payments-ci' });
  });

  it('keeps the collected data when template.data is empty (as ESO)', async () => {
    const out = await buildDesiredSecret(
      spec(
        { dataFrom: [{ extract: { key: 'payments/cache' } }] },
        { template: { data: {} } },
      ),
      reader(),
    );
    expect(text(out.data)).toEqual({ a: '2', z: '1' });
  });

  it('reports a template syntax error with its position', async () => {
    const error = await valueFreeError(
      buildDesiredSecret(
        spec(
          { dataFrom: [{ extract: { key: 'payments/registry' } }] },
          {
            template: {
              data: {
                ok: '{{ .username }}',
                broken: 'line one\n  {{ .password ',
              },
            },
          },
        ),
        reader(),
      ),
    );
    expect(error.reason).toBe('template');
    expect(error.field).toBe('target.template.data["broken"]');
    expect(error.issues?.[0].line).toBe(2);
    expect(error.message).toMatch(/line 2, column \d+/);
  });

  it('reports a render error (missing key) with its position, never a value', async () => {
    const error = await valueFreeError(
      buildDesiredSecret(
        spec(
          { dataFrom: [{ extract: { key: 'payments/registry' } }] },
          { template: { data: { x: '{{ .password }}:{{ .missing }}' } } },
        ),
        reader(),
      ),
    );
    expect(error.reason).toBe('template');
    expect(error.field).toBe('target.template.data["x"]');
    expect(error.issues).toEqual([
      expect.objectContaining({ line: 1, column: expect.any(Number) }),
    ]);
  });

  it('never shows the value a failing function was given', async () => {
    // Not base64: b64dec fails on the secret value itself.
    const error = await valueFreeError(
      buildDesiredSecret(
        spec(
          { dataFrom: [{ extract: { key: 'payments/registry' } }] },
          { template: { data: { x: '{{ .password | b64dec }}' } } },
        ),
        reader(),
      ),
    );
    expect(error.reason).toBe('template');
  });
});

describe('buildDesiredSecret: vanished and unreadable secrets', () => {
  const twoRefs = (target: Partial<MappingSpec['target']> = {}) =>
    spec(
      {
        data: [
          {
            secretKey: 'a',
            remoteRef: { key: 'payments/registry', property: 'username' },
          },
          {
            secretKey: 'b',
            remoteRef: { key: 'payments/gone', property: 'x' },
          },
        ],
      },
      target,
    );

  it('throws the VaultError unchanged under Retain', async () => {
    const error = await failure(buildDesiredSecret(twoRefs(), reader()));
    expect(error).toBeInstanceOf(VaultError);
    expect(isVaultSecretGone(error)).toBe(true);
  });

  it('drops the keys of a vanished secret under Delete (as ESO)', async () => {
    const out = await buildDesiredSecret(
      twoRefs({ deletionPolicy: 'Delete' }),
      reader(),
    );
    expect(text(out.data)).toEqual({ a: 'payments-ci' });
    expect(out.sources).toEqual([{ key: 'payments/registry', version: 3 }]);
  });

  it('throws notFound under Delete when every source is gone', async () => {
    const error = await failure(
      buildDesiredSecret(
        spec(
          {
            data: [{ secretKey: 'b', remoteRef: { key: 'payments/gone' } }],
            dataFrom: [{ find: { name: { regexp: '^nothing/' } } }],
          },
          { deletionPolicy: 'Delete' },
        ),
        reader(),
      ),
    );
    expect(isVaultSecretGone(error)).toBe(true);
  });

  it('reports a denied read before a vanished one, so nothing gets deleted', async () => {
    const r = reader();
    r.denied.add('payments/registry');
    const error = await failure(
      buildDesiredSecret(twoRefs({ deletionPolicy: 'Delete' }), r),
    );
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).kind).toBe('denied');
    expect(isVaultSecretGone(error)).toBe(false);
  });
});

describe('buildDesiredSecret: the size Kubernetes allows', () => {
  it('refuses a Secret over 1 MiB of keys and values, saying how big it would be', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const r = new FakeReader({
      'payments/blob': { data: { blob: big, extra: 'y' }, version: 1 },
    });
    const error = (await failure(
      buildDesiredSecret(
        spec({ dataFrom: [{ extract: { key: 'payments/blob' } }] }),
        r,
      ),
    )) as DesiredSecretError;
    expect(error).toBeInstanceOf(DesiredSecretError);
    expect(error.reason).toBe('tooLarge');
    expect(error.message).toBe(
      `data: the Secret would hold ${
        4 + big.length + 5 + 1
      } bytes of keys and values; Kubernetes allows 1 MiB (1048576 bytes)`,
    );
    // Exactly at the limit is allowed.
    const fits = new FakeReader({
      'payments/blob': { data: { b: 'x'.repeat(1024 * 1024 - 1) }, version: 1 },
    });
    await expect(
      buildDesiredSecret(
        spec({ dataFrom: [{ extract: { key: 'payments/blob' } }] }),
        fits,
      ),
    ).resolves.toBeDefined();
  });
});
