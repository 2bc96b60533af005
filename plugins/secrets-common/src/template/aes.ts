/**
 * AES-256 block decryption (FIPS 197) and CBC mode, for sprig's `decryptAES`. Pure TypeScript
 * for the browser too; not constant time, which is fine for decrypting a value the template
 * was already given together with its password.
 */

/** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
function gmul(a: number, b: number): number {
  let p = 0;
  let x = a;
  for (let y = b; y > 0; y >>= 1) {
    if (y & 1) p ^= x;
    x = ((x << 1) ^ (x & 0x80 ? 0x1b : 0)) & 0xff;
  }
  return p;
}

/** The S-box and its inverse, computed from their definition instead of copied tables. */
const SBOX = new Uint8Array(256);
const INV_SBOX = new Uint8Array(256);
{
  // Powers of the generator 3 give every non-zero element; inverses follow from the logs.
  const exp = new Uint8Array(255);
  const log = new Uint8Array(256);
  for (let i = 0, p = 1; i < 255; i++, p = gmul(p, 3)) {
    exp[i] = p;
    log[p] = i;
  }
  for (let i = 0; i < 256; i++) {
    const inv = i === 0 ? 0 : exp[(255 - log[i]) % 255];
    let s = inv;
    for (let k = 1; k <= 4; k++) s ^= ((inv << k) | (inv >> (8 - k))) & 0xff;
    SBOX[i] = s ^ 0x63;
    INV_SBOX[s ^ 0x63] = i;
  }
}

/** AES-256 key expansion: 15 round keys of 16 bytes. */
function expandKey(key: Uint8Array): Uint8Array {
  const w = new Uint8Array(240);
  w.set(key);
  let rcon = 1;
  for (let i = 32; i < 240; i += 4) {
    let t = [w[i - 4], w[i - 3], w[i - 2], w[i - 1]];
    if (i % 32 === 0) {
      t = [SBOX[t[1]] ^ rcon, SBOX[t[2]], SBOX[t[3]], SBOX[t[0]]];
      rcon = gmul(rcon, 2);
    } else if (i % 32 === 16) t = t.map(b => SBOX[b]);
    for (let k = 0; k < 4; k++) w[i + k] = w[i - 32 + k] ^ t[k];
  }
  return w;
}

/** One 16-byte block through the AES-256 inverse cipher. */
function decryptBlock(w: Uint8Array, input: Uint8Array): Uint8Array {
  const s = Uint8Array.from(input);
  const addRoundKey = (round: number) => {
    for (let i = 0; i < 16; i++) s[i] ^= w[16 * round + i];
  };
  addRoundKey(14);
  for (let round = 13; round >= 0; round--) {
    // InvShiftRows: row r (bytes r, r+4, r+8, r+12) rotates right by r.
    const t = Uint8Array.from(s);
    for (let c = 0; c < 4; c++)
      for (let r = 0; r < 4; r++) s[4 * ((c + r) % 4) + r] = t[4 * c + r];
    for (let i = 0; i < 16; i++) s[i] = INV_SBOX[s[i]];
    addRoundKey(round);
    if (round > 0) {
      for (let c = 0; c < 4; c++) {
        const [a0, a1, a2, a3] = [
          s[4 * c],
          s[4 * c + 1],
          s[4 * c + 2],
          s[4 * c + 3],
        ];
        s[4 * c] = gmul(a0, 14) ^ gmul(a1, 11) ^ gmul(a2, 13) ^ gmul(a3, 9);
        s[4 * c + 1] = gmul(a0, 9) ^ gmul(a1, 14) ^ gmul(a2, 11) ^ gmul(a3, 13);
        s[4 * c + 2] = gmul(a0, 13) ^ gmul(a1, 9) ^ gmul(a2, 14) ^ gmul(a3, 11);
        s[4 * c + 3] = gmul(a0, 11) ^ gmul(a1, 13) ^ gmul(a2, 9) ^ gmul(a3, 14);
      }
    }
  }
  return s;
}

/** AES-256-CBC decryption of whole blocks (no padding removed). */
export function aes256CbcDecrypt(
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  const w = expandKey(key);
  const out = new Uint8Array(data.length);
  let prev = iv;
  for (let off = 0; off < data.length; off += 16) {
    const block = data.subarray(off, off + 16);
    const plain = decryptBlock(w, block);
    for (let i = 0; i < 16; i++) out[off + i] = plain[i] ^ prev[i];
    prev = block;
  }
  return out;
}
