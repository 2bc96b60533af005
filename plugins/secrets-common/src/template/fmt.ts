/**
 * Go's `fmt.Sprintf` for the verbs templates use (`%s %d %v %q %x %X %t %f
 * %e %g %c %o %b %%`, flags `-+# 0`, width and precision, `*`), and
 * `strconv.Quote`. Mistakes produce Go's in-band markers such as
 * `%!d(string=...)` and `%!s(MISSING)`, exactly as Go does.
 */
import { GoTime } from './goTime';
import { utf8Encode } from './encoding';
import {
  formatFloat,
  formatValue,
  GoMap,
  typeName,
  type Value,
} from './values';

const isPrint = (ch: string) =>
  ch === ' ' || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch);

/** Go's `strconv.Quote` (or `QuoteToASCII` with `asciiOnly`). */
export function goQuote(s: string, asciiOnly = false, q = '"'): string {
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === q || ch === '\\') {
      out += `\\${ch}`;
    } else if (
      isPrint(ch) &&
      (!asciiOnly || c < 0x80) &&
      !(c >= 0xd800 && c <= 0xdfff)
    ) {
      out += ch;
    } else {
      const esc: Record<number, string> = {
        7: '\\a',
        8: '\\b',
        12: '\\f',
        10: '\\n',
        13: '\\r',
        9: '\\t',
        11: '\\v',
      };
      if (esc[c]) out += esc[c];
      else if (c < 0x20 || c === 0x7f)
        out += `\\x${c.toString(16).padStart(2, '0')}`;
      else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
      else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
      else out += `\\U${c.toString(16).padStart(8, '0')}`;
    }
  }
  return out + q;
}

interface Flags {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

function pad(s: string, f: Flags, numeric = false): string {
  if (f.width === undefined) return s;
  const len = [...s].length;
  if (len >= f.width) return s;
  const n = f.width - len;
  if (f.minus) return s + ' '.repeat(n);
  if (f.zero) {
    if (numeric && /^[+\- ]/.test(s)) return s[0] + '0'.repeat(n) + s.slice(1);
    if (numeric && /^0[xXbo]/.test(s))
      return s.slice(0, 2) + '0'.repeat(n) + s.slice(2);
    return '0'.repeat(n) + s;
  }
  return ' '.repeat(n) + s;
}

function badVerb(verb: string, v: Value): string {
  if (v === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${formatValue(v)})`;
}

function signed(digits: string, negative: boolean, f: Flags): string {
  if (negative) return `-${digits}`;
  if (f.plus) return `+${digits}`;
  if (f.space) return ` ${digits}`;
  return digits;
}

function fmtInt(v: bigint, verb: string, f: Flags): string {
  const neg = v < 0n;
  const abs = neg ? -v : v;
  let digits: string;
  switch (verb) {
    case 'v':
    case 'd':
      digits = abs.toString(10);
      break;
    case 'x':
      digits = abs.toString(16);
      if (f.sharp) digits = `0x${digits}`;
      break;
    case 'X':
      digits = abs.toString(16).toUpperCase();
      if (f.sharp) digits = `0X${digits}`;
      break;
    case 'o':
      digits = abs.toString(8);
      if (f.sharp) digits = `0${digits}`;
      break;
    case 'O':
      digits = `0o${abs.toString(8)}`;
      break;
    case 'b':
      digits = abs.toString(2);
      break;
    case 'c':
      return pad(String.fromCodePoint(validRune(v)), f);
    case 'q':
      return pad(goQuote(String.fromCodePoint(validRune(v)), f.plus, "'"), f);
    case 'U':
      return pad(`U+${abs.toString(16).toUpperCase().padStart(4, '0')}`, f);
    default:
      return badVerb(verb, v);
  }
  if (f.prec !== undefined) {
    const m = /^(0[xXo]?)?(.*)$/.exec(digits)!;
    if (!(f.prec === 0 && abs === 0n))
      digits = (m[1] ?? '') + m[2].padStart(f.prec, '0');
    else digits = '';
    return pad(signed(digits, neg, f), { ...f, zero: false }, true);
  }
  return pad(signed(digits, neg, f), f, true);
}

function validRune(v: bigint): number {
  if (v < 0n || v > 0x10ffffn || (v >= 0xd800n && v <= 0xdfffn)) return 0xfffd;
  return Number(v);
}

function expForm(s: string, upper: boolean): string {
  // JS "1.5e+3" -> Go "1.5e+03"
  const out = s.replace(/e([+-])(\d)$/, 'e$10$2');
  return upper ? out.toUpperCase() : out;
}

function fmtFloatVerb(v: number, verb: string, f: Flags): string {
  if (!Number.isFinite(v)) {
    // Go always signs infinities: "+Inf", "-Inf".
    let s = v > 0 ? '+Inf' : '-Inf';
    if (Number.isNaN(v)) s = f.plus ? '+NaN' : 'NaN';
    return pad(s, { ...f, zero: false });
  }
  const neg = v < 0 || Object.is(v, -0);
  const abs = Math.abs(v);
  let s: string;
  switch (verb) {
    case 'v':
    case 'g':
    case 'G':
      if (f.prec === undefined) {
        s = formatFloat(abs, 6);
      } else {
        // strconv 'g' with a precision: round to p significant digits,
        // drop trailing zeros, then %e or %f as Go decides.
        const p = f.prec === 0 ? 1 : f.prec;
        const [mant, e] = abs.toExponential(p - 1).split('e');
        const exp = Number(e);
        const digits = mant.replace('.', '').replace(/0+$/, '') || '0';
        const nd = digits.length;
        const dp = exp + 1;
        let eprec = p;
        if (eprec > nd && nd >= dp) eprec = nd;
        if (exp < -4 || exp >= eprec) {
          const m = nd > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
          s = expForm(`${m}e${exp < 0 ? '-' : '+'}${Math.abs(exp)}`, false);
        } else {
          s = Number(`${digits[0]}.${digits.slice(1)}e${exp}`).toFixed(
            Math.max(nd - dp, 0),
          );
        }
      }
      if (verb === 'G') s = s.toUpperCase();
      break;
    case 'f':
    case 'F':
      s = abs.toFixed(f.prec ?? 6);
      break;
    case 'e':
    case 'E':
      s = expForm(abs.toExponential(f.prec ?? 6), verb === 'E');
      break;
    default:
      return badVerb(verb, v);
  }
  return pad(signed(s, neg, f), f, true);
}

function fmtString(v: string, verb: string, f: Flags): string {
  switch (verb) {
    case 'v':
    case 's': {
      const s = f.prec !== undefined ? [...v].slice(0, f.prec).join('') : v;
      return pad(s, f);
    }
    case 'q':
      return pad(goQuote(v, f.plus), f);
    case 'x':
    case 'X': {
      let bytes = utf8Encode(v);
      if (f.prec !== undefined) bytes = bytes.slice(0, f.prec);
      const parts = [...bytes].map(b => {
        const h = b.toString(16).padStart(2, '0');
        return verb === 'X' ? h.toUpperCase() : h;
      });
      let prefix = '';
      if (f.sharp) prefix = verb === 'X' ? '0X' : '0x';
      const s = f.space
        ? parts.map(p => prefix + p).join(' ')
        : prefix + parts.join('');
      return pad(s, f);
    }
    default:
      return badVerb(verb, v);
  }
}

function fmtArg(v: Value, verb: string, f: Flags): string {
  if (v === null) return verb === 'v' ? pad('<nil>', f) : badVerb(verb, v);
  switch (typeof v) {
    case 'boolean':
      return verb === 't' || verb === 'v'
        ? pad(String(v), f)
        : badVerb(verb, v);
    case 'bigint':
      return fmtInt(v, verb, f);
    case 'number':
      return fmtFloatVerb(v, verb, f);
    case 'string':
      return fmtString(v, verb, f);
    default:
  }
  if (Array.isArray(v)) return `[${v.map(x => fmtArg(x, verb, f)).join(' ')}]`;
  // time.Time is a fmt.Stringer: the string verbs format its String().
  if (v instanceof GoTime)
    return 'vsqxX'.includes(verb)
      ? fmtString(v.toString(), verb, f)
      : badVerb(verb, v);
  const m = v as GoMap;
  return `map[${m
    .sortedKeys()
    .map(k => `${fmtArg(k, verb, f)}:${fmtArg(m.entries.get(k)!, verb, f)}`)
    .join(' ')}]`;
}

interface Spec {
  literal: string;
  flags: Flags;
  verb?: string;
  starWidth: boolean;
  starPrec: boolean;
  unsupported: boolean;
}

/** Splits a format into literal text and verb specs. */
function scan(format: string): Spec[] {
  const specs: Spec[] = [];
  let i = 0;
  let lit = '';
  while (i < format.length) {
    const c = format[i];
    if (c !== '%') {
      lit += c;
      i++;
      continue;
    }
    i++;
    const flags: Flags = {
      minus: false,
      plus: false,
      sharp: false,
      space: false,
      zero: false,
    };
    let unsupported = false;
    for (; i < format.length; i++) {
      const fc = format[i];
      if (fc === '-') {
        flags.minus = true;
        flags.zero = false;
      } else if (fc === '+') flags.plus = true;
      else if (fc === '#') flags.sharp = true;
      else if (fc === ' ') flags.space = true;
      else if (fc === '0') flags.zero = !flags.minus;
      else break;
    }
    let starWidth = false;
    let starPrec = false;
    if (format[i] === '[') unsupported = true;
    if (format[i] === '*') {
      starWidth = true;
      i++;
    } else {
      const m = /^\d+/.exec(format.slice(i));
      if (m) {
        flags.width = Number(m[0]);
        i += m[0].length;
      }
    }
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') {
        starPrec = true;
        i++;
      } else {
        const m = /^\d+/.exec(format.slice(i));
        flags.prec = m ? Number(m[0]) : 0;
        if (m) i += m[0].length;
      }
    }
    if (i >= format.length) {
      specs.push({ literal: lit, flags, starWidth, starPrec, unsupported });
      lit = '';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      lit += '%';
      continue;
    }
    specs.push({ literal: lit, flags, verb, starWidth, starPrec, unsupported });
    lit = '';
  }
  if (lit)
    specs.push({
      literal: lit,
      flags: {} as Flags,
      starWidth: false,
      starPrec: false,
      unsupported: false,
      verb: '',
    });
  return specs;
}

/**
 * How many arguments a format consumes, or `undefined` when it uses
 * explicit argument indexes (`%[1]s`) and cannot be counted statically.
 */
export function countPrintfArgs(format: string): number | undefined {
  let n = 0;
  for (const s of scan(format)) {
    if (s.unsupported) return undefined;
    if (s.starWidth) n++;
    if (s.starPrec) n++;
    if (s.verb) n++;
  }
  return n;
}

/** Go's `fmt.Sprintf`. */
export function sprintf(format: string, args: Value[]): string {
  let out = '';
  let argi = 0;
  for (const s of scan(format)) {
    out += s.literal;
    if (s.verb === '') continue; // trailing literal
    const f = { ...s.flags };
    if (s.starWidth) {
      const w = args[argi++];
      if (typeof w === 'bigint') {
        f.width = Math.abs(Number(w));
        if (w < 0n) {
          f.minus = true;
          f.zero = false;
        }
      } else out += '%!(BADWIDTH)';
    }
    if (s.starPrec) {
      const p = args[argi++];
      if (typeof p === 'bigint' && p >= 0n) f.prec = Number(p);
      else out += '%!(BADPREC)';
    }
    if (s.verb === undefined) {
      out += '%!(NOVERB)';
      continue;
    }
    if (s.unsupported) {
      out += `%!${s.verb}(BADINDEX)`;
      continue;
    }
    if (argi >= args.length) {
      out += `%!${s.verb}(MISSING)`;
      continue;
    }
    out += fmtArg(args[argi++], s.verb, f);
  }
  if (argi < args.length) {
    const extra = args
      .slice(argi)
      .map(a => (a === null ? '<nil>' : `${typeName(a)}=${formatValue(a)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}
