/**
 * sprig's number and YAML conversions, as ESO templates use them to reshape values:
 * `int` (spf13/cast's ToInt: 0 for what it cannot read), `atoi` (strconv.Atoi, errors
 * ignored as sprig does: out of range clamps), `toYaml` and `fromYaml`. Messages name
 * types, never values.
 */
import { parse, stringify } from 'yaml';
import { toInt64 } from './cast';
import { FuncError, type FuncDef } from './funcDef';
import { GoTime } from './goTime';
import {
  compareStrings,
  fromJSONValue,
  GoMap,
  typeName,
  type Value,
} from './values';

const DECIMAL = /^[+-]?[0-9]+$/;
const MAX_INT = 2n ** 63n - 1n;

/** strconv.Atoi's result when it reports a range error: the value clamped (sprig keeps it). */
function clamp(n: bigint): bigint {
  if (n > MAX_INT) return MAX_INT;
  return n < -MAX_INT - 1n ? -MAX_INT - 1n : n;
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
  if (v instanceof GoTime)
    return v.format('2006-01-02T15:04:05.999999999Z07:00');
  if (typeof v === 'bigint') return Number(v);
  return v;
}

export const CONVERSION_FUNCS: Record<string, FuncDef> = {
  int: { min: 1, max: 1, call: ([v]) => toInt64(v) },
  atoi: {
    min: 1,
    max: 1,
    call: ([v]) => {
      if (typeof v !== 'string')
        throw new FuncError(`argument 1: expected string, got ${typeName(v)}`);
      return DECIMAL.test(v) ? clamp(BigInt(v)) : 0n;
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
