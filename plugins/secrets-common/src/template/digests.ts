/**
 * SHA-1, SHA-512 (FIPS 180-4) and Adler-32 (RFC 1950) of bytes, for sprig's `sha1sum`,
 * `sha512sum` and `adler32sum`. Pure TypeScript: the module runs in the browser too.
 */

function pad(data: Uint8Array, block: number, lengthBytes: number): Uint8Array {
  const padded = new Uint8Array(
    Math.ceil((data.length + 1 + lengthBytes) / block) * block,
  );
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = data.length * 8;
  view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000));
  view.setUint32(padded.length - 4, bits >>> 0);
  return padded;
}

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

export function sha1(data: Uint8Array): Uint8Array {
  const h = new Uint32Array([
    0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0,
  ]);
  const p = pad(data, 64, 8);
  const view = new DataView(p.buffer);
  const w = new Uint32Array(80);
  for (let off = 0; off < p.length; off += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(off + 4 * t);
    for (let t = 16; t < 80; t++)
      w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    let a = h[0];
    let b = h[1];
    let c = h[2];
    let d = h[3];
    let e = h[4];
    for (let t = 0; t < 80; t++) {
      let f: number;
      let k: number;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const tmp = (rotl(a, 5) + f + e + k + w[t]) >>> 0;
      e = d;
      d = c;
      c = rotl(b, 30) >>> 0;
      b = a;
      a = tmp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  }
  const out = new Uint8Array(20);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 5; i++) ov.setUint32(4 * i, h[i]);
  return out;
}

/** SHA-512 round constants as [high, low] 32-bit halves. */
const K512 = [
  '428a2f98d728ae22',
  '7137449123ef65cd',
  'b5c0fbcfec4d3b2f',
  'e9b5dba58189dbbc',
  '3956c25bf348b538',
  '59f111f1b605d019',
  '923f82a4af194f9b',
  'ab1c5ed5da6d8118',
  'd807aa98a3030242',
  '12835b0145706fbe',
  '243185be4ee4b28c',
  '550c7dc3d5ffb4e2',
  '72be5d74f27b896f',
  '80deb1fe3b1696b1',
  '9bdc06a725c71235',
  'c19bf174cf692694',
  'e49b69c19ef14ad2',
  'efbe4786384f25e3',
  '0fc19dc68b8cd5b5',
  '240ca1cc77ac9c65',
  '2de92c6f592b0275',
  '4a7484aa6ea6e483',
  '5cb0a9dcbd41fbd4',
  '76f988da831153b5',
  '983e5152ee66dfab',
  'a831c66d2db43210',
  'b00327c898fb213f',
  'bf597fc7beef0ee4',
  'c6e00bf33da88fc2',
  'd5a79147930aa725',
  '06ca6351e003826f',
  '142929670a0e6e70',
  '27b70a8546d22ffc',
  '2e1b21385c26c926',
  '4d2c6dfc5ac42aed',
  '53380d139d95b3df',
  '650a73548baf63de',
  '766a0abb3c77b2a8',
  '81c2c92e47edaee6',
  '92722c851482353b',
  'a2bfe8a14cf10364',
  'a81a664bbc423001',
  'c24b8b70d0f89791',
  'c76c51a30654be30',
  'd192e819d6ef5218',
  'd69906245565a910',
  'f40e35855771202a',
  '106aa07032bbd1b8',
  '19a4c116b8d2d0c8',
  '1e376c085141ab53',
  '2748774cdf8eeb99',
  '34b0bcb5e19b48a8',
  '391c0cb3c5c95a63',
  '4ed8aa4ae3418acb',
  '5b9cca4f7763e373',
  '682e6ff3d6b2b8a3',
  '748f82ee5defb2fc',
  '78a5636f43172f60',
  '84c87814a1f0ab72',
  '8cc702081a6439ec',
  '90befffa23631e28',
  'a4506cebde82bde9',
  'bef9a3f7b2c67915',
  'c67178f2e372532b',
  'ca273eceea26619c',
  'd186b8c721c0c207',
  'eada7dd6cde0eb1e',
  'f57d4f7fee6ed178',
  '06f067aa72176fba',
  '0a637dc5a2c898a6',
  '113f9804bef90dae',
  '1b710b35131c471b',
  '28db77f523047d84',
  '32caab7b40c72493',
  '3c9ebe0a15c9bebc',
  '431d67c49c100d4c',
  '4cc5d4becb3e42b6',
  '597f299cfc657e2a',
  '5fcb6fab3ad6faec',
  '6c44198c4a475817',
].map(x => [parseInt(x.slice(0, 8), 16), parseInt(x.slice(8), 16)]);

const INIT512 = [
  '6a09e667f3bcc908',
  'bb67ae8584caa73b',
  '3c6ef372fe94f82b',
  'a54ff53a5f1d36f1',
  '510e527fade682d1',
  '9b05688c2b3e6c1f',
  '1f83d9abfb41bd6b',
  '5be0cd19137e2179',
];

/** SHA-512 on 32-bit halves: each 64-bit word is a (high, low) pair of uint32. */
export function sha512(data: Uint8Array): Uint8Array {
  const hh = new Uint32Array(8);
  const hl = new Uint32Array(8);
  INIT512.forEach((x, i) => {
    hh[i] = parseInt(x.slice(0, 8), 16);
    hl[i] = parseInt(x.slice(8), 16);
  });
  const kh = Uint32Array.from(K512, k => k[0]);
  const kl = Uint32Array.from(K512, k => k[1]);
  const p = pad(data, 128, 16);
  const view = new DataView(p.buffer);
  const wh = new Uint32Array(80);
  const wl = new Uint32Array(80);
  const vh = new Uint32Array(8);
  const vl = new Uint32Array(8);
  for (let off = 0; off < p.length; off += 128) {
    for (let t = 0; t < 16; t++) {
      wh[t] = view.getUint32(off + 8 * t);
      wl[t] = view.getUint32(off + 8 * t + 4);
    }
    for (let t = 16; t < 80; t++) {
      // sigma0 = rotr 1 ^ rotr 8 ^ shr 7; sigma1 = rotr 19 ^ rotr 61 ^ shr 6.
      let xh = wh[t - 15];
      let xl = wl[t - 15];
      const s0h =
        ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
      const s0l =
        ((xl >>> 1) | (xh << 31)) ^
        ((xl >>> 8) | (xh << 24)) ^
        ((xl >>> 7) | (xh << 25));
      xh = wh[t - 2];
      xl = wl[t - 2];
      const s1h =
        ((xh >>> 19) | (xl << 13)) ^ ((xl >>> 29) | (xh << 3)) ^ (xh >>> 6);
      const s1l =
        ((xl >>> 19) | (xh << 13)) ^
        ((xh >>> 29) | (xl << 3)) ^
        ((xl >>> 6) | (xh << 26));
      const lo = (s0l >>> 0) + (s1l >>> 0) + wl[t - 7] + wl[t - 16];
      wl[t] = lo;
      wh[t] = s0h + s1h + wh[t - 7] + wh[t - 16] + ((lo / 0x100000000) | 0);
    }
    vh.set(hh);
    vl.set(hl);
    for (let t = 0; t < 80; t++) {
      const [ah, al, eh, el] = [vh[0], vl[0], vh[4], vl[4]];
      // Sum1 = rotr 14 ^ rotr 18 ^ rotr 41; Sum0 = rotr 28 ^ rotr 34 ^ rotr 39.
      const S1h =
        ((eh >>> 14) | (el << 18)) ^
        ((eh >>> 18) | (el << 14)) ^
        ((el >>> 9) | (eh << 23));
      const S1l =
        ((el >>> 14) | (eh << 18)) ^
        ((el >>> 18) | (eh << 14)) ^
        ((eh >>> 9) | (el << 23));
      const chh = (eh & vh[5]) ^ (~eh & vh[6]);
      const chl = (el & vl[5]) ^ (~el & vl[6]);
      const t1l = vl[7] + (S1l >>> 0) + (chl >>> 0) + kl[t] + wl[t];
      const t1h =
        vh[7] +
        (S1h >>> 0) +
        (chh >>> 0) +
        kh[t] +
        wh[t] +
        ((t1l / 0x100000000) | 0);
      const S0h =
        ((ah >>> 28) | (al << 4)) ^
        ((al >>> 2) | (ah << 30)) ^
        ((al >>> 7) | (ah << 25));
      const S0l =
        ((al >>> 28) | (ah << 4)) ^
        ((ah >>> 2) | (al << 30)) ^
        ((ah >>> 7) | (al << 25));
      const mjh = (ah & vh[1]) ^ (ah & vh[2]) ^ (vh[1] & vh[2]);
      const mjl = (al & vl[1]) ^ (al & vl[2]) ^ (vl[1] & vl[2]);
      const t2l = (S0l >>> 0) + (mjl >>> 0);
      const t2h = (S0h >>> 0) + (mjh >>> 0) + ((t2l / 0x100000000) | 0);
      vh.copyWithin(1, 0, 7);
      vl.copyWithin(1, 0, 7);
      const el2 = vl[4] + (t1l >>> 0);
      vl[4] = el2;
      vh[4] = vh[4] + t1h + ((el2 / 0x100000000) | 0);
      const al2 = (t1l >>> 0) + (t2l >>> 0);
      vl[0] = al2;
      vh[0] = t1h + t2h + ((al2 / 0x100000000) | 0);
    }
    for (let i = 0; i < 8; i++) {
      const lo = hl[i] + vl[i];
      hl[i] = lo;
      hh[i] = hh[i] + vh[i] + ((lo / 0x100000000) | 0);
    }
  }
  const out = new Uint8Array(64);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) {
    ov.setUint32(8 * i, hh[i]);
    ov.setUint32(8 * i + 4, hl[i]);
  }
  return out;
}

/** Adler-32 checksum as an unsigned 32-bit number. */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; i += 5552) {
    const end = Math.min(i + 5552, data.length);
    for (let k = i; k < end; k++) {
      a += data[k];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return b * 65536 + a;
}
