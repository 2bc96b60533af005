/**
 * spf13/cast (v1.10, as ESO's sprig uses it) and the strconv parsers under it: how sprig turns
 * any value into an int64 or a float64. What cannot be read is 0, as cast's errors are ignored.
 */
import type { Value } from './values';

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

/** Go's int64 arithmetic wraps around. */
export const wrap64 = (n: bigint) => BigInt.asIntN(64, n);

/**
 * Go's float64 -> int64 conversion as amd64 does it: truncation, and the "integer
 * indefinite" value (the smallest int64) for NaN, infinities and values out of range.
 */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f)) return MIN_INT64;
  const t = BigInt(Math.trunc(f));
  return t > MAX_INT64 || t < MIN_INT64 ? MIN_INT64 : t;
}

/** strconv's underscoreOK: `_` only between digits (or after a base prefix). */
function underscoreOK(text: string): boolean {
  let s = text.replace(/^[+-]/, '');
  let saw = '^';
  let hex = false;
  if (/^0[bBoOxX]/.test(s)) {
    saw = '0';
    hex = /^0[xX]/.test(s);
    s = s.slice(2);
  }
  for (const c of s) {
    if (/[0-9]/.test(c) || (hex && /[a-fA-F]/.test(c))) saw = '0';
    else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else if (saw === '_') return false;
    else saw = '!';
  }
  return saw !== '_';
}

/** `strconv.ParseInt(s, 0, 64)`; undefined for a syntax or range error. */
export function parseIntBase0(text: string): bigint | undefined {
  if (text.includes('_') && !underscoreOK(text)) return undefined;
  const s = text.replace(/_/g, '');
  const m =
    /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(
      s,
    );
  if (!m) return undefined;
  let digits = m[2];
  if (/^0[0-7]+$/.test(digits)) digits = `0o${digits.slice(1)}`;
  const n = BigInt(digits.toLowerCase()) * (m[1] === '-' ? -1n : 1n);
  return n > MAX_INT64 || n < MIN_INT64 ? undefined : n;
}

/** The float nearest to mantissa * 2**exp2, rounding half to even (subnormals included). */
function binaryToFloat(mantissa: bigint, exp2: number): number {
  if (mantissa === 0n) return 0;
  let m = mantissa;
  let e = exp2;
  const len = m.toString(2).length;
  // Keep 53 significant bits, fewer where the result is subnormal.
  const bits = Math.min(53, Math.max(0, 53 - (-1022 - (len - 1 + e))));
  if (len > bits) {
    const drop = BigInt(len - bits);
    const half = 1n << (drop - 1n);
    const rest = m & ((1n << drop) - 1n);
    m >>= drop;
    if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
    e += Number(drop);
  }
  // Two steps so that 2**e itself never overflows or underflows.
  const h = Math.trunc(e / 2);
  return Number(m) * 2 ** h * 2 ** (e - h);
}

/** `strconv.ParseFloat(s, 64)`; undefined for a syntax error or an overflow. */
export function parseGoFloat(text: string): number | undefined {
  const special = /^([+-]?)(inf|infinity)$/i.exec(text);
  if (special) return special[1] === '-' ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (text.includes('_') && !underscoreOK(text)) return undefined;
  const s = text.replace(/_/g, '');
  let f: number;
  const hex =
    /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(
      s,
    );
  if (hex) {
    const [, sign, int, frac = ''] = hex;
    if (int === '' && frac === '') return undefined;
    const exp = Number(hex[4]) - 4 * frac.length;
    f = binaryToFloat(
      BigInt(`0x0${int}${frac}`),
      Math.max(-99999, Math.min(99999, exp)),
    );
    if (sign === '-') f = -f;
  } else {
    if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s))
      return undefined;
    f = Number(s);
  }
  return Number.isFinite(f) ? f : undefined;
}

/** cast's trimDecimal: "12.50" and "12." read as "12" before an integer parse. */
function trimDecimal(s: string): string {
  if (!s.includes('.')) return s;
  const m = /^([-+]?\d*)(\.\d*)?$/.exec(s);
  if (!m) return s;
  if (m[1] === '-' || m[1] === '+') return `${m[1]}0`;
  return m[1] === '' ? '0' : m[1];
}

/** `cast.ToInt64` (and `cast.ToInt`, the same on 64-bit Go). */
export function toInt64(v: Value): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return floatToInt64(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') {
    if (v === '') return 0n;
    return parseIntBase0(trimDecimal(v)) ?? 0n;
  }
  return 0n;
}

/** `cast.ToFloat64`. */
export function toFloat64(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return v === '' ? 0 : parseGoFloat(v) ?? 0;
  return 0;
}
