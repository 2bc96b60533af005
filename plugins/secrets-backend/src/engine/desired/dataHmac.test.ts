import { createHmac } from 'node:crypto';
import { dataHmac } from './dataHmac';

const key = Buffer.alloc(32, 7);
const b = (s: string) => Buffer.from(s, 'utf8');

describe('dataHmac', () => {
  it('is v1: and hex HMAC-SHA256', () => {
    expect(dataHmac(key, { type: 'Opaque', data: { a: b('x') } })).toMatch(
      /^v1:[0-9a-f]{64}$/,
    );
  });

  it('hashes the documented encoding, so Secrets written before keep their HMAC', () => {
    // Each part prefixed with its length as an unsigned 64-bit big-endian integer: the
    // type, then every key (sorted) followed by its value.
    const part = (bytes: Buffer) => {
      const length = Buffer.alloc(8);
      length.writeBigUInt64BE(BigInt(bytes.length));
      return Buffer.concat([length, bytes]);
    };
    const expected = createHmac('sha256', key)
      .update(
        Buffer.concat(
          ['Opaque', 'a', 'x', 'bb', ''].map(text => part(b(text))),
        ),
      )
      .digest('hex');
    expect(
      dataHmac(key, { type: 'Opaque', data: { bb: b(''), a: b('x') } }),
    ).toBe(`v1:${expected}`);
  });

  it('does not depend on key order', () => {
    const one = dataHmac(key, {
      type: 'Opaque',
      data: { a: b('1'), b: b('2') },
    });
    const two = dataHmac(key, {
      type: 'Opaque',
      data: { b: b('2'), a: b('1') },
    });
    expect(one).toBe(two);
  });

  it('changes with the type, a value, a key name, or an added key', () => {
    const base = { type: 'Opaque', data: { a: b('1') } };
    const all = [
      dataHmac(key, base),
      dataHmac(key, { ...base, type: 'kubernetes.io/tls' }),
      dataHmac(key, { type: 'Opaque', data: { a: b('2') } }),
      dataHmac(key, { type: 'Opaque', data: { c: b('1') } }),
      dataHmac(key, { type: 'Opaque', data: { a: b('1'), c: b('') } }),
      dataHmac(key, { type: 'Opaque', data: {} }),
    ];
    expect(new Set(all).size).toBe(all.length);
  });

  it('has no concatenation ambiguity', () => {
    const h = (type: string, data: Record<string, string>) =>
      dataHmac(key, {
        type,
        data: Object.fromEntries(
          Object.entries(data).map(([k, v]) => [k, b(v)]),
        ),
      });
    expect(h('Opaque', { a: 'bc' })).not.toBe(h('Opaque', { ab: 'c' }));
    expect(h('Opaque', { a: 'b', c: 'd' })).not.toBe(h('Opaque', { a: 'bcd' }));
    expect(h('Opaquea', { b: 'c' })).not.toBe(h('Opaque', { ab: 'c' }));
    expect(h('Opaque', { a: '' })).not.toBe(h('Opaque', {}));
  });

  it('depends on the HMAC key', () => {
    const secret = { type: 'Opaque', data: { password: b('hunter2') } };
    expect(dataHmac(key, secret)).not.toBe(
      dataHmac(Buffer.alloc(32, 8), secret),
    );
  });

  it('is binary-safe', () => {
    const one = dataHmac(key, {
      type: 'Opaque',
      data: { k: Buffer.from([0xff, 0x00]) },
    });
    const two = dataHmac(key, {
      type: 'Opaque',
      data: { k: Buffer.from([0xfe, 0x00]) },
    });
    expect(one).not.toBe(two);
  });

  it('refuses a short key', () => {
    expect(() =>
      dataHmac(Buffer.alloc(8), { type: 'Opaque', data: {} }),
    ).toThrow(/at least 16 bytes/);
  });
});
