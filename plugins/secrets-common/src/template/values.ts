/**
 * The value model of the interpreter, standing in for Go's reflect values:
 *
 * - `null`: Go's nil (an empty interface, a missing `index` result);
 * - `string`, `boolean`;
 * - `bigint`: Go `int` (literals, `len`, range indexes);
 * - `number`: Go `float64` (float literals, JSON numbers);
 * - `Value[]`: `[]interface{}` (`list`, JSON arrays), or a typed slice such as `splitList`'s
 *   `[]string` (the element type is kept in goTypes.ts);
 * - {@link GoMap}: `map[string]interface{}` or `map[string]string`;
 * - {@link GoTime}: `time.Time` (sprig's `toDate`).
 */
import { GoTime } from './goTime';

/** A Go map with string keys. */
export class GoMap {
  constructor(
    readonly entries: Map<string, Value>,
    /** The Go element type, for `index` misses and error messages. */
    readonly elem: 'string' | 'interface {}' = 'interface {}',
  ) {}

  static fromRecord(data: Record<string, string>): GoMap {
    return new GoMap(new Map(Object.entries(data)), 'string');
  }

  /** Keys in Go's order for printing and ranging: sorted. */
  sortedKeys(): string[] {
    return [...this.entries.keys()].sort(compareStrings);
  }
}

/** A template value. */
export type Value =
  | null
  | string
  | boolean
  | bigint
  | number
  | Value[]
  | GoMap
  | GoTime;

/** Byte-wise (UTF-8) string order, as Go compares strings. */
export function compareStrings(a: string, b: string): number {
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** The Go type name of a value, for messages (`string`, `int`, ...). */
export function typeName(v: Value): string {
  if (v === null) return 'nil';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
    default:
  }
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoTime) return 'time.Time';
  return `map[string]${(v as GoMap).elem}`;
}

/** Go's template truth: zero values, empty collections and nil are false. */
export function isTrue(v: Value): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'string':
      return v.length > 0;
    case 'boolean':
      return v;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
    default:
  }
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof GoTime) return true; // a struct is always true in Go
  return (v as GoMap).entries.size > 0;
}

/** Go's `%v` of a float64 (`strconv.FormatFloat(f, 'g', -1, 64)`). */
export function formatFloat(f: number, expThreshold = 21): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expStr] = f.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= expThreshold) {
    const sign = exp < 0 ? '-' : '+';
    const abs = String(Math.abs(exp)).padStart(2, '0');
    return `${mant}e${sign}${abs}`;
  }
  return String(f);
}

/**
 * Go's `fmt` default format (`%v`) of a value. `nil` prints as `<nil>`;
 * top-level output of a nil uses {@link printForOutput} instead.
 */
export function formatValue(v: Value): string {
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return formatFloat(v, 6);
    default:
  }
  if (Array.isArray(v)) return `[${v.map(formatValue).join(' ')}]`;
  if (v instanceof GoTime) return v.toString();
  const m = v as GoMap;
  return `map[${m
    .sortedKeys()
    .map(k => `${k}:${formatValue(m.entries.get(k)!)}`)
    .join(' ')}]`;
}

/** How an action prints its value: nil prints `<no value>`, as in Go. */
export function printForOutput(v: Value): string {
  return v === null ? '<no value>' : formatValue(v);
}

/** sprig's `strval`/`toString`: strings as-is, anything else via `%v`. */
export function strval(v: Value): string {
  return typeof v === 'string' ? v : formatValue(v);
}

/**
 * Go's `fmt.Sprint`: spaces between operands when neither side is a string.
 */
export function sprint(args: Value[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') {
      out += ' ';
    }
    out += formatValue(a);
  });
  return out;
}

/** Go's `fmt.Sprintln`: spaces between all operands, newline at the end. */
export function sprintln(args: Value[]): string {
  return `${args.map(formatValue).join(' ')}\n`;
}

function jsonString(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20) {
      const short: Record<number, string> = {
        8: '\\b',
        9: '\\t',
        10: '\\n',
        12: '\\f',
        13: '\\r',
      };
      out += short[c] ?? `\\u00${c.toString(16).padStart(2, '0')}`;
    } else if (escapeHTML && (ch === '<' || ch === '>' || ch === '&')) {
      out += `\\u00${c.toString(16)}`;
    } else if (c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16)}`;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += '\\ufffd';
    } else out += ch;
  }
  return `${out}"`;
}

/** Thrown by {@link toJSON} for values JSON cannot hold (NaN, Inf). */
export class JSONValueError extends Error {}

/**
 * Go's `json.Marshal` (sorted map keys, HTML escaping unless disabled), or
 * `json.MarshalIndent` with `indent`.
 */
export function toJSON(
  v: Value,
  opts: { escapeHTML: boolean; indent?: string },
  depth = 0,
): string {
  const nl =
    opts.indent !== undefined ? `\n${opts.indent.repeat(depth + 1)}` : '';
  const close =
    opts.indent !== undefined ? `\n${opts.indent.repeat(depth)}` : '';
  const colon = opts.indent !== undefined ? ': ' : ':';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return jsonString(v, opts.escapeHTML);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      if (!Number.isFinite(v)) throw new JSONValueError('unsupported value');
      return Object.is(v, -0) ? '-0' : String(v);
    default:
  }
  if (v instanceof GoTime) {
    // time.Time marshals as RFC 3339 with nanoseconds; Go refuses years outside 0..9999.
    const year = v.fields().year;
    if (year < 0 || year > 9999) throw new JSONValueError('unsupported value');
    return `"${v.format('2006-01-02T15:04:05.999999999Z07:00')}"`;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map(x => nl + toJSON(x, opts, depth + 1)).join(',')}${close}]`;
  }
  const m = v as GoMap;
  if (m.entries.size === 0) return '{}';
  return `{${m
    .sortedKeys()
    .map(
      k =>
        nl +
        jsonString(k, opts.escapeHTML) +
        colon +
        toJSON(m.entries.get(k)!, opts, depth + 1),
    )
    .join(',')}${close}}`;
}

/** Converts parsed JSON to template values (numbers become float64). */
export function fromJSONValue(x: unknown): Value {
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'number') return x;
  if (Array.isArray(x)) return x.map(fromJSONValue);
  const m = new Map<string, Value>();
  for (const [k, val] of Object.entries(x as Record<string, unknown>)) {
    m.set(k, fromJSONValue(val));
  }
  return new GoMap(m);
}
