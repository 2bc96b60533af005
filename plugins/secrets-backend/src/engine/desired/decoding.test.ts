import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import { buildDesiredSecret } from './buildDesiredSecret';
import { DesiredSecretError, type SecretReader } from './types';
import { decodeBase64, decodeValue } from './values';

/** Bytes that are not UTF-8 (a keystore's magic number and a few high bytes). */
const BINARY = Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0x00, 0xff, 0x80, 0x0a]);
const CANARY = 'canary-decoding-not-base64!';

const reader = (data: Record<string, unknown>): SecretReader => ({
  async read() {
    return { data, version: 1 };
  },
  async listRecursive() {
    return [];
  },
  async readCustomMetadata() {
    return {};
  },
});

const spec = (
  decodingStrategy: string | undefined,
  property: string,
  target: Partial<MappingSpec['target']> = {},
): MappingSpec => ({
  store: 'kv',
  data: [
    {
      secretKey: 'value',
      remoteRef: {
        key: 'app/secret',
        property,
        ...(decodingStrategy
          ? { decodingStrategy: decodingStrategy as 'Base64' }
          : {}),
      },
    },
  ],
  target: { clusters: ['dev'], namespace: 'ns', name: 's', ...target },
});

describe('decodingStrategy', () => {
  it("decodes Go's padded encodings strictly", () => {
    expect(decodeBase64('aGk=', false)).toEqual(Buffer.from('hi'));
    expect(decodeBase64('aGk', false)).toBeUndefined(); // unpadded
    expect(decodeBase64('a Gk=', false)).toBeUndefined();
    expect(decodeBase64('_-8=', false)).toBeUndefined(); // URL alphabet
    expect(decodeBase64('_-8=', true)).toEqual(Buffer.from([0xff, 0xef]));
    expect(decodeBase64('/+8=', true)).toBeUndefined();
    expect(decodeBase64('', false)).toEqual(Buffer.alloc(0));
    expect(decodeValue('not base64!', 'Auto')).toBe('not base64!');
    expect(decodeValue('_-8=', 'Auto')).toEqual(Buffer.from([0xff, 0xef]));
    expect(decodeValue('aGk=', 'None')).toBe('aGk=');
  });

  it('writes decoded binary values as bytes, never through text', async () => {
    const desired = await buildDesiredSecret(
      spec('Base64', 'keystore'),
      reader({ keystore: BINARY.toString('base64') }),
    );
    expect(desired.data.value.equals(BINARY)).toBe(true);
    const url = await buildDesiredSecret(
      spec('Base64URL', 'keystore'),
      reader({
        keystore: BINARY.toString('base64')
          .replace(/\+/g, '-')
          .replace(/\//g, '_'),
      }),
    );
    expect(url.data.value.equals(BINARY)).toBe(true);
  });

  it('fails a value that is not in the named encoding, naming the field and never the value', async () => {
    const error = await buildDesiredSecret(
      spec('Base64', 'token'),
      reader({ token: CANARY }),
    ).catch(e => e);
    expect(error).toBeInstanceOf(DesiredSecretError);
    expect(error.field).toBe('data[0].remoteRef.decodingStrategy');
    expect(error.reason).toBe('decoding');
    expect(error.message).toContain('property "token" is not Base64');
    expect(error.message).not.toContain(CANARY);
  });

  it('refuses a value holding a NUL byte under nullBytePolicy Fail, and writes it under Ignore', async () => {
    const withNul = (nullBytePolicy?: 'Fail' | 'Ignore'): MappingSpec => {
      const s = spec('Base64', 'keystore');
      s.data![0].remoteRef.nullBytePolicy = nullBytePolicy;
      return s;
    };
    const data = { keystore: BINARY.toString('base64') }; // BINARY holds a 0x00
    await expect(
      buildDesiredSecret(withNul('Fail'), reader(data)),
    ).rejects.toMatchObject({
      field: 'data[0].remoteRef.nullBytePolicy',
      reason: 'decoding',
    });
    const kept = await buildDesiredSecret(withNul('Ignore'), reader(data));
    expect(kept.data.value.equals(BINARY)).toBe(true);
  });

  it('lets templates use decoded text, refuses decoded binary in a template, and merges with mergePolicy Merge', async () => {
    const templated = await buildDesiredSecret(
      spec('Base64', 'user', {
        template: {
          data: { dsn: 'user={{ .value }}' },
          mergePolicy: 'Merge',
        },
      }),
      reader({ user: Buffer.from('payments').toString('base64') }),
    );
    expect(Object.keys(templated.data).sort()).toEqual(['dsn', 'value']);
    expect(templated.data.dsn.toString()).toBe('user=payments');
    const replaced = await buildDesiredSecret(
      spec('Base64', 'user', { template: { data: { dsn: '{{ .value }}' } } }),
      reader({ user: Buffer.from('payments').toString('base64') }),
    );
    expect(Object.keys(replaced.data)).toEqual(['dsn']);
    await expect(
      buildDesiredSecret(
        spec('Base64', 'keystore', {
          template: { data: { ks: '{{ .value }}' } },
        }),
        reader({ keystore: BINARY.toString('base64') }),
      ),
    ).rejects.toThrow(/uses key "value", which holds binary data/);
  });
});
