/**
 * The function map: Go's `text/template` builtins (builtinFunctions.ts) plus the
 * sprig functions ESO templates use most. Failures throw {@link FuncError}, whose
 * messages name argument positions and types, never values.
 */
import {
  base64Decode,
  base64Encode,
  hexEncode,
  sha256,
  utf8Decode,
  utf8Encode,
} from './encoding';
import { CHECK_FUNCS } from './checkFunctions';
import { FuncError, type FuncDef } from './funcDef';
import { CONVERSION_FUNCS } from './conversionFunctions';
import { goQuote } from './fmt';
import { REGEX_FUNCS } from './regexFunctions';
import { SPRIG_FUNCS } from './sprigFunctions';
import { checkLength, intArg, ord, strArg } from './funcArgs';
import { BUILTIN_FUNCS } from './builtinFunctions';
import { typedSlice } from './goTypes';
import {
  compareStrings,
  formatValue,
  fromJSONValue,
  GoMap,
  isTrue,
  JSONValueError,
  strval,
  toJSON,
  typeName,
  type Value,
} from './values';

export { FuncError, type FuncDef } from './funcDef';

function map(args: Value[], i: number): GoMap {
  const v = args[i];
  if (v instanceof GoMap) return v;
  throw new FuncError(`${ord(i)}: expected a map, got ${typeName(v)}`);
}

/** sprig's `strslice`: a list of strings from a list (nils dropped) or a value. */
function strslice(v: Value): string[] {
  if (v === null) return [];
  if (Array.isArray(v)) return v.filter(x => x !== null).map(strval);
  return [strval(v)];
}

/** Go's per-rune case mapping (no multi-rune expansions such as ß -> SS). */
function mapRunes(s: string, f: (ch: string) => string): string {
  let out = '';
  for (const ch of s) {
    const m = f(ch);
    out += [...m].length === 1 ? m : ch;
  }
  return out;
}

const GO_SPACE =
  '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM_SPACE = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'gu');
const IS_SPACE = new RegExp(`^[${GO_SPACE}]$`, 'u');

/** Go's `strings.Trim(s, cutset)`. */
function trimCutset(s: string, cutset: string): string {
  const set = new Set(cutset);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && set.has(chars[a])) a++;
  while (b > a && set.has(chars[b - 1])) b--;
  return chars.slice(a, b).join('');
}

/** Go's `strings.Title`. */
function title(s: string): string {
  const isSep = (ch: string) => {
    if (/^[A-Za-z0-9_]$/.test(ch)) return false;
    if (ch.codePointAt(0)! < 0x80) return true;
    if (/^[\p{L}\p{Nd}]$/u.test(ch)) return false;
    return IS_SPACE.test(ch);
  };
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    if (isSep(prev)) {
      const t = ch.toUpperCase();
      out += [...t].length === 1 ? t : ch;
    } else out += ch;
    prev = ch;
  }
  return out;
}

/** Go's `strings.Split`. */
function goSplit(s: string, sep: string): string[] {
  if (sep === '') return [...s];
  return s.split(sep);
}

/** Go's `strings.Replace(s, old, new, -1)`. */
function goReplaceAll(s: string, old: string, repl: string): string {
  if (old === '') {
    const chars = [...s];
    return repl + chars.map(c => c + repl).join('');
  }
  return s.split(old).join(repl);
}

function jsonOut(
  v: Value,
  opts: { escapeHTML: boolean; indent?: string },
  must: boolean,
) {
  try {
    return toJSON(v, opts);
  } catch (e) {
    if (must && e instanceof JSONValueError) {
      throw new FuncError('value cannot be encoded as JSON (NaN or infinity)');
    }
    return '';
  }
}

function parseJSON(s: string): Value {
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch {
    // Never pass on the engine's message: it quotes the input.
    throw new FuncError('input is not valid JSON');
  }
  return fromJSONValue(parsed);
}

const V = Infinity;
const defs: Record<string, FuncDef> = {
  // ---- sprig: encoding ----
  b64enc: { min: 1, max: 1, call: a => base64Encode(utf8Encode(strArg(a, 0))) },
  b64dec: {
    min: 1,
    max: 1,
    call: a => {
      const bytes = base64Decode(strArg(a, 0));
      if (!bytes) throw new FuncError('input is not valid base64');
      const text = utf8Decode(bytes);
      if (text === undefined) {
        throw new FuncError(
          'decoded data is not valid UTF-8 text (binary data is not supported)',
        );
      }
      return text;
    },
  },
  sha256sum: {
    min: 1,
    max: 1,
    call: a => hexEncode(sha256(utf8Encode(strArg(a, 0)))),
  },
  toJson: {
    min: 1,
    max: 1,
    call: a => jsonOut(a[0], { escapeHTML: true }, false),
  },
  mustToJson: {
    min: 1,
    max: 1,
    call: a => jsonOut(a[0], { escapeHTML: true }, true),
  },
  toPrettyJson: {
    min: 1,
    max: 1,
    call: a => jsonOut(a[0], { escapeHTML: true, indent: '  ' }, false),
  },
  mustToPrettyJson: {
    min: 1,
    max: 1,
    call: a => jsonOut(a[0], { escapeHTML: true, indent: '  ' }, true),
  },
  toRawJson: {
    min: 1,
    max: 1,
    call: a => jsonOut(a[0], { escapeHTML: false }, false),
  },
  mustToRawJson: {
    min: 1,
    max: 1,
    call: a => jsonOut(a[0], { escapeHTML: false }, true),
  },
  fromJson: { min: 1, max: 1, call: a => parseJSON(strArg(a, 0)) },
  mustFromJson: { min: 1, max: 1, call: a => parseJSON(strArg(a, 0)) },

  // ---- sprig: strings ----
  toString: { min: 1, max: 1, call: (a: Value[]) => strval(a[0]) },
  upper: {
    min: 1,
    max: 1,
    call: a => mapRunes(strArg(a, 0), c => c.toUpperCase()),
  },
  lower: {
    min: 1,
    max: 1,
    call: a => mapRunes(strArg(a, 0), c => c.toLowerCase()),
  },
  title: { min: 1, max: 1, call: a => title(strArg(a, 0)) },
  trim: { min: 1, max: 1, call: a => strArg(a, 0).replace(TRIM_SPACE, '') },
  trimAll: {
    min: 2,
    max: 2,
    call: a => trimCutset(strArg(a, 1), strArg(a, 0)),
  },
  trimPrefix: {
    min: 2,
    max: 2,
    call: a => {
      const [p, s] = [strArg(a, 0), strArg(a, 1)];
      return s.startsWith(p) ? s.slice(p.length) : s;
    },
  },
  trimSuffix: {
    min: 2,
    max: 2,
    call: a => {
      const [p, s] = [strArg(a, 0), strArg(a, 1)];
      return p && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
    },
  },
  quote: {
    min: 0,
    max: V,
    call: a =>
      a
        .filter(x => x !== null)
        .map(x => goQuote(strval(x)))
        .join(' '),
  },
  squote: {
    min: 0,
    max: V,
    call: a =>
      a
        .filter(x => x !== null)
        .map(x => `'${strval(x)}'`)
        .join(' '),
  },
  replace: {
    min: 3,
    max: 3,
    call: a => goReplaceAll(strArg(a, 2), strArg(a, 0), strArg(a, 1)),
  },
  indent: {
    min: 2,
    max: 2,
    call: a => {
      const n = Math.max(0, intArg(a, 0));
      checkLength(n * (strArg(a, 1).split('\n').length + 1), 0);
      const pad = ' '.repeat(n);
      return pad + strArg(a, 1).split('\n').join(`\n${pad}`);
    },
  },
  nindent: {
    min: 2,
    max: 2,
    call: a => {
      const n = Math.max(0, intArg(a, 0));
      checkLength(n * (strArg(a, 1).split('\n').length + 1), 0);
      const pad = ' '.repeat(n);
      return `\n${pad}${strArg(a, 1).split('\n').join(`\n${pad}`)}`;
    },
  },
  contains: { min: 2, max: 2, call: a => strArg(a, 1).includes(strArg(a, 0)) },
  hasPrefix: {
    min: 2,
    max: 2,
    call: a => strArg(a, 1).startsWith(strArg(a, 0)),
  },
  hasSuffix: { min: 2, max: 2, call: a => strArg(a, 1).endsWith(strArg(a, 0)) },
  repeat: {
    min: 2,
    max: 2,
    call: a => {
      const n = intArg(a, 0);
      if (n < 0) throw new FuncError('negative repeat count');
      const s = strArg(a, 1);
      checkLength(n * s.length, 0);
      return s.repeat(n);
    },
  },
  cat: {
    min: 0,
    max: V,
    call: a =>
      a
        .filter(x => x !== null)
        .map(formatValue)
        .join(' '),
  },
  join: { min: 2, max: 2, call: a => strslice(a[1]).join(strArg(a, 0)) },
  split: {
    min: 2,
    max: 2,
    call: a => {
      const parts = goSplit(strArg(a, 1), strArg(a, 0));
      return new GoMap(new Map(parts.map((p, i) => [`_${i}`, p])), 'string');
    },
  },
  splitList: {
    min: 2,
    max: 2,
    call: a => typedSlice(goSplit(strArg(a, 1), strArg(a, 0)), 'string'),
  },

  // ---- sprig: defaults and logic ----
  default: {
    min: 1,
    max: V,
    call: a => (a.length > 1 && isTrue(a[1]) ? a[1] : a[0]),
  },
  empty: { min: 1, max: 1, call: a => !isTrue(a[0]) },
  coalesce: { min: 0, max: V, call: a => a.find(isTrue) ?? null },
  ternary: {
    min: 3,
    max: 3,
    call: a => {
      if (typeof a[2] !== 'boolean') {
        throw new FuncError(`argument 3: expected bool, got ${typeName(a[2])}`);
      }
      return a[2] ? a[0] : a[1];
    },
  },

  // ---- sprig: lists and dicts ----
  list: { min: 0, max: V, call: a => [...a] },
  first: {
    min: 1,
    max: 1,
    call: ([l]) => {
      if (!Array.isArray(l))
        throw new FuncError(`expected a list, got ${typeName(l)}`);
      return l.length ? l[0] : null;
    },
  },
  last: {
    min: 1,
    max: 1,
    call: ([l]) => {
      if (!Array.isArray(l))
        throw new FuncError(`expected a list, got ${typeName(l)}`);
      return l.length ? l[l.length - 1] : null;
    },
  },
  sortAlpha: {
    min: 1,
    max: 1,
    call: a => typedSlice(strslice(a[0]).sort(compareStrings), 'string'),
  },
  dict: {
    min: 0,
    max: V,
    call: a => {
      const m = new Map<string, Value>();
      for (let i = 0; i < a.length; i += 2) {
        m.set(strval(a[i]), i + 1 < a.length ? a[i + 1] : '');
      }
      return new GoMap(m);
    },
  },
  get: {
    min: 2,
    max: 2,
    call: a => {
      const m = map(a, 0);
      const k = strArg(a, 1);
      return m.entries.has(k) ? m.entries.get(k)! : '';
    },
  },
  hasKey: { min: 2, max: 2, call: a => map(a, 0).entries.has(strArg(a, 1)) },
  keys: {
    min: 1,
    max: V,
    call: a =>
      typedSlice(
        a.flatMap((_, i) => map(a, i).sortedKeys()).sort(compareStrings),
        'string',
      ),
  },
};

/** All template functions by name. */
export const FUNCS: ReadonlyMap<string, FuncDef> = new Map(
  Object.entries({
    ...BUILTIN_FUNCS,
    ...defs,
    ...CONVERSION_FUNCS,
    ...CHECK_FUNCS,
    ...REGEX_FUNCS,
    ...SPRIG_FUNCS,
  }),
);
