/**
 * The part of shopspring/decimal (v1.4) that sprig's `addf`, `subf`, `mulf` and `divf` use:
 * each float becomes its shortest exact decimal, the arithmetic is exact (division rounds
 * half away from zero at 16 decimal places), and the result goes back to the nearest float.
 * That is why `addf 0.1 0.2` is 0.3 in sprig.
 */
import { FuncError } from './funcDef';

/** coefficient * 10**exponent. */
export interface Decimal {
  c: bigint;
  e: number;
}

const DIVISION_PRECISION = 16;

const pow10 = (n: number) => 10n ** BigInt(n);

/** `decimal.NewFromFloat`: the shortest decimal that reads back as f. */
export function decimalFromFloat(f: number, arg: number): Decimal {
  if (!Number.isFinite(f))
    throw new FuncError(
      `argument ${arg + 1}: cannot create a decimal from NaN or an infinity`,
    );
  if (f === 0) return { c: 0n, e: 0 };
  const [mantissa, exp] = f.toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const frac = mantissa.includes('.') ? mantissa.split('.')[1].length : 0;
  return { c: BigInt(digits), e: Number(exp) - frac };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const e = Math.min(a.e, b.e);
  return [a.c * pow10(a.e - e), b.c * pow10(b.e - e), e];
}

export function decimalAdd(a: Decimal, b: Decimal): Decimal {
  const [x, y, e] = align(a, b);
  return { c: x + y, e };
}

export function decimalSub(a: Decimal, b: Decimal): Decimal {
  const [x, y, e] = align(a, b);
  return { c: x - y, e };
}

export function decimalMul(a: Decimal, b: Decimal): Decimal {
  return { c: a.c * b.c, e: a.e + b.e };
}

const abs = (n: bigint) => (n < 0n ? -n : n);
function sign(n: bigint): number {
  if (n === 0n) return 0;
  return n > 0n ? 1 : -1;
}

/** `Decimal.Div`: DivRound at 16 places, half away from zero. */
export function decimalDiv(a: Decimal, b: Decimal): Decimal {
  if (b.c === 0n) throw new FuncError('decimal division by 0');
  const p = DIVISION_PRECISION;
  const e = a.e - b.e + p;
  let num: bigint;
  let den: bigint;
  let restExp: number;
  if (e < 0) {
    num = a.c;
    den = b.c * pow10(-e);
    restExp = a.e;
  } else {
    num = a.c * pow10(e);
    den = b.c;
    restExp = -p + b.e;
  }
  const q: Decimal = { c: num / den, e: -p };
  const r: Decimal = { c: num % den, e: restExp };
  // Round by comparing 2 * |r| * 10**p with |b|.
  const twice: Decimal = { c: abs(r.c) * 2n, e: r.e + p };
  const [x, y] = align(twice, { c: abs(b.c), e: b.e });
  if (x < y) return q;
  const unit: Decimal = { c: 1n, e: -p };
  return sign(a.c) * sign(b.c) < 0 ? decimalSub(q, unit) : decimalAdd(q, unit);
}

/** The float nearest to the decimal. */
export function decimalToFloat(d: Decimal): number {
  return Number(`${d.c}e${d.e}`);
}
