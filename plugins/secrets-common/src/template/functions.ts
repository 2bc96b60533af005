/**
 * The function map: Go's `text/template` builtins plus the sprig functions
 * ESO templates use most. Failures throw {@link FuncError}, whose messages
 * name argument positions and types, never values.
 */
import {
  base64Decode,
  base64Encode,
  hexEncode,
  sha256,
  utf8Decode,
  utf8Encode,
  utf8Length,
} from './encoding';
import { CHECK_FUNCS } from './checkFunctions';
import { FuncError, type FuncDef } from './funcDef';
import { CONVERSION_FUNCS } from './conversionFunctions';
import { goQuote, sprintf } from './fmt';
import { REGEX_FUNCS } from './regexFunctions';
import { SPRIG_FUNCS } from './sprigFunctions';
import { checkLength } from './funcArgs';
import { typedSlice } from './goTypes';
import { GoTime } from './goTime';
import {
  compareStrings,
  formatValue,
  fromJSONValue,
  GoMap,
  isTrue,
  JSONValueError,
  sprint,
  sprintln,
  strval,
  toJSON,
  typeName,
  type Value,
} from './values';

export { FuncError, type FuncDef } from './funcDef';

const ord = (i: number) => `argument ${i + 1}`;

function str(args: Value[], i: number): string {
  const v = args[i];
  if (typeof v === 'string') return v;
  if (v === null)
    throw new FuncError(`${ord(i)}: invalid value; expected string`);
  throw new FuncError(`${ord(i)}: expected string, got ${typeName(v)}`);
}

function int(args: Value[], i: number): number {
  const v = args[i];
  if (typeof v === 'bigint') {
    if (
      v > BigInt(Number.MAX_SAFE_INTEGER) ||
      v < -BigInt(Number.MAX_SAFE_INTEGER)
    ) {
      throw new FuncError(`${ord(i)}: integer out of range`);
    }
    return Number(v);
  }
  throw new FuncError(`${ord(i)}: expected int, got ${typeName(v)}`);
}

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

/** Go's `url.QueryEscape`. */
function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8Encode(s)) {
    const c = String.fromCharCode(b);
    if (/^[A-Za-z0-9\-_.~]$/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Go's `template.HTMLEscapeString`. */
function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, c => {
    switch (c) {
      case '\0':
        return '\ufffd';
      case '"':
        return '&#34;';
      case "'":
        return '&#39;';
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      default:
        return '&gt;';
    }
  });
}

/** Go's `evalArgs` for print-like builtins: a lone string as-is, else Sprint. */
function evalArgs(args: Value[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args);
}

type Kind = 'bool' | 'int' | 'float' | 'string' | 'nil' | 'other';

function kind(v: Value): Kind {
  if (v === null) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
    default:
      return 'other';
  }
}

function eq(args: Value[]): boolean {
  const [a, ...rest] = args;
  const ka = kind(a);
  for (const b of rest) {
    const kb = kind(b);
    if (ka !== kb) {
      if (ka !== 'nil' && kb !== 'nil') {
        throw new FuncError(
          `incompatible types for comparison: ${typeName(a)} and ${typeName(
            b,
          )}`,
        );
      }
      continue;
    }
    if (ka === 'other') {
      // time.Time is a comparable struct: same instant and the same zone pointer.
      if (a instanceof GoTime && b instanceof GoTime) {
        if (a.identical(b)) return true;
        continue;
      }
      throw new FuncError(`non-comparable type ${typeName(a)}`);
    }
    if (a === b) return true;
  }
  return false;
}

function lt(args: Value[]): boolean {
  const [a, b] = args;
  const ka = kind(a);
  const kb = kind(b);
  if (ka === 'bool' || ka === 'nil' || ka === 'other') {
    throw new FuncError(`invalid type for comparison: ${typeName(a)}`);
  }
  if (ka !== kb) {
    throw new FuncError(
      `incompatible types for comparison: ${typeName(a)} and ${typeName(b)}`,
    );
  }
  if (ka === 'string') return compareStrings(a as string, b as string) < 0;
  return (a as number | bigint) < (b as number | bigint);
}

function indexOne(item: Value, idx: Value, pos: number): Value {
  const n = ord(pos);
  if (item === null) throw new FuncError('index of untyped nil');
  if (item instanceof GoMap) {
    if (typeof idx !== 'string') {
      throw new FuncError(
        `${n}: map key has type ${typeName(idx)}; should be string`,
      );
    }
    if (item.entries.has(idx)) return item.entries.get(idx)!;
    return item.elem === 'string' ? '' : null;
  }
  if (Array.isArray(item) || typeof item === 'string') {
    if (typeof idx !== 'bigint') {
      throw new FuncError(`${n}: cannot index with type ${typeName(idx)}`);
    }
    const seq = typeof item === 'string' ? utf8Encode(item) : item;
    if (idx < 0n || idx >= BigInt(seq.length)) {
      throw new FuncError(`${n}: index out of range`);
    }
    const v = seq[Number(idx)];
    return typeof v === 'number' ? BigInt(v) : v;
  }
  throw new FuncError(`can't index item of type ${typeName(item)}`);
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
  // ---- Go text/template builtins ----
  and: { min: 1, max: V, lazy: true, call: a => a[a.length - 1] },
  or: { min: 1, max: V, lazy: true, call: a => a[a.length - 1] },
  not: { min: 1, max: 1, call: a => !isTrue(a[0]) },
  len: {
    min: 1,
    max: 1,
    call: ([v]) => {
      if (typeof v === 'string') return BigInt(utf8Length(v));
      if (Array.isArray(v)) return BigInt(v.length);
      if (v instanceof GoMap) return BigInt(v.entries.size);
      throw new FuncError(`len of type ${typeName(v)}`);
    },
  },
  index: {
    min: 1,
    max: V,
    call: ([item, ...idx]) =>
      idx.reduce<Value>((it, k, i) => indexOne(it, k, i + 1), item),
  },
  print: { min: 0, max: V, call: a => sprint(a) },
  println: { min: 0, max: V, call: a => sprintln(a) },
  printf: { min: 1, max: V, call: a => sprintf(str(a, 0), a.slice(1)) },
  urlquery: { min: 0, max: V, call: a => queryEscape(evalArgs(a)) },
  html: { min: 0, max: V, call: a => htmlEscape(evalArgs(a)) },
  eq: {
    min: 1,
    max: V,
    call: a => {
      if (a.length < 2) throw new FuncError('missing argument for comparison');
      return eq(a);
    },
  },
  ne: { min: 2, max: 2, call: a => !eq(a) },
  lt: { min: 2, max: 2, call: a => lt(a) },
  le: { min: 2, max: 2, call: a => lt(a) || eq(a) },
  gt: { min: 2, max: 2, call: a => !lt(a) && !eq(a) },
  ge: { min: 2, max: 2, call: a => !lt(a) },

  // ---- sprig: encoding ----
  b64enc: { min: 1, max: 1, call: a => base64Encode(utf8Encode(str(a, 0))) },
  b64dec: {
    min: 1,
    max: 1,
    call: a => {
      const bytes = base64Decode(str(a, 0));
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
    call: a => hexEncode(sha256(utf8Encode(str(a, 0)))),
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
  fromJson: { min: 1, max: 1, call: a => parseJSON(str(a, 0)) },
  mustFromJson: { min: 1, max: 1, call: a => parseJSON(str(a, 0)) },

  // ---- sprig: strings ----
  toString: { min: 1, max: 1, call: (a: Value[]) => strval(a[0]) },
  upper: {
    min: 1,
    max: 1,
    call: a => mapRunes(str(a, 0), c => c.toUpperCase()),
  },
  lower: {
    min: 1,
    max: 1,
    call: a => mapRunes(str(a, 0), c => c.toLowerCase()),
  },
  title: { min: 1, max: 1, call: a => title(str(a, 0)) },
  trim: { min: 1, max: 1, call: a => str(a, 0).replace(TRIM_SPACE, '') },
  trimAll: { min: 2, max: 2, call: a => trimCutset(str(a, 1), str(a, 0)) },
  trimPrefix: {
    min: 2,
    max: 2,
    call: a => {
      const [p, s] = [str(a, 0), str(a, 1)];
      return s.startsWith(p) ? s.slice(p.length) : s;
    },
  },
  trimSuffix: {
    min: 2,
    max: 2,
    call: a => {
      const [p, s] = [str(a, 0), str(a, 1)];
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
    call: a => goReplaceAll(str(a, 2), str(a, 0), str(a, 1)),
  },
  indent: {
    min: 2,
    max: 2,
    call: a => {
      const n = Math.max(0, int(a, 0));
      checkLength(n * (str(a, 1).split('\n').length + 1), 0);
      const pad = ' '.repeat(n);
      return pad + str(a, 1).split('\n').join(`\n${pad}`);
    },
  },
  nindent: {
    min: 2,
    max: 2,
    call: a => {
      const n = Math.max(0, int(a, 0));
      checkLength(n * (str(a, 1).split('\n').length + 1), 0);
      const pad = ' '.repeat(n);
      return `\n${pad}${str(a, 1).split('\n').join(`\n${pad}`)}`;
    },
  },
  contains: { min: 2, max: 2, call: a => str(a, 1).includes(str(a, 0)) },
  hasPrefix: { min: 2, max: 2, call: a => str(a, 1).startsWith(str(a, 0)) },
  hasSuffix: { min: 2, max: 2, call: a => str(a, 1).endsWith(str(a, 0)) },
  repeat: {
    min: 2,
    max: 2,
    call: a => {
      const n = int(a, 0);
      if (n < 0) throw new FuncError('negative repeat count');
      const s = str(a, 1);
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
  join: { min: 2, max: 2, call: a => strslice(a[1]).join(str(a, 0)) },
  split: {
    min: 2,
    max: 2,
    call: a => {
      const parts = goSplit(str(a, 1), str(a, 0));
      return new GoMap(new Map(parts.map((p, i) => [`_${i}`, p])), 'string');
    },
  },
  splitList: {
    min: 2,
    max: 2,
    call: a => typedSlice(goSplit(str(a, 1), str(a, 0)), 'string'),
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
      const k = str(a, 1);
      return m.entries.has(k) ? m.entries.get(k)! : '';
    },
  },
  hasKey: { min: 2, max: 2, call: a => map(a, 0).entries.has(str(a, 1)) },
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
    ...defs,
    ...CONVERSION_FUNCS,
    ...CHECK_FUNCS,
    ...REGEX_FUNCS,
    ...SPRIG_FUNCS,
  }),
);
