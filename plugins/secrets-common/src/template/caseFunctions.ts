/**
 * sprig's `snakecase`, `kebabcase` and `camelcase`: huandu/xstrings (v1.5) `ToSnakeCase`,
 * `ToKebabCase` and `ToPascalCase`, rune by rune. Their word rules have quirks (a number
 * joins the word before it, a lone `_` doubles) that templates may rely on, so the algorithm
 * is followed step by step rather than rewritten.
 */
import { strArg } from './funcArgs';
import type { FuncDef } from './funcDef';
import {
  isLetter,
  isNumber,
  isPunct,
  isSpace,
  isUpper,
  toLowerRune,
  toUpperRune,
} from './runes';

/** U+FFFD is what Go decodes from invalid UTF-8; xstrings skips it as "invalid". */
const ERR = '\ufffd';

const isConnector = (r: string) => r === '-' || r === '_' || isSpace(r);

/** xstrings' isAlphabet: a letter, but not a common CJK ideograph. */
function isAlphabet(r: string): boolean {
  if (!isLetter(r)) return false;
  const c = r.codePointAt(0)!;
  if (c < 0x3400) return true;
  if (c >= 0x4e00 && c <= 0x9fcc) return false;
  if (c >= 0x3400 && c <= 0x4d85) return false;
  if (c >= 0x20000 && c <= 0x2b81d) return false;
  return true;
}

type Word =
  | 'invalid'
  | 'number'
  | 'upper'
  | 'alpha'
  | 'connector'
  | 'punct'
  | 'other';

/** The next rune that is not U+FFFD from i, and how many runes that took (prev if none). */
function nextValid(r: string[], i: number, prev: string): [string, number] {
  let size = 0;
  for (let k = i; k < r.length; k++) {
    size++;
    if (r[k] !== ERR) return [r[k], size];
  }
  return [prev, size];
}

interface Next {
  wt: Word;
  word: string[];
  rest: number;
}

/** xstrings' nextWord over runes r from index start. */
function nextWord(r: string[], start: number): Next {
  if (start >= r.length) return { wt: 'invalid', word: [], rest: r.length };
  let offset = 0;
  let rest = start;
  let [c, size] = nextValid(r, rest, ERR);
  offset += size;
  const done = (wt: Word): Next => ({
    wt,
    word: r.slice(start, start + offset),
    rest,
  });
  if (c === ERR) {
    rest += size;
    return done('invalid');
  }
  const run = (keep: (x: string) => boolean) => {
    while (rest < r.length) {
      [c, size] = nextValid(r, rest, c);
      if (!keep(c)) break;
      offset += size;
      rest += size;
    }
  };
  rest += size;
  const alphaRun = (x: string) => isAlphabet(x) && !isUpper(x);
  if (isConnector(c)) {
    run(isConnector);
    return done('connector');
  }
  if (isPunct(c)) {
    run(isPunct);
    return done('punct');
  }
  if (isUpper(c)) {
    if (rest >= r.length) return done('upper');
    [c, size] = nextValid(r, rest, c);
    if (isUpper(c)) {
      let prevSize = size;
      offset += size;
      rest += size;
      while (rest < r.length) {
        [c, size] = nextValid(r, rest, c);
        if (!isUpper(c)) break;
        prevSize = size;
        offset += size;
        rest += size;
      }
      // "HTTPServer": the last capital starts the next word.
      if (rest < r.length && isAlphabet(c)) {
        offset -= prevSize;
        rest = start + offset;
      }
    } else if (isAlphabet(c)) {
      offset += size;
      rest += size;
      run(alphaRun);
    }
    return done('upper');
  }
  if (isAlphabet(c)) {
    run(alphaRun);
    return done('alpha');
  }
  if (isNumber(c)) {
    run(isNumber);
    return done('number');
  }
  run(x => !(isConnector(x) || isAlphabet(x) || isNumber(x) || isPunct(x)));
  return done('other');
}

function lowerWord(out: string[], wt: Word, word: string[], connector: string) {
  if (wt !== 'upper' && wt !== 'connector') {
    out.push(...word);
    return;
  }
  for (const x of word) {
    if (isConnector(x)) out.push(connector);
    else out.push(isUpper(x) ? toLowerRune(x) : x);
  }
}

/** xstrings' camelCaseToLowerCase. */
function toLowerWords(s: string, connector: string): string {
  const r = [...s];
  if (r.length === 0) return '';
  const out: string[] = [];
  let { wt, word, rest } = nextWord(r, 0);
  const alnum = (w: Word) => w === 'alpha' || w === 'number';
  while (rest < r.length) {
    if (wt !== 'connector') lowerWord(out, wt, word, connector);
    const prev: Word = wt;
    const last = word;
    ({ wt, word, rest } = nextWord(r, rest));
    if (prev === 'number') {
      while (alnum(wt)) {
        lowerWord(out, wt, word, connector);
        ({ wt, word, rest } = nextWord(r, rest));
      }
      if (wt !== 'invalid' && wt !== 'punct' && wt !== 'connector')
        out.push(connector);
    } else if (prev === 'connector') {
      lowerWord(out, prev, last, connector);
    } else if (prev !== 'punct') {
      if (wt !== 'number') {
        if (wt !== 'connector' && wt !== 'punct') out.push(connector);
        continue;
      }
      if (rest >= r.length) continue;
      const num = word;
      ({ wt, word, rest } = nextWord(r, rest));
      if (wt !== 'alpha') {
        lowerWord(out, 'number', num, connector);
        if (wt !== 'connector' && wt !== 'punct') out.push(connector);
        continue;
      }
      out.push(connector);
      lowerWord(out, 'number', num, connector);
      while (alnum(wt)) {
        lowerWord(out, wt, word, connector);
        ({ wt, word, rest } = nextWord(r, rest));
      }
      if (wt !== 'invalid' && wt !== 'connector' && wt !== 'punct')
        out.push(connector);
    }
  }
  lowerWord(out, wt, word, connector);
  return out.join('');
}

/** xstrings' toCamelCase with isBig (ToPascalCase). */
function toPascal(s: string): string {
  const r = [...s];
  if (r.length === 0) return '';
  let out = '';
  let firstUpper = false;
  let r0 = '';
  let i = 0;
  while (i < r.length) {
    r0 = r[i++];
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
      break;
    }
    out += r0;
  }
  if (i >= r.length) return out + r0;
  while (i < r.length) {
    const r1 = r0;
    r0 = r[i++];
    if (isConnector(r0) && isConnector(r1)) {
      out += r1;
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = toLowerRune(r0);
        else firstUpper = false;
      }
      out += r1;
    }
  }
  return out + r0;
}

export const CASE_FUNCS: Record<string, FuncDef> = {
  snakecase: { min: 1, max: 1, call: a => toLowerWords(strArg(a, 0), '_') },
  kebabcase: { min: 1, max: 1, call: a => toLowerWords(strArg(a, 0), '-') },
  camelcase: { min: 1, max: 1, call: a => toPascal(strArg(a, 0)) },
};
