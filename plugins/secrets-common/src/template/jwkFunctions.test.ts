import { generateKeyPairSync, type KeyObject } from 'node:crypto';
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

/** The rendered text, or null when the render fails. */
function outcome(source: string, data: Record<string, string>): string | null {
  try {
    return render(source, data);
  } catch (e) {
    if (e instanceof TemplateError) return null;
    throw e;
  }
}

const jwk = (k: KeyObject) => JSON.stringify(k.export({ format: 'jwk' }));

// Go's x509 writes the same DER as node's exports (checked against ESO's functions).
describe('jwkPublicKeyPem and jwkPrivateKeyPem', () => {
  const pairs: [string, Parameters<typeof generateKeyPairSync>][] = [
    ['RSA 2048', ['rsa', { modulusLength: 2048 }]],
    ['RSA 1024, e = 3', ['rsa', { modulusLength: 1024, publicExponent: 3 }]],
    ['EC P-256', ['ec', { namedCurve: 'P-256' }]],
    ['EC P-384', ['ec', { namedCurve: 'P-384' }]],
    ['EC P-521', ['ec', { namedCurve: 'P-521' }]],
    ['Ed25519', ['ed25519', {}]],
  ] as never;

  it.each(pairs)('writes %s keys as node exports them', (_, args) => {
    for (let i = 0; i < 3; i++) {
      const { publicKey, privateKey } = generateKeyPairSync(
        ...(args as unknown as ['rsa', { modulusLength: number }]),
      );
      expect(render('{{ jwkPublicKeyPem .k }}', { k: jwk(publicKey) })).toBe(
        publicKey.export({ format: 'pem', type: 'spki' }),
      );
      expect(render('{{ jwkPrivateKeyPem .k }}', { k: jwk(privateKey) })).toBe(
        privateKey.export({ format: 'pem', type: 'pkcs8' }),
      );
    }
  });

  it('computes missing RSA CRT values, and refuses inconsistent ones as Go does', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const k = privateKey.export({ format: 'jwk' }) as Record<string, string>;
    const expected = privateKey.export({ format: 'pem', type: 'pkcs8' });
    const { dp, dq, qi, ...noCrt } = k;
    expect(
      render('{{ jwkPrivateKeyPem .k }}', { k: JSON.stringify(noCrt) }),
    ).toBe(expected);
    // Only some CRT values given: Go recomputes all of them.
    expect(
      render('{{ jwkPrivateKeyPem .k }}', {
        k: JSON.stringify({ ...noCrt, dp, dq }),
      }),
    ).toBe(expected);
    expect(
      renderError('{{ jwkPrivateKeyPem .k }}', {
        k: JSON.stringify({ ...k, qi: dp }),
      }),
    ).toContain('invalid CRT coefficient');
    expect(
      renderError('{{ jwkPrivateKeyPem .k }}', {
        k: JSON.stringify({ ...k, dp: dq, dq: dp }),
      }),
    ).toContain('invalid CRT exponent');
    const { p, q, ...noPrimes } = noCrt;
    expect(
      renderError('{{ jwkPrivateKeyPem .k }}', { k: JSON.stringify(noPrimes) }),
    ).toContain('modulus must be > 1');
    expect(p && q && qi).toBeTruthy();
  });

  it('refuses a point off its curve, a zero scalar and an Ed25519 "x" that does not match "d"', () => {
    const ec = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
    }).privateKey.export({
      format: 'jwk',
    }) as Record<string, string>;
    expect(
      renderError('{{ jwkPrivateKeyPem .k }}', {
        k: JSON.stringify({ ...ec, x: ec.y }),
      }),
    ).toContain('not a point on its curve');
    expect(
      renderError('{{ jwkPrivateKeyPem .k }}', {
        k: JSON.stringify({ ...ec, d: 'AA' }),
      }),
    ).toContain('private scalar is out of range');
    const ed = generateKeyPairSync('ed25519').privateKey.export({
      format: 'jwk',
    }) as Record<string, string>;
    const other = generateKeyPairSync('ed25519').publicKey.export({
      format: 'jwk',
    }) as Record<string, string>;
    expect(
      renderError('{{ jwkPrivateKeyPem .k }}', {
        k: JSON.stringify({ ...ed, x: other.x }),
      }),
    ).toContain('"x" does not match its "d"');
  });

  it('takes only a public JWK for jwkPublicKeyPem and a private one for jwkPrivateKeyPem', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
    });
    expect(
      renderError('{{ jwkPublicKeyPem .k }}', { k: jwk(privateKey) }),
    ).toContain('the JWK is a private key');
    expect(
      renderError('{{ jwkPrivateKeyPem .k }}', { k: jwk(publicKey) }),
    ).toContain('the JWK is a public key');
  });

  it.each([
    [
      'jwkPublicKeyPem',
      '{"kty":"RSA","n":"","e":""}',
      '-----BEGIN PUBLIC KEY-----\nMBowDQYJKoZIhvcNAQEBBQADCQAwBgIBAAIBAA==\n-----END PUBLIC KEY-----\n',
    ],
    [
      'jwkPublicKeyPem',
      '{"kty":"RSA","n":"AQAB","e":"AQAB","extra":{"a":1}}',
      '-----BEGIN PUBLIC KEY-----\nMB4wDQYJKoZIhvcNAQEBBQADDQAwCgIDAQABAgMBAAE=\n-----END PUBLIC KEY-----\n',
    ],
    [
      'jwkPublicKeyPem',
      '{"kty":"OKP","crv":"Ed25519","x":"AAAA"}',
      '-----BEGIN PUBLIC KEY-----\nMA0wBQYDK2VwAwQAAAAA\n-----END PUBLIC KEY-----\n',
    ],
    [
      'jwkPublicKeyPem',
      '{"kty":"RSA","n":"_-_-","e":"AQAB"}',
      '-----BEGIN PUBLIC KEY-----\nMB8wDQYJKoZIhvcNAQEBBQADDgAwCwIEAP/v/gIDAQAB\n-----END PUBLIC KEY-----\n',
    ],
    [
      'jwkPublicKeyPem',
      '{"kty":"RSA","n":"+/+/","e":"AQAB"}',
      '-----BEGIN PUBLIC KEY-----\nMB8wDQYJKoZIhvcNAQEBBQADDgAwCwIEAPv/vwIDAQAB\n-----END PUBLIC KEY-----\n',
    ],
    [
      'jwkPublicKeyPem',
      '{"kty":"RSA","n":"AQ==","e":"AQAB"}',
      '-----BEGIN PUBLIC KEY-----\nMBwwDQYJKoZIhvcNAQEBBQADCwAwCAIBAQIDAQAB\n-----END PUBLIC KEY-----\n',
    ],
    [
      'jwkPublicKeyPem',
      '{"kty":"RSA","n":"AQ\\nAB","e":"AQAB"}',
      '-----BEGIN PUBLIC KEY-----\nMB4wDQYJKoZIhvcNAQEBBQADDQAwCgIDAQABAgMBAAE=\n-----END PUBLIC KEY-----\n',
    ],
    [
      'jwkPublicKeyPem',
      '{"kty":"RSA","n":"AQAB","e":"gAAAAAAAAAAB"}',
      '-----BEGIN PUBLIC KEY-----\nMBwwDQYJKoZIhvcNAQEBBQADCwAwCAIDAQABAgEB\n-----END PUBLIC KEY-----\n',
    ],
    [
      'jwkPublicKeyPem',
      '{"kty":"RSA","n":"gA","e":"/w"}',
      '-----BEGIN PUBLIC KEY-----\nMBwwDQYJKoZIhvcNAQEBBQADCwAwCAICAIACAgD/\n-----END PUBLIC KEY-----\n',
    ],
    ['jwkPublicKeyPem', '{"kty":"RSA","n":"+/+/-_","e":"AQAB"}', null],
    ['jwkPublicKeyPem', '{"kty":"RSA","n":"AQ=","e":"AQAB"}', null],
    ['jwkPublicKeyPem', '{"kty":"RSA","n":"A","e":"AQAB"}', null],
    ['jwkPublicKeyPem', '{"kty":"EC","crv":"P-256","x":"","y":""}', null],
    ['jwkPublicKeyPem', '{"kty":"oct","k":"AAAA"}', null],
    ['jwkPrivateKeyPem', '{"kty":"oct","k":"AAAA"}', null],
    ['jwkPublicKeyPem', '{}', null],
    ['jwkPublicKeyPem', '[]', null],
    ['jwkPublicKeyPem', 'not json', null],
    ['jwkPublicKeyPem', '{"kty":"rsa","n":"AQAB","e":"AQAB"}', null],
    ['jwkPublicKeyPem', '{"kty":"RSA","n":5,"e":"AQAB"}', null],
    ['jwkPrivateKeyPem', '{"kty":"RSA","n":"AQAB","e":"AQAB"}', null],
    ['jwkPublicKeyPem', '{"kty":"EC","crv":"P-224","x":"AA","y":"AA"}', null],
    ['jwkPublicKeyPem', '{"kty":"OKP","crv":"X25519","x":"AAAA"}', null],
  ])('%s of %s as Go writes it (null: Go fails)', (fn, k, expected) => {
    expect(outcome(`{{ ${fn} .k }}`, { k: k as string })).toBe(expected);
  });

  it('never quotes the key in its errors', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const k = privateKey.export({ format: 'jwk' }) as Record<string, string>;
    const message = renderError('{{ jwkPrivateKeyPem .k }}', {
      k: JSON.stringify({ ...k, x: k.y }),
    });
    expect(message).not.toContain(k.d);
    expect(message).not.toContain(k.x);
  });
});
