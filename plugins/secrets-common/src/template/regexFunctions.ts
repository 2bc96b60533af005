/**
 * sprig's regular expression functions, as ESO templates offer them: the pattern comes first
 * (`regexReplaceAll "a(x*)b" .value "${1}W"`), in Go's RE2 syntax, matched in linear time.
 * Go's template checks every argument's type before the call, so the type errors come first
 * and in order. `regexMatch` is false for a pattern RE2 refuses (sprig ignores that error);
 * every other function fails, the `must` ones as sprig returns an error and the others as
 * its panic reaches the template. Messages name argument positions, never values: a
 * pattern may be built from a secret, so not even RE2's quote of it is passed on.
 */
import {
  compileGoRegexp,
  goQuoteMeta,
  GoRegexpError,
  type GoRegexp,
} from '../regexp';
import { FuncError, type FuncDef } from './funcDef';
import { typeName, type Value } from './values';

function str(args: Value[], i: number): string {
  const v = args[i];
  if (typeof v === 'string') return v;
  if (v === null)
    throw new FuncError(`argument ${i + 1}: invalid value; expected string`);
  throw new FuncError(`argument ${i + 1}: expected string, got ${typeName(v)}`);
}

/** A Go int; any size works, as a count beyond the input means "all" in Go too. */
function int(args: Value[], i: number): number {
  const v = args[i];
  if (typeof v === 'bigint') return Number(v);
  throw new FuncError(`argument ${i + 1}: expected int, got ${typeName(v)}`);
}

/** The pattern, which is always argument 1. */
function compile(pattern: string): GoRegexp {
  try {
    return compileGoRegexp(pattern);
  } catch (error) {
    if (error instanceof GoRegexpError)
      throw new FuncError(`argument 1: ${error.message}`);
    throw error;
  }
}

/** `regexFindAll`: up to n matches (-1: all). */
const findAll: FuncDef = {
  min: 3,
  max: 3,
  call: a => {
    const [pattern, s, n] = [str(a, 0), str(a, 1), int(a, 2)];
    return compile(pattern).findAll(s, n);
  },
};

/** `regexFind`: the leftmost match, or "". */
const find: FuncDef = {
  min: 2,
  max: 2,
  call: a => {
    const [pattern, s] = [str(a, 0), str(a, 1)];
    return compile(pattern).findAll(s, 1)[0] ?? '';
  },
};

/** `regexReplaceAll`: `$1`, `${1}`, `${name}` and `$$` expand as in Go's Expand. */
const replaceAll: FuncDef = {
  min: 3,
  max: 3,
  call: a => {
    const [pattern, s, repl] = [str(a, 0), str(a, 1), str(a, 2)];
    return compile(pattern).replaceAll(s, repl);
  },
};

/** `regexReplaceAllLiteral`: the replacement as it is. */
const replaceAllLiteral: FuncDef = {
  min: 3,
  max: 3,
  call: a => {
    const [pattern, s, repl] = [str(a, 0), str(a, 1), str(a, 2)];
    return compile(pattern).replaceAllLiteral(s, repl);
  },
};

/** `regexSplit`: at most n parts (-1: all). */
const split: FuncDef = {
  min: 3,
  max: 3,
  call: a => {
    const [pattern, s, n] = [str(a, 0), str(a, 1), int(a, 2)];
    return compile(pattern).split(s, n);
  },
};

export const REGEX_FUNCS: Record<string, FuncDef> = {
  regexMatch: {
    min: 2,
    max: 2,
    call: a => {
      const [pattern, s] = [str(a, 0), str(a, 1)];
      try {
        return compileGoRegexp(pattern).test(s);
      } catch (error) {
        if (error instanceof GoRegexpError) return false;
        throw error;
      }
    },
  },
  mustRegexMatch: {
    min: 2,
    max: 2,
    call: a => {
      const [pattern, s] = [str(a, 0), str(a, 1)];
      return compile(pattern).test(s);
    },
  },
  regexFindAll: findAll,
  mustRegexFindAll: findAll,
  regexFind: find,
  mustRegexFind: find,
  regexReplaceAll: replaceAll,
  mustRegexReplaceAll: replaceAll,
  regexReplaceAllLiteral: replaceAllLiteral,
  mustRegexReplaceAllLiteral: replaceAllLiteral,
  regexSplit: split,
  mustRegexSplit: split,
  regexQuoteMeta: { min: 1, max: 1, call: a => goQuoteMeta(str(a, 0)) },
};
