/**
 * sprig's string functions beyond the basic ones, with the semantics of the Go libraries under
 * them (Masterminds/goutils for abbrev, wrap, initials, nospace, untitle and swapcase). Several
 * of them count and cut bytes, not characters, as Go does: a result that would cut a UTF-8
 * character in two is refused, as templates here work on text.
 */
import { utf8Decode, utf8Encode } from './encoding';
import { checkLength, intArg, ord, strArg } from './funcArgs';
import { FuncError, type FuncDef } from './funcDef';
import {
  isLower,
  isPrint,
  isSpace,
  isTitle,
  isUpper,
  toLowerRune,
  toTitleRune,
  toUpperRune,
} from './runes';
import { GoMap, sprint, type Value } from './values';

/** Text of UTF-8 bytes, or a failure naming the function's string argument. */
function text(bytes: Uint8Array, arg: number): string {
  const s = utf8Decode(bytes);
  if (s === undefined)
    throw new FuncError(
      `${ord(arg)}: the result would cut a UTF-8 character (Go counts bytes)`,
    );
  return s;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const DOTS = utf8Encode('...');

/** Bytes read one by one as runes (U+0000..U+00FF), as goutils does. */
function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192)
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** goutils' AbbreviateFull on bytes; `undefined` where it returns its width error. */
function abbreviate(
  s: Uint8Array,
  offset: number,
  width: number,
): Uint8Array | undefined {
  if (s.length === 0) return s;
  if (width < 4) return undefined;
  if (s.length <= width) return s;
  let at = Math.min(offset, s.length);
  if (s.length - at < width - 3) at = s.length - (width - 3);
  if (at <= 4) return concat(s.subarray(0, width - 3), DOTS);
  if (width < 7) return undefined;
  if (at + width - 3 < s.length) {
    const rest = abbreviate(s.subarray(at), 0, width - 3);
    return concat(DOTS, rest ?? new Uint8Array());
  }
  return concat(DOTS, s.subarray(s.length - (width - 3)));
}

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

/** Go's `strings.SplitN`. */
function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const chars = [...s];
    if (n < 0 || n >= chars.length) return chars;
    return [...chars.slice(0, n - 1), chars.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || n >= parts.length) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** goutils' WrapCustom, on bytes, with the result bounded as it grows. */
function wrapCustom(
  str: string,
  width: number,
  newline: string,
  wrapLong: boolean,
  args: { size: number; text: number },
): string {
  if (str === '') return '';
  const s = utf8Encode(str);
  const nl = utf8Encode(newline === '' ? '\n' : newline);
  const w = Math.max(1, width);
  const parts: Uint8Array[] = [];
  let size = 0;
  const put = (...chunks: Uint8Array[]) => {
    for (const c of chunks) {
      size += c.length;
      checkLength(size, args.size);
      parts.push(c);
    }
  };
  const SPACE = 0x20;
  let offset = 0;
  while (s.length - offset > w) {
    if (s[offset] === SPACE) {
      offset++;
      continue;
    }
    const at = s.subarray(offset, w + offset + 1).lastIndexOf(SPACE);
    if (at >= 0) {
      put(s.subarray(offset, offset + at), nl);
      offset += at + 1;
    } else if (wrapLong) {
      put(s.subarray(offset, offset + w), nl);
      offset += w;
    } else {
      const next = s.indexOf(SPACE, w + offset);
      if (next < 0) {
        put(s.subarray(offset));
        offset = s.length;
      } else {
        put(s.subarray(offset, next), nl);
        offset = next + 1;
      }
    }
  }
  put(s.subarray(offset));
  return text(concat(...parts), args.text);
}

/** Go's `unicode.IsSpace` of a byte read as a rune (goutils reads bytes, not runes). */
const byteIsSpace = (b: number) =>
  (b >= 9 && b <= 13) || b === 0x20 || b === 0x85 || b === 0xa0;

/** text/template's `JSEscapeString`. */
function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '"') out += '\\"';
    else if (ch === '<') out += '\\u003C';
    else if (ch === '>') out += '\\u003E';
    else if (ch === '&') out += '\\u0026';
    else if (ch === '=') out += '\\u003D';
    else if (c < 0x20)
      out += `\\u00${c.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (c < 0x80 || isPrint(ch)) out += ch;
    else out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}

export const STRING_FUNCS: Record<string, FuncDef> = {
  hello: { min: 0, max: 0, call: () => 'Hello!' },
  /** `abbrev width s`: at most width bytes, ending in "..." when cut (width < 4: s). */
  abbrev: {
    min: 2,
    max: 2,
    call: a => {
      const [width, s] = [intArg(a, 0), strArg(a, 1)];
      if (width < 4) return s;
      return text(abbreviate(utf8Encode(s), 0, width) ?? new Uint8Array(), 1);
    },
  },
  /** `abbrevboth left right s`: abbreviated on both sides around byte offset left. */
  abbrevboth: {
    min: 3,
    max: 3,
    call: a => {
      const [left, right, s] = [intArg(a, 0), intArg(a, 1), strArg(a, 2)];
      if (right < 4 || (left > 0 && right < 7)) return s;
      return text(
        abbreviate(utf8Encode(s), left, right) ?? new Uint8Array(),
        2,
      );
    },
  },
  /** `trunc n s`: the first n bytes, or the last -n bytes for a negative n. */
  trunc: {
    min: 2,
    max: 2,
    call: a => {
      const [c, s] = [intArg(a, 0), strArg(a, 1)];
      const b = utf8Encode(s);
      if (c < 0 && b.length + c > 0) return text(b.subarray(b.length + c), 1);
      if (c >= 0 && b.length > c) return text(b.subarray(0, c), 1);
      return s;
    },
  },
  /** `substr start end s`: bytes start..end (start < 0: from 0; end < 0 or past the end: to the end). */
  substr: {
    min: 3,
    max: 3,
    call: a => {
      const [start, end, s] = [intArg(a, 0), intArg(a, 1), strArg(a, 2)];
      const b = utf8Encode(s);
      let lo = start;
      let hi = end;
      if (start < 0) lo = 0;
      else if (end < 0 || end > b.length) hi = b.length;
      if (lo < 0 || hi < lo || hi > b.length)
        throw new FuncError('slice bounds out of range');
      return text(b.subarray(lo, hi), 2);
    },
  },
  /**
   * `nospace s`: goutils' DeleteWhiteSpace. It reads bytes as runes, so a string with
   * whitespace and non-ASCII text comes out with each byte as a Latin-1 character, as in Go.
   */
  nospace: {
    min: 1,
    max: 1,
    call: a => {
      const s = strArg(a, 0);
      const b = utf8Encode(s);
      if (!b.some(byteIsSpace)) return s;
      return latin1(b.filter(x => !byteIsSpace(x)));
    },
  },
  /** `initials s`: the first byte of each word (read as a Latin-1 character, as goutils does). */
  initials: {
    min: 1,
    max: 1,
    call: a => {
      let out = '';
      let gap = true;
      for (const b of utf8Encode(strArg(a, 0))) {
        if (byteIsSpace(b)) gap = true;
        else if (gap) {
          out += String.fromCharCode(b);
          gap = false;
        }
      }
      return out;
    },
  },
  /** `untitle s`: the first letter of each word in lower case. */
  untitle: {
    min: 1,
    max: 1,
    call: a => {
      let out = '';
      let next = true;
      for (const r of strArg(a, 0)) {
        if (isSpace(r)) {
          next = true;
          out += r;
        } else if (next) {
          out += toLowerRune(r);
          next = false;
        } else out += r;
      }
      return out;
    },
  },
  /** `swapcase s`: upper to lower, lower to upper, a word's first lower letter to title case. */
  swapcase: {
    min: 1,
    max: 1,
    call: a => {
      let out = '';
      let space = true;
      for (const r of strArg(a, 0)) {
        if (isUpper(r) || isTitle(r)) {
          out += toLowerRune(r);
          space = false;
        } else if (isLower(r)) {
          out += space ? toTitleRune(r) : toUpperRune(r);
          space = false;
        } else {
          out += r;
          space = isSpace(r);
        }
      }
      return out;
    },
  },
  /** `wrap width s`: lines of at most width bytes, broken at spaces; long words stay whole. */
  wrap: {
    min: 2,
    max: 2,
    call: a => {
      const [width, s] = [intArg(a, 0), strArg(a, 1)];
      return wrapCustom(s, width, '', false, { size: 0, text: 1 });
    },
  },
  /** `wrapWith width sep s`: as wrap, with sep between lines, and long words cut. */
  wrapWith: {
    min: 3,
    max: 3,
    call: a => {
      const [width, sep, s] = [intArg(a, 0), strArg(a, 1), strArg(a, 2)];
      return wrapCustom(s, width, sep, true, { size: 1, text: 2 });
    },
  },
  plural: {
    min: 3,
    max: 3,
    call: a => {
      const [one, many, n] = [strArg(a, 0), strArg(a, 1), intArg(a, 2)];
      return n === 1 ? one : many;
    },
  },
  trimall: {
    min: 2,
    max: 2,
    call: a => {
      const [cutset, s] = [strArg(a, 0), strArg(a, 1)];
      return trimCutset(s, cutset);
    },
  },
  /** `splitn sep n s`: at most n parts, as a map `_0`, `_1`... (as `split` gives). */
  splitn: {
    min: 3,
    max: 3,
    call: a => {
      const [sep, n, s] = [strArg(a, 0), intArg(a, 1), strArg(a, 2)];
      const parts = splitN(s, sep, n);
      return new GoMap(new Map(parts.map((p, i) => [`_${i}`, p])), 'string');
    },
  },
  /** text/template's `js`: the arguments' text escaped for a JavaScript string. */
  js: {
    min: 0,
    max: Infinity,
    call: (a: Value[]) => {
      const s = a.length === 1 && typeof a[0] === 'string' ? a[0] : sprint(a);
      const out = jsEscape(s);
      checkLength(out.length, 0);
      return out;
    },
  },
};
