/**
 * sprig's base32 and hex decoding and its other digests. As with `b64dec`, decoding invalid
 * input fails (sprig returns the error text as the result) and decoded data that is not
 * UTF-8 text is refused: templates here work on text.
 */
import { aes256CbcDecrypt } from './aes';
import {
  base64Decode,
  base64Encode,
  hexEncode,
  utf8Decode,
  utf8Encode,
} from './encoding';
import { adler32, sha1, sha512 } from './digests';
import { strArg } from './funcArgs';
import { FuncError, type FuncDef } from './funcDef';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `base32.StdEncoding.EncodeToString`. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 5) {
    const chunk = bytes.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const chars = [0, 2, 4, 5, 7, 8][chunk.length];
    for (let k = 0; k < 8; k++) {
      out += k < chars ? B32[Number((bits >> BigInt(35 - 5 * k)) & 31n)] : '=';
    }
  }
  return out;
}

/** `base32.StdEncoding.DecodeString`, step by step; undefined where Go reports corrupt input. */
export function base32Decode(text: string): Uint8Array | undefined {
  const src = text.replace(/[\r\n]/g, '');
  const out: number[] = [];
  let i = 0;
  let end = false;
  while (i < src.length && !end) {
    const d: number[] = [];
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      if (i >= src.length) return undefined;
      const c = src[i++];
      const left = src.length - i;
      if (c === '=' && j >= 2 && left < 8) {
        if (left + j < 7) return undefined;
        for (let k = 0; k < 7 - j; k++)
          if (k < left && src[i + k] !== '=') return undefined;
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) return undefined;
        break;
      }
      const v = B32.indexOf(c);
      if (v < 0) return undefined;
      d[j++] = v;
    }
    let bits = 0n;
    for (let k = 0; k < 8; k++) bits = (bits << 5n) | BigInt(d[k] ?? 0);
    const n = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 }[dlen] ?? 0;
    for (let k = 0; k < n; k++)
      out.push(Number((bits >> BigInt(32 - 8 * k)) & 255n));
  }
  return Uint8Array.from(out);
}

function decodedText(bytes: Uint8Array | undefined, what: string): string {
  if (!bytes) throw new FuncError(`argument 1: input is not valid ${what}`);
  const s = utf8Decode(bytes);
  if (s === undefined)
    throw new FuncError(
      'decoded data is not valid UTF-8 text (binary data is not supported)',
    );
  return s;
}

function hexDecode(s: string): Uint8Array | undefined {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++)
    out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * sprig's decryptAES: AES-256-CBC with the password (UTF-8, cut or zero-padded to 32 bytes) as
 * the key and the first block as the IV; the last byte says how much padding to drop, unchecked.
 */
function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const key = new Uint8Array(32);
  key.set(utf8Encode(password).subarray(0, 32));
  const crypt = base64Decode(crypt64);
  if (!crypt) throw new FuncError('argument 2: input is not valid base64');
  const body = crypt.subarray(16);
  if (crypt.length < 16 || body.length % 16 !== 0 || body.length === 0)
    throw new FuncError('argument 2: the ciphertext is not whole AES blocks');
  const plain = aes256CbcDecrypt(key, crypt.subarray(0, 16), body);
  const pad = plain[plain.length - 1];
  if (pad > plain.length)
    throw new FuncError('argument 2: the padding is longer than the text');
  return decodedText(plain.subarray(0, plain.length - pad), 'AES ciphertext');
}

export const ENCODING_FUNCS: Record<string, FuncDef> = {
  b32enc: { min: 1, max: 1, call: a => base32Encode(utf8Encode(strArg(a, 0))) },
  b32dec: {
    min: 1,
    max: 1,
    call: a => decodedText(base32Decode(strArg(a, 0)), 'base32'),
  },
  hexdec: {
    min: 1,
    max: 1,
    call: a => decodedText(hexDecode(strArg(a, 0)), 'hex'),
  },
  sha1sum: {
    min: 1,
    max: 1,
    call: a => hexEncode(sha1(utf8Encode(strArg(a, 0)))),
  },
  sha512sum: {
    min: 1,
    max: 1,
    call: a => hexEncode(sha512(utf8Encode(strArg(a, 0)))),
  },
  /** `htpasswd user password "sha"`: an Apache {SHA} line (sprig's bcrypt default is refused). */
  htpasswd: {
    min: 3,
    max: 3,
    call: a => {
      const [user, password, algo] = [strArg(a, 0), strArg(a, 1), strArg(a, 2)];
      if (user.includes(':')) return `invalid username: ${user}`;
      if (algo !== 'sha')
        throw new FuncError(
          'argument 3: only "sha" is supported: bcrypt has a random salt, so the Secret would change on every render',
        );
      return `${user}:{SHA}${base64Encode(sha1(utf8Encode(password)))}`;
    },
  },
  decryptAES: {
    min: 2,
    max: 2,
    call: a => {
      const [password, crypt64] = [strArg(a, 0), strArg(a, 1)];
      return decryptAES(password, crypt64);
    },
  },
  adler32sum: {
    min: 1,
    max: 1,
    call: a => String(adler32(utf8Encode(strArg(a, 0)))),
  },
};
