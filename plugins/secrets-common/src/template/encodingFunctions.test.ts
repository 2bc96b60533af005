import { compileTemplate, TemplateError } from './index';

const render = (source: string, data: Record<string, string> = {}) =>
  compileTemplate(source).render(data);

function renderError(
  source: string,
  data: Record<string, string> = {},
): string {
  try {
    render(source, data);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return (e as TemplateError).message;
  }
  throw new Error(`expected ${source} to fail`);
}
import { createCipheriv, createHash } from 'node:crypto';
import { adler32, sha1, sha512 } from './digests';
import { base32Decode, base32Encode } from './encodingFunctions';

// Expected outputs were produced by Go's text/template with ESO's sprig function map.
describe('sprig base32, hex and digest functions', () => {
  it.each([
    ['{{ b32enc "hello" }}', 'NBSWY3DP'],
    ['{{ b32enc "" }}', ''],
    ['{{ b32enc "a" }}', 'ME======'],
    ['{{ b32enc "ab" }}', 'MFRA===='],
    ['{{ b32enc "abc" }}', 'MFRGG==='],
    ['{{ b32enc "abcd" }}', 'MFRGGZA='],
    ['{{ b32enc "abcde" }}', 'MFRGGZDF'],
    ['{{ b32enc "héllo wörld ñ" }}', 'NDB2S3DMN4QHPQ5WOJWGIIGDWE======'],
    ['{{ b32dec "NBSWY3DP" }}', 'hello'],
    ['{{ b32dec (b32enc "héllo wörld ñ") }}', 'héllo wörld ñ'],
    ['{{ b32dec "ME======" }}', 'a'],
    ['{{ b32dec "MFRA====" }}', 'ab'],
    ['{{ b32dec "MFRGG===" }}', 'abc'],
    ['{{ b32dec "MFRGGZA=" }}', 'abcd'],
    ['{{ b32dec "NBSW\\nY3DP" }}', 'hello'],
    ['{{ hexdec "68656c6c6f" }}', 'hello'],
    ['{{ hexdec "4A4b" }}', 'JK'],
    ['{{ hexdec "" }}', ''],
    ['{{ sha1sum "hello" }}', 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'],
    ['{{ sha1sum "" }}', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    [
      '{{ sha512sum "hello" }}',
      '9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043',
    ],
    [
      '{{ sha512sum "héllo wörld ñ" }}',
      'c959fbcb0b0e760c0ac6e7f089caafb074399ca7fed140f04a15d70b7a13235e6a22002c7a1791d0cb0f23c599079c60a0bedf5bbeb93a52b0c910878357a7ca',
    ],
    ['{{ adler32sum "hello" }}', '103547413'],
    ['{{ adler32sum "" }}', '1'],
    ['{{ adler32sum "héllo wörld ñ" }}', '1140590594'],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it.each([
    '{{ b32dec "NBSWY3D" }}',
    '{{ b32dec "M=======" }}',
    '{{ b32dec "MFR=====" }}',
    '{{ b32dec "ME=====A" }}',
    '{{ b32dec "me======" }}',
    '{{ hexdec "abc" }}',
    '{{ hexdec "zz" }}',
    '{{ hexdec "ff" }}',
  ])('fails on input that is not valid (or not UTF-8 text): %s', source => {
    // sprig returns the decoder's error text as the value; here the render stops.
    expect(renderError(source)).toBeTruthy();
  });

  it('hashes like node:crypto over block boundaries and all byte values', () => {
    for (const n of [
      0, 1, 55, 56, 63, 64, 111, 112, 127, 128, 129, 1000, 70000,
    ]) {
      const bytes = Uint8Array.from(
        { length: n },
        (_, i) => (i * 31 + n) & 255,
      );
      const hex = (algo: string) =>
        createHash(algo).update(bytes).digest('hex');
      expect(Buffer.from(sha1(bytes)).toString('hex')).toBe(hex('sha1'));
      expect(Buffer.from(sha512(bytes)).toString('hex')).toBe(hex('sha512'));
    }
  });

  it('computes Adler-32 (RFC 1950) across its 5552-byte batches', () => {
    const bytes = Uint8Array.from({ length: 20000 }, () => 255);
    // Reference: the definition, summed with modular reduction at every step.
    let a = 1;
    let b = 0;
    for (const x of bytes) {
      a = (a + x) % 65521;
      b = (b + a) % 65521;
    }
    expect(adler32(bytes)).toBe(b * 65536 + a);
  });

  it('round-trips base32 for every length of a short input', () => {
    for (let n = 0; n < 12; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => 250 - i * 17);
      const text = base32Encode(bytes);
      expect(text.length % 8).toBe(0);
      expect(base32Decode(text)).toEqual(bytes);
    }
  });
});

describe('sprig decryptAES and htpasswd', () => {
  // Ciphertexts written by sprig's encryptAES (random IV) in Go.
  it.each([
    ['pw', 'M9vyl6QXrdLCj1hoikyeM6uqhWGy2Tt+h8nYy3B6fcc=', 'hello'],
    [
      'a-very-long-password-longer-than-32-bytes!!',
      '3xUVjJ1FEa0bl6xNkvuoT76WU5ltJTbO4Ee95eLUjpsrRVMw8heJ7L6qUQeRQ2ao',
      'sixteen byte txt',
    ],
    ['', 'Iu+7I+qQuA+BoyTphuuowgNrICCadCvxoKnM2HHwooQ=', 'x'],
    [
      'pässwörd',
      'sAqC2MBOJb0jQ3WABsqtv9dmGP+lUE2MYjECrO0FDaHILYQI/LDXSV75Qbk0TFL8vBf0QqdZ6XHKL8whr0CTJrCbJ6Mzi5H7bEda990BnxSnJ2RB8wtE13YPF3GVsyz5F/ipbPAet/5giMR1aoboIw==',
      'héllo wörld ñ héllo wörld ñ héllo wörld ñ héllo wörld ñ héllo wörld ñ ',
    ],
    [
      'k',
      'VK9B1k3O/fGdrvoB/84SxzHnzye3MCJDUEm4KSuMau6bLaLjhWjn4JOikTQwKnFs',
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    ],
  ])(
    'decrypts with password %j what Go encrypted',
    (password, crypt, plain) => {
      expect(render('{{ decryptAES .k .c }}', { k: password, c: crypt })).toBe(
        plain,
      );
    },
  );

  it('agrees with node:crypto AES-256-CBC over several blocks', () => {
    const key = Buffer.alloc(32);
    Buffer.from('pw').copy(key);
    const iv = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    const plain = 'x'.repeat(100);
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    const crypt = Buffer.concat([iv, cipher.update(plain), cipher.final()]);
    expect(
      render('{{ decryptAES "pw" .c }}', { c: crypt.toString('base64') }),
    ).toBe(plain);
  });

  it('fails where Go panics, and gives "" for ""', () => {
    expect(render('{{ decryptAES "k" "" }}')).toBe('');
    expect(renderError('{{ decryptAES "k" "AAAA" }}')).toContain('argument 2');
    expect(
      renderError('{{ decryptAES "k" "AAAAAAAAAAAAAAAAAAAAAA==" }}'),
    ).toContain('argument 2');
  });

  it('writes {SHA} htpasswd lines as sprig does and refuses bcrypt (random salt)', () => {
    expect(render('{{ htpasswd "user" "pass" "sha" }}')).toBe(
      'user:{SHA}nU4eI71bcnBGqeO0t9tXvY1u5oQ=',
    );
    expect(render('{{ htpasswd "user" "pässwörd" "sha" }}')).toBe(
      'user:{SHA}9Rfd8dMqES/xrVXGbRsSyzjn6Pc=',
    );
    expect(render('{{ htpasswd "us:er" "pass" "sha" }}')).toBe(
      'invalid username: us:er',
    );
    expect(renderError('{{ htpasswd "user" "pass" "bcrypt" }}')).toContain(
      'htpasswd: argument 3: only "sha" is supported',
    );
  });
});
