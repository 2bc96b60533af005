/**
 * Go's `time.ParseDuration` and `Duration.String`, on nanoseconds as bigint. Failures throw
 * {@link TimeParseError}, whose message never quotes the input.
 */
import { TimeParseError } from './goTimeParse';

const bad = (why: string) => new TimeParseError(why);

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX = 1n << 63n;

/** time.ParseDuration, in nanoseconds. */
export function parseDuration(input: string): bigint {
  let s = input;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw bad('invalid duration');
  let d = 0n;
  while (s !== '') {
    const m = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)!;
    if (m[0] === '' || m[0] === '.') throw bad('invalid duration');
    const [intPart, frac = ''] = [m[1], m[2]];
    s = s.slice(m[0].length);
    const u = /^[^0-9.]*/.exec(s)![0];
    if (u === '') throw bad('missing unit in duration');
    s = s.slice(u.length);
    const unit = UNITS[u];
    if (unit === undefined) throw bad('unknown unit in duration');
    let v = intPart === '' ? 0n : BigInt(intPart);
    if (v > MAX / unit) throw bad('invalid duration');
    v *= unit;
    // Go reads at most the fraction digits that fit, then scales in floating point.
    let f = 0n;
    let scale = 1;
    for (const c of frac) {
      if (f > (MAX - 1n) / 10n) break;
      const y = f * 10n + BigInt(c);
      if (y > MAX) break;
      f = y;
      scale *= 10;
    }
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX) throw bad('invalid duration');
    }
    d += v;
    if (d > MAX) throw bad('invalid duration');
  }
  if (neg) return -d;
  if (d > MAX - 1n) throw bad('invalid duration');
  return d;
}

function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let out = '';
  let print = false;
  let x = v;
  for (let i = 0; i < prec; i++) {
    const digit = x % 10n;
    print = print || digit !== 0n;
    if (print) out = digit.toString() + out;
    x /= 10n;
  }
  return [print ? `.${out}` : '', x];
}

/** Duration.String: "1h2m3.5s", "1.5ms", "0s". */
export function formatDuration(d: bigint): string {
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return '0s';
    let prec: number;
    let unit: string;
    if (u < 1_000n) [prec, unit] = [0, 'ns'];
    else if (u < 1_000_000n) [prec, unit] = [3, 'µs'];
    else [prec, unit] = [6, 'ms'];
    const [frac, rest] = fmtFrac(u, prec);
    out = `${rest}${frac}${unit}`;
  } else {
    const [frac, rest] = fmtFrac(u, 9);
    u = rest;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}
