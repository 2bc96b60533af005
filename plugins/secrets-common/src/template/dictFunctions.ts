/**
 * sprig's dict functions on `map[string]interface {}` (the data map `.` is a
 * `map[string]string`, which Go refuses for them, as here). `set`, `unset` and `merge` change
 * the map they are given and return it, as in Go, so `$_ := set $d "k" 1` updates `$d`. A
 * change that would make a map contain itself is refused: Go would loop forever printing it.
 */
import { checkCount, dictArg, ord, strArg } from './funcArgs';
import { FuncError, type FuncDef } from './funcDef';
import { deepCopy, reaches } from './goTypes';
import { GoMap, typeName, type Value } from './values';

const V = Infinity;

function store(m: GoMap, key: string, v: Value, arg: number): void {
  if (reaches(v, m))
    throw new FuncError(`${ord(arg)}: the value contains the map (a cycle)`);
  if (!m.entries.has(key)) checkCount(m.entries.size + 1, arg);
  m.entries.set(key, v);
}

/** mergo's notion of an empty value (its `isEmptyValue`, dereferencing). */
function isEmpty(v: Value): boolean {
  if (v === null) return true;
  if (typeof v === 'string') return v.length === 0;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'bigint') return v === 0n;
  if (typeof v === 'number') return v === 0;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof GoMap) return v.entries.size === 0;
  return false;
}

/**
 * mergo's deepMerge of two maps, as sprig calls it: a key missing or empty in dst takes src's
 * value; maps under the same key merge recursively (in place); with overwrite, src's value
 * wins otherwise, and a nil in src even replaces dst's value.
 */
function mergeInto(
  dst: GoMap,
  src: GoMap,
  overwrite: boolean,
  depth: number,
): void {
  if (depth > 1000) throw new FuncError('maps are nested too deeply to merge');
  for (const key of src.sortedKeys()) {
    const s = src.entries.get(key)!;
    const had = dst.entries.has(key);
    const d = had ? dst.entries.get(key)! : null;
    if (s instanceof GoMap && d instanceof GoMap) {
      mergeInto(d, s, overwrite, depth + 1);
      if (!isEmpty(d)) continue;
    }
    if (s === null ? overwrite : overwrite || !had || isEmpty(d)) {
      // Go's reflect cannot put an interface{} value into a map[string]string.
      if (dst.elem === 'string' && src.elem !== 'string')
        throw new FuncError('cannot merge into a map[string]string');
      if (reaches(s, dst))
        throw new FuncError(
          'the merge would make a map contain itself (a cycle)',
        );
      dst.entries.set(key, s);
    }
  }
}

function mergeAll(a: Value[], overwrite: boolean): GoMap {
  const dst = dictArg(a, 0);
  const srcs = a.slice(1).map((_, i) => dictArg(a, i + 1));
  for (const src of srcs) mergeInto(dst, src, overwrite, 0);
  return dst;
}

/** sprig's dig: the value at the key path, or the default when a key is missing. */
function dig(a: Value[]): Value {
  const last = a.length - 1;
  if (!(a[last] instanceof GoMap) || a[last].elem !== 'interface {}')
    throw new FuncError(
      `${ord(last)}: expected map[string]interface {}, got ${typeName(
        a[last],
      )}`,
    );
  const keys = a.slice(0, -2).map((_, i) => strArg(a, i));
  const fallback = a[last - 1];
  let m: GoMap = a[last] as GoMap;
  for (let i = 0; ; i++) {
    if (!m.entries.has(keys[i])) return fallback;
    const step = m.entries.get(keys[i])!;
    if (i === keys.length - 1) return step;
    if (!(step instanceof GoMap) || step.elem !== 'interface {}')
      throw new FuncError(
        `${ord(i)}: the value at this key is ${typeName(
          step,
        )}, not map[string]interface {}`,
      );
    m = step;
  }
}

export const DICT_FUNCS: Record<string, FuncDef> = {
  /** `set $d key value`: sets the key in $d and returns $d. */
  set: {
    min: 3,
    max: 3,
    call: a => {
      const [m, k] = [dictArg(a, 0), strArg(a, 1)];
      store(m, k, a[2], 2);
      return m;
    },
  },
  /** `unset $d key`: removes the key from $d and returns $d. */
  unset: {
    min: 2,
    max: 2,
    call: a => {
      const [m, k] = [dictArg(a, 0), strArg(a, 1)];
      m.entries.delete(k);
      return m;
    },
  },
  /** `pluck key $d1 $d2...`: the key's value in each map that has it. */
  pluck: {
    min: 1,
    max: V,
    call: a => {
      const k = strArg(a, 0);
      const maps = a.slice(1).map((_, i) => dictArg(a, i + 1));
      return maps.filter(m => m.entries.has(k)).map(m => m.entries.get(k)!);
    },
  },
  pick: {
    min: 1,
    max: V,
    call: a => {
      const m = dictArg(a, 0);
      const keys = a.slice(1).map((_, i) => strArg(a, i + 1));
      const out = new Map<string, Value>();
      for (const k of keys) if (m.entries.has(k)) out.set(k, m.entries.get(k)!);
      return new GoMap(out);
    },
  },
  omit: {
    min: 1,
    max: V,
    call: a => {
      const m = dictArg(a, 0);
      const drop = new Set(a.slice(1).map((_, i) => strArg(a, i + 1)));
      return new GoMap(new Map([...m.entries].filter(([k]) => !drop.has(k))));
    },
  },
  /** The map's values, in key order (Go's order is random). */
  values: {
    min: 1,
    max: 1,
    call: a => {
      const m = dictArg(a, 0);
      return m.sortedKeys().map(k => m.entries.get(k)!);
    },
  },
  /** `merge $dst $src...`: fills $dst's missing and empty keys from each src, deeply; returns $dst. */
  merge: { min: 1, max: V, call: a => mergeAll(a, false) },
  mustMerge: { min: 1, max: V, call: a => mergeAll(a, false) },
  /** `mergeOverwrite $dst $src...`: as merge, but src's values win. */
  mergeOverwrite: { min: 1, max: V, call: a => mergeAll(a, true) },
  mustMergeOverwrite: { min: 1, max: V, call: a => mergeAll(a, true) },
  dig: {
    min: 0,
    max: V,
    call: a => {
      if (a.length < 3)
        throw new FuncError('dig needs at least three arguments');
      return dig(a);
    },
  },
  deepCopy: {
    min: 1,
    max: 1,
    call: ([v]) => {
      if (v === null) throw new FuncError('argument 1: cannot copy nil');
      return deepCopy(v);
    },
  },
  mustDeepCopy: {
    min: 1,
    max: 1,
    call: ([v]) => {
      if (v === null) throw new FuncError('argument 1: cannot copy nil');
      return deepCopy(v);
    },
  },
};
