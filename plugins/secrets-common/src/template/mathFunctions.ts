/**
 * sprig's math: integer functions read any value with cast's ToInt64 and compute in Go's
 * wrapping int64; the float ones read with ToFloat64, and `addf`/`subf`/`mulf`/`divf` compute
 * in exact decimals as sprig does. `until`, `untilStep` and `seq` build ranges, bounded.
 */
import { toFloat64, toInt64, wrap64 } from './cast';
import {
  decimalAdd,
  decimalDiv,
  decimalFromFloat,
  decimalMul,
  decimalSub,
  decimalToFloat,
  type Decimal,
} from './decimal';
import { checkCount, checkLength, intArg } from './funcArgs';
import { FuncError, type FuncDef } from './funcDef';
import { typedSlice } from './goTypes';
import { formatValue, typeName, type Value } from './values';

const V = Infinity;

function intDivisor(b: Value): bigint {
  const d = toInt64(b);
  if (d === 0n) throw new FuncError('integer divide by zero');
  return d;
}

/** Go's math.Max / math.Min: an infinity wins over NaN, NaN over numbers. */
function goMax(x: number, y: number): number {
  if (x === Infinity || y === Infinity) return Infinity;
  return Math.max(x, y);
}
function goMin(x: number, y: number): number {
  if (x === -Infinity || y === -Infinity) return -Infinity;
  return Math.min(x, y);
}

/** Go's math.Pow(10, p) for an integer p, by the same successive squarings. */
function pow10(p: number): number {
  if (p === 0) return 1;
  if (p === 1) return 10;
  let a1 = 1;
  let ae = 0;
  let x1 = 0.625; // Frexp(10) = 0.625 * 2**4
  let xe = 4;
  for (let i = Math.abs(p); i !== 0; i = Math.floor(i / 2)) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      ae += xe;
      break;
    }
    if (i % 2 === 1) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe *= 2;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  if (p < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  const h = Math.trunc(ae / 2);
  return a1 * 2 ** h * 2 ** (ae - h);
}

/** sprig's execDecimalOp: a, then each of rest, through op; the nearest float at the end. */
function decimalOp(
  first: Value,
  firstArg: number,
  rest: Value[],
  op: (x: Decimal, y: Decimal) => Decimal,
): number {
  let acc = decimalFromFloat(toFloat64(first), firstArg);
  rest.forEach((x, i) => {
    acc = op(acc, decimalFromFloat(toFloat64(x), i + firstArg + 1));
  });
  return decimalToFloat(acc);
}

/** sprig's untilStep: start, start+step... short of stop; empty when step goes the wrong way. */
function untilStep(
  start: number,
  stop: number,
  step: number,
  arg: number,
): bigint[] {
  let count = 0;
  if (stop < start && step < 0) count = Math.ceil((start - stop) / -step);
  else if (stop > start && step > 0) count = Math.ceil((stop - start) / step);
  checkCount(count, arg);
  return Array.from({ length: count }, (_, i) => BigInt(start + i * step));
}

/** sprig's seq: like the Unix command, a space-separated range (none for 0 or 4+ numbers). */
function seq(p: number[]): string {
  let list: bigint[] = [];
  if (p.length === 1) {
    const inc = p[0] < 1 ? -1 : 1;
    list = untilStep(1, p[0] + inc, inc, 0);
  } else if (p.length === 2) {
    const inc = p[1] < p[0] ? -1 : 1;
    list = untilStep(p[0], p[1] + inc, inc, 1);
  } else if (p.length === 3) {
    const [start, step, end] = p;
    let inc = 1;
    if (end < start) {
      inc = -1;
      if (step > 0) return '';
    }
    list = untilStep(start, end + inc, step, 2);
  }
  const out = list.join(' ');
  checkLength(out.length, p.length - 1);
  return out;
}

/** `strconv.ParseInt(fmt.Sprint(v), 8, 64)`, 0 when it fails. */
function toDecimal(text: string): bigint {
  const m = /^([+-]?)([0-7]+)$/.exec(text);
  if (!m) return 0n;
  const n = BigInt(`0o${m[2]}`) * (m[1] === '-' ? -1n : 1n);
  return n === wrap64(n) ? n : 0n;
}

export const MATH_FUNCS: Record<string, FuncDef> = {
  add1: { min: 1, max: 1, call: ([i]) => wrap64(toInt64(i) + 1n) },
  add: {
    min: 0,
    max: V,
    call: a => a.reduce<bigint>((s, x) => wrap64(s + toInt64(x)), 0n),
  },
  sub: { min: 2, max: 2, call: ([x, y]) => wrap64(toInt64(x) - toInt64(y)) },
  div: {
    min: 2,
    max: 2,
    call: ([x, y]) => {
      const n = toInt64(x);
      return wrap64(n / intDivisor(y));
    },
  },
  mod: {
    min: 2,
    max: 2,
    call: ([x, y]) => {
      const n = toInt64(x);
      return n % intDivisor(y);
    },
  },
  mul: {
    min: 1,
    max: V,
    call: a =>
      a
        .slice(1)
        .reduce<bigint>((p, x) => wrap64(p * toInt64(x)), toInt64(a[0])),
  },
  max: {
    min: 1,
    max: V,
    call: a => a.map(toInt64).reduce((m, x) => (x > m ? x : m)),
  },
  biggest: {
    min: 1,
    max: V,
    call: a => a.map(toInt64).reduce((m, x) => (x > m ? x : m)),
  },
  min: {
    min: 1,
    max: V,
    call: a => a.map(toInt64).reduce((m, x) => (x < m ? x : m)),
  },
  maxf: { min: 1, max: V, call: a => a.map(toFloat64).reduce(goMax) },
  minf: { min: 1, max: V, call: a => a.map(toFloat64).reduce(goMin) },
  floor: { min: 1, max: 1, call: ([x]) => Math.floor(toFloat64(x)) },
  ceil: { min: 1, max: 1, call: ([x]) => Math.ceil(toFloat64(x)) },
  /**
   * `round x places [roundOn]`: sprig rounds up when the fraction reaches roundOn (0.5), and
   * takes the fraction with its sign, so negative halves round down (-2.5 gives -3).
   */
  round: {
    min: 2,
    max: 3,
    call: a => {
      const places = intArg(a, 1);
      let on = 0.5;
      if (a.length > 2) {
        const r = a[2];
        if (typeof r === 'number') on = r;
        else if (typeof r === 'bigint') on = Number(r);
        else
          throw new FuncError(
            `argument 3: expected float64, got ${typeName(r)}`,
          );
      }
      const pow = pow10(places);
      const digit = pow * toFloat64(a[0]);
      const frac = digit - Math.trunc(digit);
      return (frac >= on ? Math.ceil(digit) : Math.floor(digit)) / pow;
    },
  },
  add1f: { min: 1, max: 1, call: ([x]) => decimalOp(x, 0, [1n], decimalAdd) },
  addf: { min: 0, max: V, call: a => decimalOp(0, -1, a, decimalAdd) },
  subf: {
    min: 1,
    max: V,
    call: a => decimalOp(a[0], 0, a.slice(1), decimalSub),
  },
  mulf: {
    min: 1,
    max: V,
    call: a => decimalOp(a[0], 0, a.slice(1), decimalMul),
  },
  divf: {
    min: 1,
    max: V,
    call: a => decimalOp(a[0], 0, a.slice(1), decimalDiv),
  },
  /** `until n`: the ints 0..n-1 (or 0 down to n+1 for a negative n), as a Go `[]int`. */
  until: {
    min: 1,
    max: 1,
    call: a => {
      const n = intArg(a, 0);
      return typedSlice(untilStep(0, n, n < 0 ? -1 : 1, 0), 'int');
    },
  },
  untilStep: {
    min: 3,
    max: 3,
    call: a => {
      const [start, stop, step] = [intArg(a, 0), intArg(a, 1), intArg(a, 2)];
      return typedSlice(untilStep(start, stop, step, 1), 'int');
    },
  },
  seq: {
    min: 0,
    max: V,
    call: a => seq(a.map((_, i) => intArg(a, i))),
  },
  toDecimal: {
    min: 1,
    max: 1,
    call: ([v]) => toDecimal(formatValue(v)),
  },
};
