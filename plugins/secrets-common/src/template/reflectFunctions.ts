/**
 * sprig's type conversions and reflection: `int64` and `float64` (cast), `toStrings`, and
 * `typeOf`/`kindOf`/`typeIs`/`typeIsLike`/`kindIs`/`deepEqual` over the Go types the values
 * stand for (see goTypes.ts).
 */
import { toFloat64, toInt64 } from './cast';
import { strArg } from './funcArgs';
import type { FuncDef } from './funcDef';
import { deepEqual, goKindOf, goTypeOf, typedSlice } from './goTypes';
import { strval, type Value } from './values';

/** sprig's strslice: a list's non-nil elements as strings, nil as none, else the one value. */
export function toStrings(v: Value): string[] {
  if (v === null) return typedSlice([], 'string');
  const list = Array.isArray(v) ? v.filter(x => x !== null) : [v];
  return typedSlice(list.map(strval), 'string');
}

export const REFLECT_FUNCS: Record<string, FuncDef> = {
  int64: { min: 1, max: 1, call: ([v]) => toInt64(v) },
  float64: { min: 1, max: 1, call: ([v]) => toFloat64(v) },
  toStrings: { min: 1, max: 1, call: ([v]) => toStrings(v) },
  typeOf: { min: 1, max: 1, call: ([v]) => goTypeOf(v) },
  kindOf: { min: 1, max: 1, call: ([v]) => goKindOf(v) },
  typeIs: { min: 2, max: 2, call: a => strArg(a, 0) === goTypeOf(a[1]) },
  /** `typeIsLike T v`: the type is T or *T (no pointers here, so T). */
  typeIsLike: {
    min: 2,
    max: 2,
    call: a => {
      const t = strArg(a, 0);
      return t === goTypeOf(a[1]) || `*${t}` === goTypeOf(a[1]);
    },
  },
  kindIs: { min: 2, max: 2, call: a => strArg(a, 0) === goKindOf(a[1]) },
  deepEqual: { min: 2, max: 2, call: ([x, y]) => deepEqual(x, y) },
};
