/**
 * Go's `encoding/pem` (Decode and Encode) and ESO's `filterPEM`, which keeps the blocks of one
 * type and writes them back out normalised (64-column base64, headers sorted).
 */
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from './encoding';
import { strArg } from './funcArgs';
import { FuncError, type FuncDef } from './funcDef';
import { toLowerRune, toUpperRune } from './runes';

export interface PemBlock {
  type: string;
  headers: Map<string, string>;
  bytes: Uint8Array;
}

const enc = (s: string) => utf8Encode(s);
const PEM_START = enc('\n-----BEGIN ');
const PEM_END = enc('\n-----END ');
const DASHES = enc('-----');

/** Whether needle occurs in hay at i. */
function at(hay: Uint8Array, needle: Uint8Array, i: number): boolean {
  if (i < 0 || i + needle.length > hay.length) return false;
  for (let k = 0; k < needle.length; k++)
    if (hay[i + k] !== needle[k]) return false;
  return true;
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  for (let i = from; i + needle.length <= hay.length; i++)
    if (at(hay, needle, i)) return i;
  return -1;
}

function lastIndexOf(hay: Uint8Array, needle: Uint8Array): number {
  for (let i = hay.length - needle.length; i >= 0; i--)
    if (at(hay, needle, i)) return i;
  return -1;
}

const endsWith = (b: Uint8Array, s: Uint8Array) =>
  at(b, s, b.length - s.length);
const startsWith = (b: Uint8Array, s: Uint8Array) => at(b, s, 0);
const text = (b: Uint8Array) => utf8Decode(b) ?? '';

/** Go's pem getLine: the line without "\r\n" and trailing spaces/tabs, the rest, bytes consumed. */
function getLine(data: Uint8Array): [Uint8Array, Uint8Array, number] {
  let i = data.indexOf(0x0a);
  let j: number;
  if (i < 0) {
    i = data.length;
    j = i;
  } else {
    j = i + 1;
    if (i > 0 && data[i - 1] === 0x0d) i--;
  }
  let end = i;
  while (end > 0 && (data[end - 1] === 0x20 || data[end - 1] === 0x09)) end--;
  return [data.subarray(0, end), data.subarray(j), j];
}

const trimSpace = (s: string) =>
  s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '');

/** `pem.Decode`: the first valid block and the data after it, or no block and all the data. */
export function pemDecode(data: Uint8Array): {
  block?: PemBlock;
  rest: Uint8Array;
} {
  let rest = data;
  let endTrailerIndex = 0;
  for (;;) {
    if (endTrailerIndex < 0 || endTrailerIndex > rest.length)
      return { rest: data };
    rest = rest.subarray(endTrailerIndex);
    let endIndex = indexOf(rest, PEM_END);
    if (endIndex < 0) return { rest: data };
    endTrailerIndex = endIndex + PEM_END.length;
    const beginIndex = lastIndexOf(
      rest.subarray(0, endIndex),
      PEM_START.subarray(1),
    );
    if (beginIndex < 0 || (beginIndex > 0 && rest[beginIndex - 1] !== 0x0a))
      continue;
    const skip = beginIndex + PEM_START.length - 1;
    rest = rest.subarray(skip);
    endIndex -= skip;
    endTrailerIndex -= skip;
    let typeLine: Uint8Array;
    let consumed: number;
    [typeLine, rest, consumed] = getLine(rest);
    endIndex -= consumed;
    endTrailerIndex -= consumed;
    if (!endsWith(typeLine, DASHES)) continue;
    typeLine = typeLine.subarray(0, typeLine.length - DASHES.length);
    const headers = new Map<string, string>();
    let truncated = false;
    for (;;) {
      if (rest.length === 0) {
        truncated = true;
        break;
      }
      const [line, next, used] = getLine(rest);
      const colon = line.indexOf(0x3a);
      if (colon < 0) break;
      headers.set(
        trimSpace(text(line.subarray(0, colon))),
        trimSpace(text(line.subarray(colon + 1))),
      );
      rest = next;
      endIndex -= used;
      endTrailerIndex -= used;
    }
    if (truncated) return { rest: data };
    if (headers.size > 0 && endIndex < 0) continue;
    let endTrailer = rest.subarray(endTrailerIndex);
    const trailerLen = typeLine.length + DASHES.length;
    if (endTrailer.length < trailerLen) continue;
    const restOfEndLine = endTrailer.subarray(trailerLen);
    endTrailer = endTrailer.subarray(0, trailerLen);
    if (!startsWith(endTrailer, typeLine) || !endsWith(endTrailer, DASHES))
      continue;
    if (getLine(restOfEndLine)[0].length !== 0) continue;
    let bytes = new Uint8Array();
    if (endIndex > 0) {
      const b64 = text(rest.subarray(0, endIndex)).replace(/[ \t]/g, '');
      const decoded = base64Decode(b64);
      if (!decoded) continue;
      bytes = decoded;
    }
    const after = getLine(rest.subarray(endIndex + PEM_END.length - 1))[1];
    return { block: { type: text(typeLine), headers, bytes }, rest: after };
  }
}

/** `pem.Encode`: Proc-Type first, other headers sorted, base64 in lines of 64. */
export function pemEncode(block: PemBlock): string {
  let out = `-----BEGIN ${block.type}-----\n`;
  if (block.headers.size > 0) {
    const keys = [...block.headers.keys()]
      .filter(k => k !== 'Proc-Type')
      .sort();
    if (block.headers.has('Proc-Type')) keys.unshift('Proc-Type');
    for (const k of keys) out += `${k}: ${block.headers.get(k)}\n`;
    out += '\n';
  }
  const b64 = base64Encode(block.bytes);
  for (let i = 0; i < b64.length; i += 64) out += `${b64.slice(i, i + 64)}\n`;
  return `${out}-----END ${block.type}-----\n`;
}

/** Go's strings.EqualFold (rune by rune, simple case folding), for the block type. */
function equalFold(a: string, b: string): boolean {
  const [x, y] = [[...a], [...b]];
  return (
    x.length === y.length &&
    x.every(
      (r, i) =>
        r === y[i] ||
        toLowerRune(r) === toLowerRune(y[i]) ||
        toUpperRune(r) === toUpperRune(y[i]),
    )
  );
}

/**
 * ESO's filterPEM: the blocks whose type matches (ignoring case), re-encoded. Text before the
 * first "-----BEGIN" is skipped; anything else that is not PEM is an error only when no
 * block matched.
 */
function filterPEM(type: string, input: string): string {
  const begin = input.indexOf('-----BEGIN');
  let data = enc(begin < 0 ? input : input.slice(begin));
  let out = '';
  let rest = data;
  for (;;) {
    const r = pemDecode(data);
    rest = r.rest;
    data = r.rest;
    if (!r.block) break;
    if (equalFold(r.block.type, type)) out += pemEncode(r.block);
  }
  if (out === '' && rest.length !== 0)
    throw new FuncError('error filtering pem: found junk');
  return out;
}

export const PEM_FUNCS: Record<string, FuncDef> = {
  filterPEM: {
    min: 2,
    max: 2,
    call: a => {
      const [type, input] = [strArg(a, 0), strArg(a, 1)];
      return filterPEM(type, input);
    },
  },
};
