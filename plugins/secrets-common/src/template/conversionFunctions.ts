/**
 * sprig's number and YAML conversions, as ESO templates use them to reshape values:
 * `int` (spf13/cast's ToInt: 0 for what it cannot read), `atoi` (strconv.Atoi, errors
 * ignored as sprig does), `toYaml` and `fromYaml`. Messages name types, never values.
 */
import { parse, stringify } from 'yaml';
import { FuncError, type FuncDef } from './funcDef';
import {
  compareStrings,
  fromJSONValue,
  GoMap,
  typeName,
  type Value,
} from './values';

/** Go's base-0 integer syntax: hex, octal (leading 0 or 0o), binary, or decimal without a leading 0. */
const INT = /^[+-]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|0|[1-9][0-9]*)$/;
const DECIMAL = /^[+-]?[0-9]+$/;
const MAX_INT = 2n ** 63n - 1n;

/** A Go int, or 0 when out of range (as a failed strconv parse gives to sprig). */
const inRange = (n: bigint) => (n > MAX_INT || n < -MAX_INT - 1n ? 0n : n);

function parseGoInt(text: string): bigint {
  const t = text.replace(/\.0*$/, ''); // cast trims a zero decimal part: "8.00" is 8
  if (!INT.test(t)) return 0n;
  const negative = t.startsWith('-');
  const digits = t.replace(/^[+-]/, '');
  const withBase = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits;
  const n = BigInt(withBase.replace(/^0([oO])/, '0o'));
  return inRange(negative ? -n : n);
}

/** A template value as plain JSON-like data, for YAML output. */
function toPlain(v: Value): unknown {
  if (v instanceof GoMap)
    return Object.fromEntries(
      [...v.entries.keys()]
        .sort(compareStrings)
        .map(k => [k, toPlain(v.entries.get(k)!)]),
    );
  if (Array.isArray(v)) return v.map(toPlain);
  if (typeof v === 'bigint') return Number(v);
  return v;
}

export const CONVERSION_FUNCS: Record<string, FuncDef> = {
  int: {
    min: 1,
    max: 1,
    call: ([v]) => {
      if (typeof v === 'bigint') return v;
      if (typeof v === 'number')
        return Number.isFinite(v) ? inRange(BigInt(Math.trunc(v))) : 0n;
      if (typeof v === 'boolean') return v ? 1n : 0n;
      if (typeof v === 'string') return parseGoInt(v.trim());
      return 0n;
    },
  },
  atoi: {
    min: 1,
    max: 1,
    call: ([v]) => {
      if (typeof v !== 'string')
        throw new FuncError(`argument 1: expected string, got ${typeName(v)}`);
      return DECIMAL.test(v) ? inRange(BigInt(v)) : 0n;
    },
  },
  /**
   * YAML of a value as Go's yaml.v2 writes it for sprig: keys sorted, a sequence under a key
   * not indented (`hosts:\n- a`), no final newline (sprig trims it).
   */
  toYaml: {
    min: 1,
    max: 1,
    call: ([v]) =>
      v === null
        ? 'null'
        : stringify(toPlain(v), { lineWidth: 0, indentSeq: false }).replace(
            /\n$/,
            '',
          ),
  },
  /** A YAML document as a map; what cannot be read gives a map with `Error`, as sprig does. */
  fromYaml: {
    min: 1,
    max: 1,
    call: ([v]) => {
      if (typeof v !== 'string')
        throw new FuncError(`argument 1: expected string, got ${typeName(v)}`);
      try {
        const doc = parse(v, { maxAliasCount: 50 });
        if (doc === null || doc === undefined) return new GoMap(new Map());
        if (typeof doc !== 'object' || Array.isArray(doc))
          return new GoMap(
            new Map([['Error', 'the YAML is not a map (use fromYamlArray)']]),
          );
        return fromJSONValue(JSON.parse(JSON.stringify(doc)));
      } catch {
        // The parser's message quotes the text, which may be a secret: a fixed one instead.
        return new GoMap(new Map([['Error', 'the text is not valid YAML']]));
      }
    },
  },
};
