/**
 * Go's `text/template` builtins: logic, `len` and `index`, the print family, escaping and
 * comparison, with Go's rules for which types compare and its messages.
 */
import { utf8Encode, utf8Length } from './encoding';
import { FuncError, type FuncDef } from './funcDef';
import { ord, strArg } from './funcArgs';
import { sprintf } from './fmt';
import { GoTime } from './goTime';
import {
  compareStrings,
  GoMap,
  isTrue,
  sprint,
  sprintln,
  typeName,
  type Value,
} from './values';

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

const V = Infinity;

/** The builtins by name. */
export const BUILTIN_FUNCS: Record<string, FuncDef> = {
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
  printf: { min: 1, max: V, call: a => sprintf(strArg(a, 0), a.slice(1)) },
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
};
