import type { MappingSpec } from '@internal/plugin-secrets-common';
import {
  buildDesiredSecret,
  dataHmac,
  DesiredSecretError,
  type SecretReader,
} from '.';

const vault: Record<string, Record<string, unknown>> = {
  'app/config': {
    'a.b': 'literal',
    a: { b: 'nested' },
    port: 5432,
    tls: true,
    user: 'svc',
  },
  'app/creds': { username: 'deploy', password: 'canary-build-7f3a' },
  'team/one': { one: '1' },
  'team/sub/two': { two: '2' },
  'team/other': { other: 'x' },
  bad: { 'bad key': 'canary-badkey-91c2' },
};

const reader = (): SecretReader & { reads: string[] } => {
  const reads: string[] = [];
  return {
    reads,
    async read(_store, key, version) {
      reads.push(`${key}@${version ?? ''}`);
      if (!vault[key]) throw new Error(`missing ${key}`);
      return { data: vault[key], version: version ?? 7 };
    },
    async listRecursive() {
      return Object.keys(vault);
    },
  };
};

const spec = (patch: Partial<MappingSpec>): MappingSpec => ({
  store: 'kv',
  target: { clusters: ['local'], namespace: 'ns', name: 'n' },
  ...patch,
});
const text = (data: Record<string, Buffer>) =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.toString()]));

describe('buildDesiredSecret', () => {
  it('follows ESO property rules: literal key first, then dot path, non-strings as JSON, no property = whole secret', async () => {
    const desired = await buildDesiredSecret(
      spec({
        data: [
          {
            secretKey: 'literal',
            remoteRef: { key: 'app/config', property: 'a.b' },
          },
          {
            secretKey: 'port',
            remoteRef: { key: 'app/config', property: 'port' },
          },
          {
            secretKey: 'tls',
            remoteRef: { key: 'app/config', property: 'tls' },
          },
          { secretKey: 'all', remoteRef: { key: 'team/one' } },
          {
            secretKey: 'pinned',
            remoteRef: { key: 'team/one', property: 'one', version: 2 },
          },
        ],
      }),
      reader(),
    );
    expect(text(desired.data)).toEqual({
      literal: 'literal',
      port: '5432',
      tls: 'true',
      all: '{"one":"1"}',
      pinned: '1',
    });
    expect(desired.type).toBe('Opaque');
    expect(desired.sources).toEqual([
      { key: 'app/config', version: 7 },
      { key: 'team/one', version: 7 },
      { key: 'team/one', version: 2 },
    ]);
  });

  it('reads a dot path into nested objects', async () => {
    vault['app/nested'] = { a: { b: 'nested' } };
    const desired = await buildDesiredSecret(
      spec({
        data: [
          { secretKey: 'k', remoteRef: { key: 'app/nested', property: 'a.b' } },
        ],
      }),
      reader(),
    );
    expect(text(desired.data)).toEqual({ k: 'nested' });
  });

  it('extracts and finds, with data[] taking precedence over dataFrom', async () => {
    const desired = await buildDesiredSecret(
      spec({
        dataFrom: [
          { extract: { key: 'app/creds' } },
          { find: { path: 'team', name: { regexp: '^team/(one|sub/)' } } },
        ],
        data: [
          {
            secretKey: 'username',
            remoteRef: { key: 'app/config', property: 'user' },
          },
        ],
      }),
      reader(),
    );
    expect(text(desired.data)).toEqual({
      username: 'svc',
      password: 'canary-build-7f3a',
      one: '1',
      two: '2',
    });
  });

  it('renders seed 002 dockerconfigjson and keeps only templated keys', async () => {
    const desired = await buildDesiredSecret(
      spec({
        dataFrom: [{ extract: { key: 'app/creds' } }],
        target: {
          clusters: ['local'],
          namespace: 'ns',
          name: 'n',
          type: 'kubernetes.io/dockerconfigjson',
          template: {
            data: {
              '.dockerconfigjson':
                '{ "auths": { "registry.gitlab.com": { "auth": "{{ printf "%s:%s" .username .password | b64enc }}"}}}',
            },
          },
        },
      }),
      reader(),
    );
    expect(Object.keys(desired.data)).toEqual(['.dockerconfigjson']);
    const auth = JSON.parse(desired.data['.dockerconfigjson'].toString()).auths[
      'registry.gitlab.com'
    ].auth;
    expect(Buffer.from(auth, 'base64').toString()).toBe(
      'deploy:canary-build-7f3a',
    );
  });

  it.each([
    [
      spec({
        data: [
          { secretKey: 'k', remoteRef: { key: 'app/creds', property: 'nope' } },
        ],
      }),
      'data[0].remoteRef.property',
      'property',
    ],
    [
      spec({ dataFrom: [{ extract: { key: 'bad' } }] }),
      'dataFrom[0].extract',
      'invalidKey',
    ],
    [
      spec({
        dataFrom: [{ extract: { key: 'app/creds' } }],
        target: {
          clusters: ['l'],
          namespace: 'ns',
          name: 'n',
          template: { data: { k: '{{ .password | b64dec }}' } },
        },
      }),
      'target.template.data["k"]',
      'template',
    ],
  ])(
    'fails with the field and reason, and no value (%#)',
    async (input, field, reason) => {
      const error = await buildDesiredSecret(input, reader()).catch(e => e);
      expect(error).toBeInstanceOf(DesiredSecretError);
      expect(error).toMatchObject({ field, reason });
      for (const output of [
        error.message,
        JSON.stringify(error),
        String(error),
      ]) {
        expect(output).not.toContain('canary');
      }
    },
  );
});

describe('dataHmac', () => {
  const key = Buffer.alloc(32, 1);
  const h = (type: string, data: Record<string, string>) =>
    dataHmac(key, {
      type,
      data: Object.fromEntries(
        Object.entries(data).map(([k, v]) => [k, Buffer.from(v)]),
      ),
    });

  it('ignores key order and tells apart type, data, keys and concatenations', () => {
    expect(h('Opaque', { a: '1', b: '2' })).toBe(
      h('Opaque', { b: '2', a: '1' }),
    );
    expect(h('Opaque', { a: '1' })).not.toBe(
      h('kubernetes.io/tls', { a: '1' }),
    );
    expect(h('Opaque', { a: '1' })).not.toBe(h('Opaque', { a: '2' }));
    expect(h('Opaque', { a: 'bc' })).not.toBe(h('Opaque', { ab: 'c' }));
    expect(h('Opaque', { a: '1' })).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(
      dataHmac(Buffer.alloc(32, 2), {
        type: 'Opaque',
        data: { a: Buffer.from('1') },
      }),
    ).not.toBe(h('Opaque', { a: '1' }));
  });
});
