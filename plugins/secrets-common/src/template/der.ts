/**
 * The few DER (ASN.1) encodings Go's x509 key marshalling writes: INTEGER, OCTET STRING,
 * BIT STRING, NULL, OBJECT IDENTIFIER, SEQUENCE and an explicit context tag. Enough to
 * write PKIX public keys and PKCS#8 private keys byte for byte as Go does.
 */

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  let len: number[];
  if (n < 0x80) len = [n];
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = [0x80 | bytes.length, ...bytes];
  }
  return concatBytes([Uint8Array.from([tag, ...len]), content]);
}

/** Big-endian bytes of a non-negative integer, `size` long (or as short as possible). */
export function bigToBytes(n: bigint, size = 0): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (n === 0n) hex = '';
  const out = new Uint8Array(Math.max(size, hex.length / 2));
  const off = out.length - hex.length / 2;
  for (let i = 0; i < hex.length / 2; i++)
    out[off + i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A non-negative integer from big-endian bytes. */
export function bytesToBig(b: Uint8Array): bigint {
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}

/** INTEGER, in minimal two's complement (negative values too, as Go's int fields). */
export function derInteger(n: bigint): Uint8Array {
  if (n >= 0n) {
    let b = bigToBytes(n);
    if (b.length === 0 || b[0] & 0x80) b = concatBytes([Uint8Array.of(0), b]);
    return tlv(0x02, b);
  }
  // Two's complement: the fewest bytes whose sign bit is set.
  let len = 1;
  while (n < -(1n << BigInt(8 * len - 1))) len++;
  return tlv(0x02, bigToBytes((1n << BigInt(8 * len)) + n, len));
}

export const derSequence = (...items: Uint8Array[]) =>
  tlv(0x30, concatBytes(items));
export const derOctetString = (b: Uint8Array) => tlv(0x04, b);
export const derBitString = (b: Uint8Array) =>
  tlv(0x03, concatBytes([Uint8Array.of(0), b]));
export const derNull = () => Uint8Array.of(0x05, 0x00);
export const derExplicit = (tag: number, inner: Uint8Array) =>
  tlv(0xa0 | tag, inner);

/** OBJECT IDENTIFIER from its dotted form. */
export function derOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const groups: number[] = [];
    for (let v = arc; ; v = Math.floor(v / 128)) {
      groups.unshift(v % 128 | (groups.length ? 0x80 : 0));
      if (v < 128) break;
    }
    out.push(...groups);
  }
  return tlv(0x06, Uint8Array.from(out));
}
