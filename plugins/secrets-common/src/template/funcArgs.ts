/**
 * Argument checks and size bounds shared by the sprig function families. Go's template
 * converts every argument to its parameter type before the call, so these run in argument
 * order; their messages name the position and the Go type, never the value (it may be a
 * secret).
 */
import { FuncError } from './funcDef';
import { GoMap, typeName, type Value } from './values';

/**
 * The longest string a function may build, in UTF-16 code units: the executor's whole
 * output is capped at the same size, so nothing longer could be written anyway.
 */
export const MAX_STRING_LENGTH = 4 * 1024 * 1024;

/** The most elements a function may build into one list (`until`, `seq`, `append`...). */
export const MAX_LIST_LENGTH = 1_000_000;

/**
 * The work one render may do, counted in characters and elements that functions build or
 * scan (the executor adds each result's size). Per-call caps alone let a `range` of a million
 * iterations copy a long list each time; this bounds the whole render.
 */
export const MAX_WORK = 32 * 1024 * 1024;

let work = 0;

/** Called by the executor when a render starts. */
export function resetWork(): void {
  work = 0;
}

/** Counts work; fails the render once it passes {@link MAX_WORK}. */
export function chargeWork(units: number): void {
  work += units;
  if (work > MAX_WORK)
    throw new FuncError(
      'the template does too much work (it builds or scans more data than one render may)',
    );
}

export const ord = (i: number) => `argument ${i + 1}`;

function wrongType(args: Value[], i: number, want: string): FuncError {
  const v = args[i];
  if (v === null)
    return new FuncError(`${ord(i)}: invalid value; expected ${want}`);
  return new FuncError(`${ord(i)}: expected ${want}, got ${typeName(v)}`);
}

/** A `string` parameter. */
export function strArg(args: Value[], i: number): string {
  const v = args[i];
  if (typeof v === 'string') return v;
  throw wrongType(args, i, 'string');
}

/** A `bool` parameter. */
export function boolArg(args: Value[], i: number): boolean {
  const v = args[i];
  if (typeof v === 'boolean') return v;
  throw wrongType(args, i, 'bool');
}

/** An `int` parameter, as a JS number (bounded to the safe integer range). */
export function intArg(args: Value[], i: number): number {
  const v = args[i];
  if (typeof v !== 'bigint') throw wrongType(args, i, 'int');
  if (
    v > BigInt(Number.MAX_SAFE_INTEGER) ||
    v < -BigInt(Number.MAX_SAFE_INTEGER)
  )
    throw new FuncError(`${ord(i)}: integer out of range`);
  return Number(v);
}

/** A `map[string]interface{}` parameter: the data map (`map[string]string`) is not one. */
export function dictArg(args: Value[], i: number): GoMap {
  const v = args[i];
  if (v instanceof GoMap && v.elem === 'interface {}') return v;
  throw wrongType(args, i, 'map[string]interface {}');
}

/** An `interface{}` that sprig reads with reflection as a slice or array. */
export function listArg(args: Value[], i: number, fn: string): Value[] {
  const v = args[i];
  if (Array.isArray(v)) return v;
  throw new FuncError(`${ord(i)}: cannot ${fn} on type ${kindName(v)}`);
}

/** reflect's Kind name of a value, as sprig's "Cannot ... on type X" errors print it. */
export function kindName(v: Value): string {
  if (v === null) return 'invalid';
  if (Array.isArray(v)) return 'slice';
  if (v instanceof GoMap) return 'map';
  return typeName(v) === 'time.Time' ? 'struct' : typeName(v);
}

/** Fails when a built string would pass {@link MAX_STRING_LENGTH}. */
export function checkLength(length: number, i: number): void {
  if (length > MAX_STRING_LENGTH)
    throw new FuncError(`${ord(i)}: the result would exceed the size limit`);
}

/** Fails when a built list would pass {@link MAX_LIST_LENGTH}. */
export function checkCount(count: number, i: number): void {
  if (count > MAX_LIST_LENGTH)
    throw new FuncError(
      `${ord(i)}: the result would exceed the list size limit`,
    );
}
