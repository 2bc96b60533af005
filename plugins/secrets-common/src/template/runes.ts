/**
 * Go's `unicode` predicates and simple (one rune to one rune) case mappings, which the
 * string functions of sprig and its libraries use rune by rune. JavaScript's own case
 * mappings are the full ones (`ß` to `SS`), so a mapping to several runes keeps the rune,
 * and the few simple mappings that differ from the full ones are listed here.
 */

export const isSpace = (r: string) => /^\p{White_Space}$/u.test(r);
export const isUpper = (r: string) => /^\p{Lu}$/u.test(r);
export const isLower = (r: string) => /^\p{Ll}$/u.test(r);
export const isTitle = (r: string) => /^\p{Lt}$/u.test(r);
export const isLetter = (r: string) => /^\p{L}$/u.test(r);
export const isNumber = (r: string) => /^\p{N}$/u.test(r);
export const isPunct = (r: string) => /^\p{P}$/u.test(r);
/** `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export const isPrint = (r: string) =>
  r === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(r);

const cp = (r: string) => r.codePointAt(0)!;

function single(r: string, mapped: string): string {
  return [...mapped].length === 1 ? mapped : r;
}

/** Greek letters with ypogegrammeni: their simple upper (and title) case is the Lt form. */
function greekIota(c: number): number | undefined {
  if (
    (c >= 0x1f80 && c <= 0x1f87) ||
    (c >= 0x1f90 && c <= 0x1f97) ||
    (c >= 0x1fa0 && c <= 0x1fa7)
  )
    return c + 8;
  if (c === 0x1fb3 || c === 0x1fc3 || c === 0x1ff3) return c + 9;
  return undefined;
}

/** `unicode.ToUpper`. */
export function toUpperRune(r: string): string {
  const g = greekIota(cp(r));
  return g ? String.fromCodePoint(g) : single(r, r.toUpperCase());
}

/** `unicode.ToLower`. */
export function toLowerRune(r: string): string {
  if (r === '\u0130') return 'i';
  return single(r, r.toLowerCase());
}

/** `unicode.ToTitle`: the upper case, except for digraphs and Georgian. */
export function toTitleRune(r: string): string {
  const c = cp(r);
  if (c >= 0x1c4 && c <= 0x1c6) return '\u01c5';
  if (c >= 0x1c7 && c <= 0x1c9) return '\u01c8';
  if (c >= 0x1ca && c <= 0x1cc) return '\u01cb';
  if (c >= 0x1f1 && c <= 0x1f3) return '\u01f2';
  // Georgian Mkhedruli letters have an upper case (Mtavruli) but are their own title case.
  if ((c >= 0x10d0 && c <= 0x10fa) || (c >= 0x10fd && c <= 0x10ff)) return r;
  return toUpperRune(r);
}
