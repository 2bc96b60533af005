/**
 * sprig's list functions. They never change their input: each returns a new list (a Go
 * `[]interface {}`), compares elements with reflect.DeepEqual, and fails on a value that is not
 * a list. The `must` variants return the error their plain twin panics with; in a template
 * both stop the render, so they share one implementation here.
 */
import { toInt64 } from './cast';
import {
  chargeWork,
  checkCount,
  intArg,
  kindName,
  listArg,
  ord,
} from './funcArgs';
import { FuncError, type FuncDef } from './funcDef';
import { deepEqual, deepKey, sliceElem, typedSlice } from './goTypes';
import { isTrue, type Value } from './values';

const V = Infinity;

const inList = (list: Value[], v: Value) => list.some(x => deepEqual(v, x));

/** A function and its `must` twin, registered under both names. */
function twins(
  name: string,
  mustName: string,
  def: FuncDef,
): Record<string, FuncDef> {
  return { [name]: def, [mustName]: def };
}

function grown(list: Value[], by: number, arg: number): void {
  checkCount(list.length + by, arg);
}

export const LIST_FUNCS: Record<string, FuncDef> = {
  tuple: { min: 0, max: V, call: a => [...a] },
  ...twins('append', 'mustAppend', {
    min: 2,
    max: 2,
    call: a => {
      const l = listArg(a, 0, 'push');
      grown(l, 1, 0);
      return [...l, a[1]];
    },
  }),
  ...twins('push', 'mustPush', {
    min: 2,
    max: 2,
    call: a => {
      const l = listArg(a, 0, 'push');
      grown(l, 1, 0);
      return [...l, a[1]];
    },
  }),
  ...twins('prepend', 'mustPrepend', {
    min: 2,
    max: 2,
    call: a => {
      const l = listArg(a, 0, 'prepend');
      grown(l, 1, 0);
      return [a[1], ...l];
    },
  }),
  mustFirst: {
    min: 1,
    max: 1,
    call: a => {
      const l = listArg(a, 0, 'find first');
      return l.length ? l[0] : null;
    },
  },
  mustLast: {
    min: 1,
    max: 1,
    call: a => {
      const l = listArg(a, 0, 'find last');
      return l.length ? l[l.length - 1] : null;
    },
  },
  ...twins('rest', 'mustRest', {
    min: 1,
    max: 1,
    call: a => listArg(a, 0, 'find rest').slice(1),
  }),
  ...twins('initial', 'mustInitial', {
    min: 1,
    max: 1,
    call: a => listArg(a, 0, 'find initial').slice(0, -1),
  }),
  ...twins('reverse', 'mustReverse', {
    min: 1,
    max: 1,
    call: a => [...listArg(a, 0, 'find reverse')].reverse(),
  }),
  /** Drops the empty elements (sprig's `empty`: nil, "", 0, false, empty lists and maps). */
  ...twins('compact', 'mustCompact', {
    min: 1,
    max: 1,
    call: a => listArg(a, 0, 'compact').filter(isTrue),
  }),
  ...twins('uniq', 'mustUniq', {
    min: 1,
    max: 1,
    call: a => {
      const out: Value[] = [];
      const seen = new Set<string>();
      const unkeyed: Value[] = [];
      for (const x of listArg(a, 0, 'find uniq')) {
        const key = deepKey(x);
        if (key === undefined) {
          // Holds a NaN: equal only to itself (the same list or map).
          if (!inList(unkeyed, x)) {
            unkeyed.push(x);
            out.push(x);
          }
        } else {
          chargeWork(key.length);
          if (!seen.has(key)) {
            seen.add(key);
            out.push(x);
          }
        }
      }
      return out;
    },
  }),
  ...twins('without', 'mustWithout', {
    min: 1,
    max: V,
    call: a => {
      const omit = a.slice(1);
      const l = listArg(a, 0, 'find without');
      chargeWork(l.length * omit.length);
      return l.filter(x => !inList(omit, x));
    },
  }),
  /** `has needle list`: false for a nil list. */
  ...twins('has', 'mustHas', {
    min: 2,
    max: 2,
    call: a => {
      if (a[1] === null) return false;
      const l = listArg(a, 1, 'find has');
      chargeWork(l.length);
      return inList(l, a[0]);
    },
  }),
  /**
   * sprig's `slice list [start [end]]`, which replaces Go's builtin `slice` in ESO: lists only,
   * indexes read with cast (so "1" works), nil for an empty list, the list's Go type kept.
   */
  ...twins('slice', 'mustSlice', {
    min: 1,
    max: V,
    call: a => {
      const v = a[0];
      if (!Array.isArray(v))
        throw new FuncError(
          `${ord(0)}: list should be type of slice or array but ${kindName(v)}`,
        );
      if (v.length === 0) return null;
      const start = a.length > 1 ? Number(toInt64(a[1])) : 0;
      const end = a.length > 2 ? Number(toInt64(a[2])) : v.length;
      if (start < 0 || end < start || end > v.length)
        throw new FuncError('slice index out of bounds');
      const out = v.slice(start, end);
      const elem = sliceElem(v);
      return elem === 'interface {}' ? out : typedSlice(out, elem);
    },
  }),
  concat: {
    min: 0,
    max: V,
    call: a => {
      let out: Value[] = [];
      a.forEach((_, i) => {
        const l = listArg(a, i, 'concat');
        checkCount(out.length + l.length, i);
        out = out.concat(l);
      });
      return out;
    },
  },
  /** `chunk size list`: lists of size elements (the last may be shorter), as `[][]interface {}`. */
  ...twins('chunk', 'mustChunk', {
    min: 2,
    max: 2,
    call: a => {
      const size = intArg(a, 0);
      const l = listArg(a, 1, 'chunk');
      if (size <= 0)
        throw new FuncError(`${ord(0)}: chunk size must be positive`);
      const out: Value[] = [];
      for (let i = 0; i < l.length; i += size) out.push(l.slice(i, i + size));
      return typedSlice(out, '[]interface {}');
    },
  }),
  /** `all a b ...`: none is empty. */
  all: { min: 0, max: V, call: a => a.every(isTrue) },
  /** `any a b ...`: one is not empty. */
  any: { min: 0, max: V, call: a => a.some(isTrue) },
};
