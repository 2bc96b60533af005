/**
 * Go type information the value model does not carry by itself, and the reflection helpers
 * built on it (sprig's `typeOf`, `kindOf`, `deepEqual`, `deepCopy`).
 *
 * A list is a `[]interface {}` unless it was built as a typed slice: `splitList`, `keys` and
 * `toStrings` give `[]string`, `until` gives `[]int`, `chunk` gives `[][]interface {}`. Go tells
 * them apart (`typeOf`, and `deepEqual` of a `[]string` and a `[]interface {}` is false), so
 * the element type is remembered beside the array.
 */
import { chargeWork } from './funcArgs';
import { GoTime } from './goTime';
import { GoMap, typeName, type Value } from './values';

/** Element types of typed slices; absent means `interface {}`. */
const sliceElems = new WeakMap<Value[], string>();

/** Marks `list` as a Go slice of `elem` (`string`, `int`, `[]interface {}`) and returns it. */
export function typedSlice<T extends Value[]>(list: T, elem: string): T {
  sliceElems.set(list, elem);
  return list;
}

/** The Go element type of a list. */
export function sliceElem(list: Value[]): string {
  return sliceElems.get(list) ?? 'interface {}';
}

/** Go's `%T` of a value. Integers are all Go `int` here (see the docs on int64). */
export function goTypeOf(v: Value): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return `[]${sliceElem(v)}`;
  return typeName(v);
}

/** reflect's `Kind` name of a value. */
export function goKindOf(v: Value): string {
  if (v === null) return 'invalid';
  if (Array.isArray(v)) return 'slice';
  if (v instanceof GoMap) return 'map';
  if (v instanceof GoTime) return 'struct';
  return typeName(v);
}

/** `reflect.DeepEqual` of two interface values: same Go type, then equal contents. */
export function deepEqual(a: Value, b: Value): boolean {
  chargeWork(1);
  if (a === null || b === null) return a === b;
  if (goTypeOf(a) !== goTypeOf(b)) return false;
  if (Array.isArray(a)) {
    const bl = b as Value[];
    if (a === bl) return true;
    return a.length === bl.length && a.every((x, i) => deepEqual(x, bl[i]));
  }
  if (a instanceof GoMap) {
    const bm = b as GoMap;
    if (a === bm) return true;
    if (a.entries.size !== bm.entries.size) return false;
    for (const [k, v] of a.entries) {
      if (!bm.entries.has(k) || !deepEqual(v, bm.entries.get(k)!)) return false;
    }
    return true;
  }
  if (a instanceof GoTime) return a.sameStruct(b as GoTime);
  // Floats compare as Go's ==: NaN is unequal to itself, 0 equals -0.
  return a === b;
}

/**
 * A string that is the same for two values exactly when {@link deepEqual} holds, so that `uniq`
 * runs in linear time; undefined when the value holds a NaN (equal to nothing, not even itself).
 */
export function deepKey(v: Value): string | undefined {
  if (v === null) return 'n';
  switch (typeof v) {
    case 'string':
      return `s${JSON.stringify(v)}`;
    case 'boolean':
      return v ? 'b1' : 'b0';
    case 'bigint':
      return `i${v}`;
    case 'number':
      return Number.isNaN(v) ? undefined : `f${v === 0 ? 0 : v}`;
    default:
  }
  if (v instanceof GoTime)
    return `t${v.sec}.${v.nsec}.${v.zone.kind}.${
      v.zone.kind === 'fixed' ? `${v.zone.offset}.${v.zone.name}` : ''
    }`;
  const parts: string[] = [];
  const entries: [string, Value][] = Array.isArray(v)
    ? v.map((x, i) => [String(i), x])
    : v.sortedKeys().map(k => [JSON.stringify(k), v.entries.get(k)!]);
  for (const [k, x] of entries) {
    const key = deepKey(x);
    if (key === undefined) return undefined;
    parts.push(Array.isArray(v) ? key : `${k}:${key}`);
  }
  return `${goTypeOf(v)}{${parts.join(',')}}`;
}

/** Whether `target` (a map or list) is reachable from `v`: storing `v` in it would close a cycle. */
export function reaches(v: Value, target: GoMap | Value[]): boolean {
  const seen = new Set<object>();
  const stack: Value[] = [v];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x === target) return true;
    if (x === null || typeof x !== 'object' || seen.has(x)) continue;
    chargeWork(1);
    seen.add(x);
    if (Array.isArray(x)) stack.push(...x);
    else if (x instanceof GoMap) stack.push(...x.entries.values());
  }
  return false;
}

/** copystructure's deep copy: new maps and lists all the way down, types kept. */
export function deepCopy(v: Value): Value {
  chargeWork(1);
  if (Array.isArray(v)) {
    const copy = v.map(deepCopy);
    const elem = sliceElems.get(v);
    return elem ? typedSlice(copy, elem) : copy;
  }
  if (v instanceof GoMap) {
    const m = new Map<string, Value>();
    for (const [k, x] of v.entries) m.set(k, deepCopy(x));
    return new GoMap(m, v.elem);
  }
  return v;
}
