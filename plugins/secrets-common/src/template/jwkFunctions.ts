/**
 * ESO's `jwkPublicKeyPem` and `jwkPrivateKeyPem`: a JWK (JSON) read as lestrrat-go/jwx reads
 * it, then written as Go's x509 writes it: PKIX "PUBLIC KEY" or PKCS#8 "PRIVATE KEY" PEM, byte
 * for byte. RSA, EC (P-256, P-384, P-521) and Ed25519 keys; a key Go would refuse (a point off
 * its curve, RSA values that do not fit together, a private JWK given to jwkPublicKeyPem) fails.
 * Messages never quote the key.
 */
import {
  bigToBytes,
  bytesToBig,
  derBitString,
  derExplicit,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derSequence,
} from './der';
import { ed25519PublicFromSeed } from './ed25519';
import { strArg } from './funcArgs';
import { FuncError, type FuncDef } from './funcDef';
import { pemEncode } from './pemFunctions';

const fail = (why: string) => new FuncError(`argument 1: ${why}`);

const RSA_OID = '1.2.840.113549.1.1.1';
const EC_OID = '1.2.840.10045.2.1';
const ED25519_OID = '1.3.101.112';

interface Curve {
  oid: string;
  p: bigint;
  b: bigint;
  n: bigint;
  bits: number;
}

const CURVES: Record<string, Curve> = {
  'P-256': {
    oid: '1.2.840.10045.3.1.7',
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    bits: 256,
  },
  'P-384': {
    oid: '1.3.132.0.34',
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    bits: 384,
  },
  'P-521': {
    oid: '1.3.132.0.35',
    p: 2n ** 521n - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    n: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
    bits: 521,
  },
};

const URL_ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STD_ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * jwx's base64 decoding: the variant is guessed (padded when it ends in "=", standard alphabet
 * when it has "+" or "/"), then decoded as Go does (newlines ignored).
 */
function jwxBase64(text: string): Uint8Array | undefined {
  const padded = text.endsWith('=');
  const alphabet = /[+/]/.test(text) ? STD_ALPHABET : URL_ALPHABET;
  let s = text.replace(/[\r\n]/g, '');
  if (padded) {
    if (s.length % 4 !== 0) return undefined;
    const pad = s.endsWith('==') ? 2 : 1;
    s = s.slice(0, s.length - pad);
    if (
      s.length % 4 === 1 ||
      (pad === 2 && s.length % 4 !== 2) ||
      (pad === 1 && s.length % 4 !== 3)
    )
      return undefined;
  } else if (s.length % 4 === 1) return undefined;
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of s) {
    const v = alphabet.indexOf(c);
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

type Jwk = Record<string, unknown>;

function field(
  jwk: Jwk,
  name: string,
  required: boolean,
): Uint8Array | undefined {
  const v = jwk[name];
  if (v === undefined) {
    if (required) throw fail(`the JWK has no "${name}"`);
    return undefined;
  }
  if (typeof v !== 'string') throw fail(`the JWK's "${name}" is not a string`);
  const b = jwxBase64(v);
  if (!b) throw fail(`the JWK's "${name}" is not valid base64`);
  return b;
}

const big = (jwk: Jwk, name: string) => bytesToBig(field(jwk, name, true)!);

function parseJwk(text: string): { jwk: Jwk; kty: string; isPrivate: boolean } {
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    throw fail('the JWK is not valid JSON');
  }
  if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk))
    throw fail('the JWK is not a JSON object');
  const o = jwk as Jwk;
  const kty = o.kty ?? '';
  if (typeof kty !== 'string') throw fail('the JWK\'s "kty" is not a string');
  if (!['RSA', 'EC', 'OKP', 'oct'].includes(kty))
    throw fail('the JWK has an invalid key type');
  return { jwk: o, kty, isPrivate: o.d !== undefined };
}

function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let r = 1n;
  let b = base % m;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
  }
  return r;
}

const bitLen = (n: bigint) => (n === 0n ? 0 : n.toString(2).length);

/** The CRT values of an RSA private key, checked as Go's rsa.PrivateKey.Validate checks them. */
function rsaCrt(jwk: Jwk, n: bigint, e: bigint, d: bigint) {
  const p = bytesToBig(field(jwk, 'p', false) ?? new Uint8Array());
  const q = bytesToBig(field(jwk, 'q', false) ?? new Uint8Array());
  const given = ['dp', 'dq', 'qi'].map(k => field(jwk, k, false));
  const bad = (why: string) => fail(`the RSA key is not valid (${why})`);
  if (n <= 1n || p <= 1n || q <= 1n) throw bad('modulus must be > 1');
  if (d >= n) throw bad('d is not less than n');
  let dp: bigint;
  let dq: bigint;
  let qi: bigint;
  if (given.every(Boolean)) {
    [dp, dq, qi] = given.map(b => bytesToBig(b!));
    if (qi >= p) throw bad('the CRT coefficient is not less than p');
  } else {
    if (p <= 2n || q <= 2n) throw bad('modulus must be > 1');
    if (p % 2n === 0n) throw bad('p is even');
    dp = d % (p - 1n);
    dq = d % (q - 1n);
    qi = modPow(q % p, p - 2n, p);
  }
  if (n % 2n === 0n) throw bad('the modulus is even');
  if (e < 2n) throw bad('the public exponent is too small');
  if (e % 2n === 0n) throw bad('the public exponent is even');
  if (e > 2n ** 31n - 1n) throw bad('the public exponent is too large');
  if (p >= n || q >= n) throw bad('invalid prime');
  if ((p * q) % n !== 0n) throw bad('p * q != n');
  if (p - 1n <= 1n || q - 1n <= 1n) throw bad('invalid prime');
  if (dp >= p - 1n || (e * dp) % (p - 1n) !== 1n)
    throw bad('invalid CRT exponent');
  if (dq >= q - 1n || (e * dq) % (q - 1n) !== 1n)
    throw bad('invalid CRT exponent');
  if ((qi * (q % p)) % p !== 1n) throw bad('invalid CRT coefficient');
  if (d % (p - 1n) !== dp || d % (q - 1n) !== dq)
    throw bad('d does not match the CRT exponents');
  if (p === q) throw bad('p == q');
  const diff = p > q ? p - q : q - p;
  if (bitLen(diff) <= Math.trunc(bitLen(n) / 2) - 100)
    throw bad('|p - q| too small');
  if (bitLen(d) <= Math.trunc(bitLen(n) / 2)) throw bad('d too small');
  return { p, q, dp, dq, qi };
}

/** The curve and the uncompressed point of an EC JWK, checked to lie on the curve. */
function ecPoint(jwk: Jwk): { curve: Curve; point: Uint8Array } {
  const crv = jwk.crv;
  if (typeof crv !== 'string' || !(crv in CURVES))
    throw fail('the JWK has an unsupported curve');
  const curve = CURVES[crv];
  const [x, y] = [big(jwk, 'x'), big(jwk, 'y')];
  const size = Math.ceil(curve.bits / 8);
  const { p, b } = curve;
  if (
    bitLen(x) > curve.bits ||
    bitLen(y) > curve.bits ||
    x >= p ||
    y >= p ||
    (y * y - (x * x * x - 3n * x + b)) % p !== 0n
  )
    throw fail('the JWK is not a point on its curve');
  const point = new Uint8Array(1 + 2 * size);
  point[0] = 4;
  point.set(bigToBytes(x, size), 1);
  point.set(bigToBytes(y, size), 1 + size);
  return { curve, point };
}

function publicKeyDer(jwk: Jwk, kty: string): Uint8Array {
  if (kty === 'RSA') {
    const [n, e] = [big(jwk, 'n'), BigInt.asIntN(64, big(jwk, 'e'))];
    return derSequence(
      derSequence(derOid(RSA_OID), derNull()),
      derBitString(derSequence(derInteger(n), derInteger(e))),
    );
  }
  if (kty === 'EC') {
    const { curve, point } = ecPoint(jwk);
    return derSequence(
      derSequence(derOid(EC_OID), derOid(curve.oid)),
      derBitString(point),
    );
  }
  if (kty === 'OKP' && jwk.crv === 'Ed25519') {
    const x = field(jwk, 'x', true)!;
    return derSequence(derSequence(derOid(ED25519_OID)), derBitString(x));
  }
  throw fail('the key type cannot be written as a public key PEM');
}

function privateKeyDer(jwk: Jwk, kty: string): Uint8Array {
  const version = derInteger(0n);
  if (kty === 'RSA') {
    const [d, e, n] = [
      big(jwk, 'd'),
      BigInt.asIntN(64, big(jwk, 'e')),
      big(jwk, 'n'),
    ];
    const { p, q, dp, dq, qi } = rsaCrt(jwk, n, e, d);
    const pkcs1 = derSequence(
      ...[0n, n, e, d, p, q, dp, dq, qi].map(derInteger),
    );
    return derSequence(
      version,
      derSequence(derOid(RSA_OID), derNull()),
      derOctetString(pkcs1),
    );
  }
  if (kty === 'EC') {
    const dBytes = field(jwk, 'd', true)!;
    const { curve, point } = ecPoint(jwk);
    const d = bytesToBig(dBytes);
    if (d === 0n || d >= curve.n)
      throw fail("the JWK's private scalar is out of range");
    const ecKey = derSequence(
      derInteger(1n),
      derOctetString(bigToBytes(d, Math.ceil(bitLen(curve.n) / 8))),
      derExplicit(1, derBitString(point)),
    );
    return derSequence(
      version,
      derSequence(derOid(EC_OID), derOid(curve.oid)),
      derOctetString(ecKey),
    );
  }
  if (kty === 'OKP' && jwk.crv === 'Ed25519') {
    const seed = field(jwk, 'd', true)!;
    const x = field(jwk, 'x', true)!;
    if (seed.length !== 32)
      throw fail("the JWK's private key has the wrong size");
    const pub = ed25519PublicFromSeed(seed);
    if (x.length !== 32 || pub.some((b, i) => b !== x[i]))
      throw fail('the JWK\'s "x" does not match its "d"');
    return derSequence(
      version,
      derSequence(derOid(ED25519_OID)),
      derOctetString(derOctetString(seed)),
    );
  }
  throw fail('the key type cannot be written as a private key PEM');
}

export const JWK_FUNCS: Record<string, FuncDef> = {
  /** A public JWK as a PKIX "PUBLIC KEY" PEM (a private JWK fails, as in Go). */
  jwkPublicKeyPem: {
    min: 1,
    max: 1,
    call: a => {
      const { jwk, kty, isPrivate } = parseJwk(strArg(a, 0));
      if (isPrivate)
        throw fail(
          'the JWK is a private key; jwkPublicKeyPem takes a public one',
        );
      const bytes = publicKeyDer(jwk, kty);
      return pemEncode({ type: 'PUBLIC KEY', headers: new Map(), bytes });
    },
  },
  /** A private JWK as a PKCS#8 "PRIVATE KEY" PEM. */
  jwkPrivateKeyPem: {
    min: 1,
    max: 1,
    call: a => {
      const { jwk, kty, isPrivate } = parseJwk(strArg(a, 0));
      if (!isPrivate)
        throw fail(
          'the JWK is a public key; jwkPrivateKeyPem takes a private one',
        );
      const bytes = privateKeyDer(jwk, kty);
      return pemEncode({ type: 'PRIVATE KEY', headers: new Map(), bytes });
    },
  },
};
