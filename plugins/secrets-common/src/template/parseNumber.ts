import { PosError } from './errors';
import type { Token } from './lexer';

/**
 * Go's "ideal constant" rule: a literal with a decimal point or exponent is
 * a float64, any other number an int.
 */
export function parseNumber(t: Token): bigint | number {
  const text = t.val.replace(/_/g, '');
  const sign = text.startsWith('-') ? -1n : 1n;
  const body = text.replace(/^[+-]/, '');
  const bad = () =>
    new PosError(t.pos, `bad number syntax: ${JSON.stringify(t.val)}`);
  if (/^0[xX][0-9a-fA-F]+$/.test(body) || /^0[bB][01]+$/.test(body)) {
    return sign * BigInt(body);
  }
  if (/^0[oO]?[0-7]+$/.test(body)) {
    return sign * BigInt(`0o${body.replace(/^0[oO]?/, '')}`);
  }
  if (/^[0-9]+$/.test(body)) {
    if (body.length > 1 && body.startsWith('0')) throw bad();
    return sign * BigInt(body);
  }
  if (/^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(body)) {
    const f = Number(text);
    if (!Number.isFinite(f)) throw bad();
    return f;
  }
  throw bad();
}
