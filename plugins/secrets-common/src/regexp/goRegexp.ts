/**
 * Go's `regexp` package, as ESO compiles user patterns with it: RE2 syntax and matching in
 * time linear in the input (re2js, a pure JavaScript port of RE2), so a pattern such as
 * `(a+)+$` cannot stall the event loop the way a backtracking engine would. The loops below
 * follow Go's `FindAllString`, `ReplaceAllString` and `Split` rules for empty matches, which
 * differ from JavaScript's `String.prototype.replace`.
 */
import { RE2JS, RE2JSSyntaxException, type Matcher } from 're2js';

/**
 * A pattern RE2 does not accept: a backreference (`\1`), lookaround (`(?=x)`, `(?<=x)`), a
 * possessive quantifier (`a++`), or a syntax error. The message never quotes the pattern,
 * since a template may build a pattern from a secret value.
 *
 * @public
 */
export class GoRegexpError extends Error {
  /** What RE2 refused, such as `invalid escape sequence`; never quotes the pattern. */
  readonly reason: string;
  /** The part of the pattern RE2 named, such as `\1`, when it named one. */
  readonly fragment?: string;

  constructor(reason: string, fragment?: string) {
    super(`not a valid RE2 regular expression (${reason})`);
    this.name = 'GoRegexpError';
    this.reason = reason;
    if (fragment) this.fragment = fragment;
  }
}

/**
 * A compiled RE2 pattern with the matching operations of Go's `regexp.Regexp`. Strings are
 * matched as UTF-16 text; a match never starts or ends inside a surrogate pair.
 *
 * @public
 */
export interface GoRegexp {
  /** The pattern as written. */
  readonly source: string;
  /** Go's `MatchString`: whether the pattern matches anywhere in `s`. */
  test(s: string): boolean;
  /**
   * Go's `FindAllString`: up to `n` successive non-overlapping matches, all of them when
   * `n` is negative; an empty match right after a match is skipped.
   */
  findAll(s: string, n: number): string[];
  /**
   * Go's `ReplaceAllString`: every match replaced by `template`, in which `$1`, `${1}`,
   * `$name` and `${name}` stand for a group (empty when it did not match or does not
   * exist), `$$` for `$`. As in Go, a bare reference takes every letter, digit and `_`
   * after the `$`: `$1x` is the group named `1x` (empty), write `${1}x`.
   *
   * @throws RangeError when the result would pass 4 Mi UTF-16 units.
   */
  replaceAll(s: string, template: string): string;
  /**
   * Go's `ReplaceAllLiteralString`: every match replaced by `replacement` as it is.
   *
   * @throws RangeError when the result would pass 4 Mi UTF-16 units.
   */
  replaceAllLiteral(s: string, replacement: string): string;
  /**
   * Go's `Split`: the text between matches; at most `n` parts when `n` is positive (the
   * last holds the rest), all when negative, none when zero.
   */
  split(s: string, n: number): string[];
}

/**
 * The longest string a replacement builds, in UTF-16 units (a template's whole output is
 * capped at the same): an empty pattern matches between every two characters, so a long
 * replacement on a long value could otherwise grow without bound.
 */
const MAX_RESULT_LENGTH = 4 * 1024 * 1024;

/** UTF-16 units of the code point at `pos`; 0 at the end, as Go's rune decoding gives. */
function runeWidth(s: string, pos: number): number {
  if (pos >= s.length) return 0;
  return s.codePointAt(pos)! > 0xffff ? 2 : 1;
}

const NAME_CHAR = /^[\p{L}\p{Nd}_]$/u;

/**
 * The group a reference after `$` at `at` names and where it ends, or undefined when the
 * `$` is not followed by a well-formed name (Go then keeps the `$` as text).
 */
function groupReference(
  template: string,
  at: number,
): { name: string; next: number } | undefined {
  const brace = template[at] === '{';
  const start = brace ? at + 1 : at;
  let end = start;
  while (end < template.length) {
    const ch = String.fromCodePoint(template.codePointAt(end)!);
    if (!NAME_CHAR.test(ch)) break;
    end += ch.length;
  }
  if (end === start) return undefined;
  if (brace && template[end] !== '}') return undefined;
  return { name: template.slice(start, end), next: brace ? end + 1 : end };
}

/** Go's reading of a reference as a group number: digits only, no leading zero, bounded. */
function groupNumber(name: string): number {
  let num = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 48 || c > 57 || num >= 1e8) return -1;
    num = num * 10 + (c - 48);
  }
  return name.length > 1 && name[0] === '0' ? -1 : num;
}

class CompiledGoRegexp implements GoRegexp {
  private readonly groups: number;
  private readonly names: Map<string, number>;

  constructor(readonly source: string, private readonly re: RE2JS) {
    this.groups = re.groupCount();
    this.names = new Map(Object.entries(re.namedGroups()));
  }

  test(s: string): boolean {
    return this.re.test(s);
  }

  findAll(s: string, n: number): string[] {
    const out: string[] = [];
    this.eachMatch(s, n, m => out.push(s.slice(m.start(), m.end())));
    return out;
  }

  replaceAll(s: string, template: string): string {
    // The template is read once; each part is literal text or a group index.
    const parts = this.expansion(template);
    return this.replace(s, m =>
      parts.map(p => (typeof p === 'string' ? p : m.group(p) ?? '')).join(''),
    );
  }

  replaceAllLiteral(s: string, replacement: string): string {
    return this.replace(s, () => replacement);
  }

  split(s: string, n: number): string[] {
    if (n === 0) return [];
    if (this.source.length > 0 && s.length === 0) return [''];
    const matches: [number, number][] = [];
    this.eachMatch(s, n, m => matches.push([m.start(), m.end()]));
    const out: string[] = [];
    let begin = 0;
    let end = 0;
    for (const [from, to] of matches) {
      if (n > 0 && out.length >= n - 1) break;
      end = from;
      if (to !== 0) out.push(s.slice(begin, end));
      begin = to;
    }
    if (end !== s.length) out.push(s.slice(begin));
    return out;
  }

  /** Go's `allMatches`: the matcher is positioned on each accepted match in turn. */
  private eachMatch(s: string, n: number, deliver: (m: Matcher) => void) {
    const m = this.re.matcher(s);
    const limit = n < 0 ? s.length + 1 : n;
    let prevEnd = -1;
    for (let pos = 0, count = 0; count < limit && pos <= s.length; ) {
      if (!m.find(pos)) break;
      let accept = true;
      if (m.end() === pos) {
        // An empty match right after the previous match is not one.
        if (m.start() === prevEnd) accept = false;
        const width = runeWidth(s, pos);
        pos = width > 0 ? pos + width : s.length + 1;
      } else {
        pos = m.end();
      }
      prevEnd = m.end();
      if (accept) {
        deliver(m);
        count++;
      }
    }
  }

  /** Go's `replaceAll` loop: no replacement for an empty match abutting the previous one. */
  private replace(s: string, replacement: (m: Matcher) => string): string {
    const m = this.re.matcher(s);
    let out = '';
    let lastEnd = 0;
    let searchPos = 0;
    while (searchPos <= s.length) {
      if (!m.find(searchPos)) break;
      const start = m.start();
      const end = m.end();
      out += s.slice(lastEnd, start);
      if (end > lastEnd || start === 0) out += replacement(m);
      if (out.length > MAX_RESULT_LENGTH)
        throw new RangeError('the result of the replacement is too large');
      lastEnd = end;
      const width = runeWidth(s, searchPos);
      if (searchPos + width > end) searchPos += width;
      else if (searchPos + 1 > end) searchPos++;
      else searchPos = end;
    }
    return out + s.slice(lastEnd);
  }

  /** Go's `Expand` template as literal text and group indexes (unknown groups dropped). */
  private expansion(template: string): (string | number)[] {
    const parts: (string | number)[] = [];
    let text = '';
    let i = 0;
    for (;;) {
      const dollar = template.indexOf('$', i);
      if (dollar < 0) break;
      text += template.slice(i, dollar);
      i = dollar + 1;
      if (template[i] === '$') {
        text += '$';
        i++;
        continue;
      }
      const ref = groupReference(template, i);
      if (!ref) {
        text += '$';
        continue;
      }
      i = ref.next;
      const num = groupNumber(ref.name);
      const group = num >= 0 ? num : this.names.get(ref.name) ?? -1;
      if (group < 0 || group > this.groups) continue;
      parts.push(text, group);
      text = '';
    }
    parts.push(text + template.slice(i));
    return parts;
  }
}

/**
 * Compiles `source` as Go's `regexp.Compile` does (RE2 syntax, leftmost-first matching).
 *
 * @throws {@link GoRegexpError} when RE2 does not accept the pattern.
 * @public
 */
export function compileGoRegexp(source: string): GoRegexp {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (error) {
    if (error instanceof RE2JSSyntaxException)
      throw new GoRegexpError(error.error, error.input ?? undefined);
    // A deeper failure (a stack overflow, say) is reported without its text.
    throw new GoRegexpError('the expression could not be compiled');
  }
  return new CompiledGoRegexp(source, re);
}

/** Go's `regexp.QuoteMeta`: `s` with every metacharacter escaped, matching itself. */
export function goQuoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
