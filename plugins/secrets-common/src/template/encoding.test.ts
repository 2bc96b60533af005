import {
  base64Decode,
  base64Encode,
  hexEncode,
  sha256,
  utf8Decode,
  utf8Encode,
} from './encoding';

const text = (b: Uint8Array | undefined) => (b ? utf8Decode(b) : undefined);

describe('base64 (Go StdEncoding)', () => {
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
    ['é', 'w6k='],
    ['🔐', '8J+UkA=='],
    ['user:pass', 'dXNlcjpwYXNz'],
  ])('encodes %j as %j (RFC 4648 vectors) and back', (plain, b64) => {
    expect(base64Encode(utf8Encode(plain))).toBe(b64);
    expect(text(base64Decode(b64))).toBe(plain);
  });

  it('agrees with an independent encoder on all byte values', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
    const ours = base64Encode(bytes);
    expect(ours).toBe(Buffer.from(bytes).toString('base64'));
    expect([...base64Decode(ours)!]).toEqual([...bytes]);
  });

  it('ignores CR and LF like Go', () => {
    expect(text(base64Decode('Zm9v\r\nYmFy\n'))).toBe('foobar');
  });

  it.each([
    ['Zg', 'missing padding'],
    ['Zm9v=', 'bad length'],
    ['Zg==Zg==', 'padding in the middle'],
    ['Zm9-', 'URL alphabet'],
    ['Zm 9v', 'space'],
    ['Z===', 'too much padding'],
  ])('rejects %j (%s)', input => {
    expect(base64Decode(input)).toBeUndefined();
  });
});

describe('UTF-8', () => {
  it('round-trips text including astral characters and a BOM', () => {
    const s = '\uFEFFa é 日本語 🔐';
    expect(utf8Decode(utf8Encode(s))).toBe(s);
    expect(utf8Encode('é')).toEqual(Uint8Array.from([0xc3, 0xa9]));
  });

  it.each([
    [[0xff]],
    [[0xc3]],
    [[0xc0, 0x80]], // overlong
    [[0xed, 0xa0, 0x80]], // surrogate
    [[0xf4, 0x90, 0x80, 0x80]], // > U+10FFFF
  ])('rejects invalid bytes %j', bytes => {
    expect(utf8Decode(Uint8Array.from(bytes))).toBeUndefined();
  });
});

describe('sha256', () => {
  const hex = (s: string) => hexEncode(sha256(utf8Encode(s)));
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('NIST vector %j', (input, digest) => {
    expect(hex(input)).toBe(digest);
  });

  it('one million "a" (NIST)', () => {
    expect(hex('a'.repeat(1_000_000))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it('agrees with an independent implementation at block boundaries', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createHash } = require('node:crypto');
    for (const n of [55, 56, 63, 64, 65, 119, 120, 128]) {
      const s = 'x'.repeat(n);
      expect(hex(s)).toBe(createHash('sha256').update(s).digest('hex'));
    }
  });
});
