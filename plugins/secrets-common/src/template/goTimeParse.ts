/**
 * Go's `time.ParseInLocation` with the Local zone (UTC here, as in ESO's container). Failures
 * throw {@link TimeParseError}, whose message never quotes the input.
 */
import {
  daysFromCivil,
  fixedZone,
  GoTime,
  isLeap,
  LOCAL,
  LONG_DAYS,
  LONG_MONTHS,
  nextStdChunk,
  UTC,
  type Zone,
} from './goTime';

export class TimeParseError extends Error {}

const bad = (why = 'the text does not match the layout') =>
  new TimeParseError(why);
const isDigit = (s: string, i: number) =>
  i < s.length && s[i] >= '0' && s[i] <= '9';

/** getnum: one or two digits (fixed: exactly two). */
function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigit(s, 0)) throw bad();
  if (!isDigit(s, 1)) {
    if (fixed) throw bad();
    return [Number(s[0]), s.slice(1)];
  }
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let i = 0;
  while (i < 3 && isDigit(s, i)) i++;
  if (i === 0 || (fixed && i !== 3)) throw bad();
  return [Number(s.slice(0, i)), s.slice(i)];
}

/** Case-insensitive (ASCII) prefix lookup in a name table. */
function lookup(tab: string[], val: string): [number, string] {
  const i = tab.findIndex(
    v =>
      val.length >= v.length &&
      val.slice(0, v.length).toLowerCase() === v.toLowerCase(),
  );
  if (i < 0) throw bad();
  return [i, val.slice(tab[i].length)];
}

/** skip: the layout's literal text, where a run of spaces matches any run of spaces. */
function skip(value: string, prefix: string): string {
  let v = value;
  let p = prefix;
  while (p.length > 0) {
    if (p[0] === ' ') {
      if (v.length > 0 && v[0] !== ' ') throw bad();
      p = p.replace(/^ +/, '');
      v = v.replace(/^ +/, '');
      continue;
    }
    if (v.length === 0 || v[0] !== p[0]) throw bad();
    p = p.slice(1);
    v = v.slice(1);
  }
  return v;
}

/** Fractional seconds from ".ddd" (n bytes, at most 10 read). */
function parseNanos(value: string, n: number): number {
  if (value[0] !== '.' && value[0] !== ',') throw bad();
  const m = /^([+-]?)(\d*)$/.exec(value.slice(1, Math.min(n, 10)));
  if (!m) throw bad();
  const ns = Number(m[2] || '0');
  if (m[1] === '-' && ns !== 0) throw bad('a field is out of range');
  return ns * 10 ** (10 - Math.min(n, 10));
}

/** parseTimeZone: the length of a zone abbreviation at the start of value, or 0. */
function timeZoneLength(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  const signed = (s: string) => {
    const m = /^[+-](\d+)/.exec(s);
    return m && Number(m[1]) <= 23 ? m[0].length : 0;
  };
  if (value.startsWith('GMT'))
    return 3 + (value.length > 3 ? signed(value.slice(3)) : 0);
  if (value[0] === '+' || value[0] === '-') return signed(value);
  const upper = /^[A-Z]{0,6}/.exec(value)![0].length;
  if (upper === 5) return value[4] === 'T' ? 5 : 0;
  if (upper === 4) return value[3] === 'T' || value.startsWith('WITA') ? 4 : 0;
  return upper === 3 ? 3 : 0;
}

/** time.ParseInLocation(layout, value, time.Local). */
export function parseTime(layout: string, input: string): GoTime {
  let value = input;
  let rest = layout;
  let pmSet = false;
  let amSet = false;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let z: Zone | undefined;
  let zoneOffset = -1;
  let zoneName = '';
  const range = (ok: boolean) => {
    if (!ok) throw bad('a field is out of range');
  };
  for (;;) {
    const [prefix, std, suffix] = nextStdChunk(rest);
    value = skip(value, prefix);
    if (!std) {
      if (value.length !== 0) throw bad('extra text after the layout');
      break;
    }
    rest = suffix;
    switch (std.kind) {
      case 'Year':
        // Go's atoi of the two bytes: "+1" reads as 1, as in Go.
        if (value.length < 2 || !/^[+-]?\d+$/.test(value.slice(0, 2)))
          throw bad();
        year = Number(value.slice(0, 2));
        year += year >= 69 ? 1900 : 2000;
        value = value.slice(2);
        break;
      case 'LongYear':
        if (!/^\d{4}/.test(value)) throw bad();
        year = Number(value.slice(0, 4));
        value = value.slice(4);
        break;
      case 'Month':
        [month, value] = lookup(
          LONG_MONTHS.map(m => m.slice(0, 3)),
          value,
        );
        month++;
        break;
      case 'LongMonth':
        [month, value] = lookup(LONG_MONTHS, value);
        month++;
        break;
      case 'NumMonth':
      case 'ZeroMonth':
        [month, value] = getnum(value, std.kind === 'ZeroMonth');
        range(month > 0 && month <= 12);
        break;
      case 'WeekDay':
        value = lookup(
          LONG_DAYS.map(d => d.slice(0, 3)),
          value,
        )[1];
        break;
      case 'LongWeekDay':
        value = lookup(LONG_DAYS, value)[1];
        break;
      case 'Day':
      case 'UnderDay':
      case 'ZeroDay':
        if (std.kind === 'UnderDay' && value[0] === ' ') value = value.slice(1);
        [day, value] = getnum(value, std.kind === 'ZeroDay');
        break;
      case 'UnderYearDay':
      case 'ZeroYearDay':
        for (let i = 0; i < 2; i++)
          if (std.kind === 'UnderYearDay' && value[0] === ' ')
            value = value.slice(1);
        [yday, value] = getnum3(value, std.kind === 'ZeroYearDay');
        break;
      case 'Hour':
        [hour, value] = getnum(value, false);
        range(hour < 24);
        break;
      case 'Hour12':
      case 'ZeroHour12':
        [hour, value] = getnum(value, std.kind === 'ZeroHour12');
        range(hour <= 12);
        break;
      case 'Minute':
      case 'ZeroMinute':
        [min, value] = getnum(value, std.kind === 'ZeroMinute');
        range(min < 60);
        break;
      case 'Second':
      case 'ZeroSecond': {
        [sec, value] = getnum(value, std.kind === 'ZeroSecond');
        range(sec < 60);
        // A fraction may follow the seconds even when the layout has none.
        if (
          value.length >= 2 &&
          (value[0] === '.' || value[0] === ',') &&
          isDigit(value, 1)
        ) {
          const next = nextStdChunk(rest)[1];
          if (
            next &&
            (next.kind === 'FracSecond0' || next.kind === 'FracSecond9')
          )
            break;
          let n = 2;
          while (n < value.length && isDigit(value, n)) n++;
          nsec = parseNanos(value, n);
          value = value.slice(n);
        }
        break;
      }
      case 'PM':
      case 'pm': {
        const p = value.slice(0, 2);
        const [am, pm] = std.kind === 'PM' ? ['AM', 'PM'] : ['am', 'pm'];
        if (p === pm) pmSet = true;
        else if (p === am) amSet = true;
        else throw bad();
        value = value.slice(2);
        break;
      }
      case 'TZ': {
        if (value.startsWith('UTC')) {
          z = UTC;
          value = value.slice(3);
          break;
        }
        const n = timeZoneLength(value);
        if (n === 0) throw bad();
        zoneName = value.slice(0, n);
        value = value.slice(n);
        break;
      }
      case 'FracSecond0': {
        const n = 1 + std.digits!;
        if (value.length < n) throw bad();
        nsec = parseNanos(value, n);
        value = value.slice(n);
        break;
      }
      case 'FracSecond9': {
        if (
          value.length < 2 ||
          (value[0] !== '.' && value[0] !== ',') ||
          !isDigit(value, 1)
        )
          break;
        let i = 0;
        while (i + 1 < value.length && isDigit(value, i + 1)) i++;
        nsec = parseNanos(value, 1 + i);
        value = value.slice(1 + i);
        break;
      }
      default: {
        // Zone offsets: "Z" is UTC for the ISO 8601 forms, else [+-]hh[:mm[:ss]].
        if (std.kind.startsWith('ISO8601') && value[0] === 'Z') {
          value = value.slice(1);
          z = UTC;
          break;
        }
        const k = std.kind.replace(/^(Num|ISO8601)/, '');
        const shape = {
          ColonTZ: /^([+-])(..):(..)/,
          ShortTZ: /^([+-])(..)/,
          ColonSecondsTZ: /^([+-])(..):(..):(..)/,
          SecondsTZ: /^([+-])(..)(..)(..)/,
          TZ: /^([+-])(..)(..)/,
        }[k]!;
        const m = shape.exec(value);
        if (!m || !m.slice(2).every(x => /^\d\d$/.test(x))) throw bad();
        const [hh, mm = 0, ss = 0] = m.slice(2).map(Number);
        range(hh <= 24 && mm <= 60 && ss <= 60);
        zoneOffset = ((hh * 60 + mm) * 60 + ss) * (m[1] === '-' ? -1 : 1);
        value = value.slice(m[0].length);
      }
    }
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;
  if (yday >= 0) {
    let d = 0;
    let m = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) [m, d] = [2, 29];
      else if (yday > 31 + 29) yday--;
    }
    if (yday < 1 || yday > 365)
      throw bad('the day of the year is out of range');
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      const before = (mo: number) =>
        daysFromCivil(2001, mo, 1) - daysFromCivil(2001, 1, 1);
      if (before(m + 1) < yday) m++;
      d = yday - before(m);
    }
    if ((month >= 0 && month !== m) || (day >= 0 && day !== d))
      throw bad('the day of the year does not match the date');
    [month, day] = [m, d];
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  const monthDays = [
    31,
    isLeap(year) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  const daysIn = monthDays[month - 1];
  if (day < 1 || day > daysIn) throw bad('the day is out of range');
  if (z) return GoTime.date(year, month, day, hour, min, sec, nsec, z);
  if (zoneOffset !== -1) {
    const t = GoTime.date(year, month, day, hour, min, sec, nsec, UTC).add(
      BigInt(-zoneOffset) * 1_000_000_000n,
    );
    // Local is UTC: an offset of 0 (with no name or "UTC") is Local itself.
    if (zoneOffset === 0 && (zoneName === '' || zoneName === 'UTC'))
      return t.in(LOCAL);
    return t.in(fixedZone(zoneName, zoneOffset));
  }
  if (zoneName !== '') {
    const t = GoTime.date(year, month, day, hour, min, sec, nsec, UTC);
    // An unknown abbreviation keeps the clock time, with the offset of "GMT+h" or 0.
    const offset =
      zoneName.length > 3 && zoneName.startsWith('GMT')
        ? Number(zoneName.slice(3)) * 3600
        : 0;
    return t.in(fixedZone(zoneName, offset));
  }
  return GoTime.date(year, month, day, hour, min, sec, nsec, LOCAL);
}
