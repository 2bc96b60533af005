/**
 * Lexer for Go `text/template` with the default `{{` `}}` delimiters.
 * Follows Go's `text/template/parse/lex.go`: trim markers (`{{- ` and
 * ` -}}`), comments (`{{/* *\/}}`), and the action tokens.
 */
import { PosError } from './errors';
import { utf8Decode } from './encoding';

/** Token kinds. */
export type TokKind =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'pipe'
  | 'lparen'
  | 'rparen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'field'
  | 'variable'
  | 'dot'
  | 'identifier'
  | 'keyword'
  | 'number'
  | 'string'
  | 'char'
  | 'bool'
  | 'nil'
  | 'eof';

/** A token; `pos` is the source offset of its first character. */
export interface Token {
  kind: TokKind;
  pos: number;
  /** The source text of the token (for text tokens: the text after trimming). */
  val: string;
  /** For string tokens: the unquoted value. For char tokens: the code point. */
  value?: string | number;
}

const KEYWORDS = new Set([
  'if',
  'else',
  'end',
  'range',
  'with',
  'break',
  'continue',
  'define',
  'template',
  'block',
]);

const isSpace = (c: string) =>
  c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string) => /^[\p{L}\p{Nd}_]$/u.test(c);

/** Splits a template into tokens. Throws {@link PosError} on lexical errors. */
export function lex(src: string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  let trimNextText = false;

  while (i <= src.length) {
    // Text up to the next left delimiter.
    let start = i;
    const open = src.indexOf('{{', i);
    const textEnd = open < 0 ? src.length : open;
    let trimThisText = false;
    if (open >= 0 && src[open + 2] === '-' && isSpace(src[open + 3] ?? '')) {
      trimThisText = true;
    }
    let end = textEnd;
    if (trimNextText) {
      while (start < end && isSpace(src[start])) start++;
    }
    if (trimThisText) {
      while (end > start && isSpace(src[end - 1])) end--;
    }
    if (end > start) {
      toks.push({ kind: 'text', pos: start, val: src.slice(start, end) });
    }
    trimNextText = false;
    if (open < 0) break;

    // Inside an action.
    const actionPos = open;
    i = open + 2;
    if (trimThisText) i += 2; // "- "
    // Comment?
    {
      let j = i;
      // Go allows a comment only right after the delimiter (or "{{- ").
      if (src.startsWith('/*', j)) {
        const close = src.indexOf('*/', j + 2);
        if (close < 0) throw new PosError(actionPos, 'unclosed comment');
        j = close + 2;
        if (src.startsWith('}}', j)) {
          i = j + 2;
          continue;
        }
        if (isSpace(src[j] ?? '') && src.startsWith('-}}', j + 1)) {
          i = j + 4;
          trimNextText = true;
          continue;
        }
        throw new PosError(j, 'comment ends before closing delimiter');
      }
    }
    toks.push({ kind: 'leftDelim', pos: actionPos, val: '{{' });
    const parens: number[] = [];
    for (;;) {
      if (i >= src.length) {
        throw new PosError(actionPos, 'unclosed action: missing "}}"');
      }
      // Right delimiter, with or without trim marker.
      if (
        isSpace(src[i]) &&
        src[i + 1] === '-' &&
        src.startsWith('}}', i + 2)
      ) {
        toks.push({ kind: 'rightDelim', pos: i + 2, val: '}}' });
        i += 4;
        trimNextText = true;
        break;
      }
      if (src.startsWith('}}', i)) {
        toks.push({ kind: 'rightDelim', pos: i, val: '}}' });
        i += 2;
        break;
      }
      const c = src[i];
      if (isSpace(c)) {
        const s = i;
        while (
          i < src.length &&
          isSpace(src[i]) &&
          !(src[i + 1] === '-' && src.startsWith('}}', i + 2))
        ) {
          i++;
        }
        // A single space before " -}}" belongs to the trim marker.
        if (i > s) toks.push({ kind: 'space', pos: s, val: src.slice(s, i) });
        continue;
      }
      if (src.startsWith('/*', i)) {
        throw new PosError(
          i,
          'comment must be the whole action: "{{/* ... */}}"',
        );
      }
      switch (c) {
        case '|':
          toks.push({ kind: 'pipe', pos: i, val: c });
          i++;
          continue;
        case '(':
          parens.push(i);
          toks.push({ kind: 'lparen', pos: i, val: c });
          i++;
          continue;
        case ')':
          if (parens.pop() === undefined) {
            throw new PosError(i, 'unexpected right paren');
          }
          toks.push({ kind: 'rparen', pos: i, val: c });
          i++;
          continue;
        case ',':
          toks.push({ kind: 'comma', pos: i, val: c });
          i++;
          continue;
        case '=':
          toks.push({ kind: 'assign', pos: i, val: c });
          i++;
          continue;
        case ':':
          if (src[i + 1] !== '=') throw new PosError(i, 'expected ":="');
          toks.push({ kind: 'declare', pos: i, val: ':=' });
          i += 2;
          continue;
        case '"':
          i = lexQuote(src, i, toks);
          continue;
        case '`': {
          const close = src.indexOf('`', i + 1);
          if (close < 0)
            throw new PosError(i, 'unterminated raw quoted string');
          const raw = src.slice(i + 1, close).replace(/\r/g, '');
          toks.push({
            kind: 'string',
            pos: i,
            val: src.slice(i, close + 1),
            value: raw,
          });
          i = close + 1;
          continue;
        }
        case "'":
          i = lexChar(src, i, toks);
          continue;
        case '$': {
          let j = i + 1;
          while (j < src.length && isAlnum(src[j])) j++;
          toks.push({ kind: 'variable', pos: i, val: src.slice(i, j) });
          i = j;
          continue;
        }
        case '.': {
          const next = src[i + 1] ?? '';
          if (next >= '0' && next <= '9') {
            i = lexNumber(src, i, toks);
            continue;
          }
          let j = i + 1;
          while (j < src.length && isAlnum(src[j])) j++;
          if (j === i + 1) {
            toks.push({ kind: 'dot', pos: i, val: '.' });
          } else {
            toks.push({ kind: 'field', pos: i, val: src.slice(i, j) });
          }
          i = j;
          continue;
        }
        default:
      }
      if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
        i = lexNumber(src, i, toks);
        continue;
      }
      if (isAlnum(c)) {
        let j = i;
        while (j < src.length && isAlnum(src[j])) j++;
        const word = src.slice(i, j);
        let kind: TokKind = 'identifier';
        if (KEYWORDS.has(word)) kind = 'keyword';
        else if (word === 'true' || word === 'false') kind = 'bool';
        else if (word === 'nil') kind = 'nil';
        toks.push({ kind, pos: i, val: word });
        i = j;
        continue;
      }
      throw new PosError(
        i,
        `unexpected character ${JSON.stringify(c)} in action`,
      );
    }
    if (parens.length > 0) {
      throw new PosError(parens[parens.length - 1], 'unclosed left paren');
    }
  }
  toks.push({ kind: 'eof', pos: src.length, val: '' });
  return toks;
}

function lexNumber(src: string, i: number, toks: Token[]): number {
  const re =
    /[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?)/y;
  re.lastIndex = i;
  const m = re.exec(src);
  let j = i + (m ? m[0].length : 0);
  const bad = () => {
    while (j < src.length && (isAlnum(src[j]) || src[j] === '.')) j++;
    return new PosError(
      i,
      `bad number syntax: ${JSON.stringify(src.slice(i, j))}`,
    );
  };
  if (!m || !/[0-9]/.test(m[0])) throw bad();
  if (j < src.length && (isAlnum(src[j]) || src[j] === '.')) throw bad();
  toks.push({ kind: 'number', pos: i, val: src.slice(i, j) });
  return j;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/**
 * Reads one Go escape sequence starting at the backslash `src[i]`. Returns
 * the decoded text (or byte, for \x and octal) and the next offset.
 */
function readEscape(
  src: string,
  i: number,
  quote: string,
): { text: string; byte?: number; next: number } {
  const c = src[i + 1] ?? '';
  if (c in SIMPLE_ESCAPES) return { text: SIMPLE_ESCAPES[c], next: i + 2 };
  if (c === quote) return { text: c, next: i + 2 };
  const hexDigits = (n: number, base: number) => {
    const s = src.slice(i + 2, i + 2 + n);
    const ok = base === 16 ? /^[0-9a-fA-F]+$/ : /^[0-7]+$/;
    if (s.length !== n || !ok.test(s)) {
      throw new PosError(i, `invalid escape sequence "\\${c}${s}" in string`);
    }
    return parseInt(s, base);
  };
  switch (c) {
    case 'x':
      return { text: '', byte: hexDigits(2, 16), next: i + 4 };
    case 'u':
    case 'U': {
      const n = c === 'u' ? 4 : 8;
      const cp = hexDigits(n, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        throw new PosError(
          i,
          `invalid escape sequence: code point out of range`,
        );
      }
      return { text: String.fromCodePoint(cp), next: i + 2 + n };
    }
    default:
      if (c >= '0' && c <= '7') {
        const s = src.slice(i + 1, i + 4);
        if (!/^[0-7]{3}$/.test(s) || parseInt(s, 8) > 255) {
          throw new PosError(i, `invalid escape sequence "\\${s}" in string`);
        }
        return { text: '', byte: parseInt(s, 8), next: i + 4 };
      }
      throw new PosError(i, `invalid escape sequence "\\${c}" in string`);
  }
}

function lexQuote(src: string, i: number, toks: Token[]): number {
  let j = i + 1;
  let out = '';
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length) {
      out += bytesToText(bytes, i);
      bytes = [];
    }
  };
  for (;;) {
    const c = src[j];
    if (c === undefined || c === '\n') {
      throw new PosError(i, 'unterminated quoted string');
    }
    if (c === '"') break;
    if (c === '\\') {
      const e = readEscape(src, j, '"');
      if (e.byte !== undefined) bytes.push(e.byte);
      else {
        flush();
        out += e.text;
      }
      j = e.next;
      continue;
    }
    flush();
    out += c;
    j++;
  }
  flush();
  toks.push({ kind: 'string', pos: i, val: src.slice(i, j + 1), value: out });
  return j + 1;
}

/** Bytes from \x / octal escapes must form valid UTF-8 (JS strings hold text). */
function bytesToText(bytes: number[], pos: number): string {
  const text = utf8Decode(Uint8Array.from(bytes));
  if (text === undefined) {
    throw new PosError(pos, 'string escapes do not form valid UTF-8 text');
  }
  return text;
}

function lexChar(src: string, i: number, toks: Token[]): number {
  let j = i + 1;
  let cp: number;
  const c = src[j];
  if (c === undefined || c === '\n' || c === "'") {
    throw new PosError(i, 'unterminated or empty character constant');
  }
  if (c === '\\') {
    const e = readEscape(src, j, "'");
    cp = e.byte !== undefined ? e.byte : e.text.codePointAt(0)!;
    j = e.next;
  } else {
    cp = src.codePointAt(j)!;
    j += cp > 0xffff ? 2 : 1;
  }
  if (src[j] !== "'") throw new PosError(i, 'unterminated character constant');
  toks.push({ kind: 'char', pos: i, val: src.slice(i, j + 1), value: cp });
  return j + 1;
}
