/**
 * Go's `time.Time` as a template value (what sprig's `toDate` returns), and Go's layout-based
 * formatting (`Time.Format`, reference time "Mon Jan 2 15:04:05 MST 2006"). Zones are fixed
 * offsets: UTC, Go's Local (UTC, as in ESO's container) and the zones a parsed offset makes.
 */

export type Zone =
  | { kind: 'utc' }
  | { kind: 'local' }
  | { kind: 'fixed'; name: string; offset: number };

export const UTC: Zone = { kind: 'utc' };
export const LOCAL: Zone = { kind: 'local' };

const unnamedHours = new Map<number, Zone>();

/**
 * time.FixedZone. Go hands out one shared zone for each unnamed whole-hour offset from -12h
 * to +14h, which `eq` can see (it compares zone pointers).
 */
export function fixedZone(name: string, offset: number): Zone {
  const hour = offset / 3600;
  if (name !== '' || !Number.isInteger(hour) || hour < -12 || hour > 14)
    return { kind: 'fixed', name, offset };
  if (!unnamedHours.has(hour))
    unnamedHours.set(hour, { kind: 'fixed', name, offset });
  return unnamedHours.get(hour)!;
}

const zoneOffset = (z: Zone) => (z.kind === 'fixed' ? z.offset : 0);
const zoneName = (z: Zone) => (z.kind === 'fixed' ? z.name : 'UTC');

/** Days since 1970-01-01 of a proleptic Gregorian date (month may be 1..12, day any). */
export function daysFromCivil(
  year: number,
  month: number,
  day: number,
): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy =
    Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe -
      Math.floor(doe / 1460) +
      Math.floor(doe / 36524) -
      Math.floor(doe / 146096)) /
      365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export const isLeap = (y: number) =>
  y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

export class GoTime {
  constructor(
    /** Seconds since the Unix epoch. */
    readonly sec: bigint,
    /** Nanoseconds within the second, 0..999999999. */
    readonly nsec: number,
    readonly zone: Zone,
  ) {}

  /** time.Date: a civil time in a zone, with out-of-range fields carried over as Go does. */
  static date(
    year: number,
    month: number,
    day: number,
    hour: number,
    min: number,
    sec: number,
    nsec: number,
    zone: Zone,
  ): GoTime {
    const m0 = month - 1;
    const y = year + Math.floor(m0 / 12);
    const m = (((m0 % 12) + 12) % 12) + 1;
    const total =
      BigInt(daysFromCivil(y, m, 1) + day - 1) * 86400n +
      BigInt(hour * 3600 + min * 60 + sec) +
      BigInt(Math.floor(nsec / 1e9)) -
      BigInt(zoneOffset(zone));
    return new GoTime(total, ((nsec % 1e9) + 1e9) % 1e9, zone);
  }

  in(zone: Zone): GoTime {
    return new GoTime(this.sec, this.nsec, zone);
  }

  /** The time plus a number of nanoseconds. */
  add(nanos: bigint): GoTime {
    const total = this.sec * 1_000_000_000n + BigInt(this.nsec) + nanos;
    const s =
      total >= 0n
        ? total / 1_000_000_000n
        : -((-total + 999_999_999n) / 1_000_000_000n);
    return new GoTime(s, Number(total - s * 1_000_000_000n), this.zone);
  }

  /** Go's == on time.Time: the same instant and the same Location pointer. */
  identical(o: GoTime): boolean {
    return this.sec === o.sec && this.nsec === o.nsec && this.zone === o.zone;
  }

  /** Struct equality as reflect.DeepEqual sees it (the zone compared by content). */
  sameStruct(o: GoTime): boolean {
    if (
      this.sec !== o.sec ||
      this.nsec !== o.nsec ||
      this.zone.kind !== o.zone.kind
    )
      return false;
    return (
      zoneName(this.zone) === zoneName(o.zone) &&
      zoneOffset(this.zone) === zoneOffset(o.zone)
    );
  }

  /** Civil fields in the time's own zone. */
  fields() {
    const local = this.sec + BigInt(zoneOffset(this.zone));
    const days = Number(
      local >= 0n ? local / 86400n : -((-local + 86399n) / 86400n),
    );
    const secOfDay = Number(local - BigInt(days) * 86400n);
    const [year, month, day] = civilFromDays(days);
    return {
      year,
      month,
      day,
      yday: days - daysFromCivil(year, 1, 1) + 1,
      weekday: (((days + 4) % 7) + 7) % 7,
      hour: Math.floor(secOfDay / 3600),
      min: Math.floor(secOfDay / 60) % 60,
      sec: secOfDay % 60,
    };
  }

  format(layout: string): string {
    return formatTime(this, layout);
  }

  /** Go's Time.String. */
  toString(): string {
    return this.format('2006-01-02 15:04:05.999999999 -0700 MST');
  }
}

export const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const LONG_DAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];

/** One element of a layout: its name in Go's source (stdLongMonth...) and, for fractions, digits. */
export interface Std {
  kind: string;
  digits?: number;
  sep?: string;
}

/** Go's nextStdChunk: the text before the first layout element, the element, and the rest. */
export function nextStdChunk(
  layout: string,
): [string, Std | undefined, string] {
  const at = (i: number, s: string) => layout.startsWith(s, i);
  const lower = (i: number) => /^[a-z]/.test(layout.slice(i, i + 1));
  const res = (i: number, kind: string, len: number): [string, Std, string] => [
    layout.slice(0, i),
    { kind },
    layout.slice(i + len),
  ];
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i];
    if (c === 'J' && at(i, 'Jan')) {
      if (at(i, 'January')) return res(i, 'LongMonth', 7);
      if (!lower(i + 3)) return res(i, 'Month', 3);
    } else if (c === 'M') {
      if (at(i, 'Mon')) {
        if (at(i, 'Monday')) return res(i, 'LongWeekDay', 6);
        if (!lower(i + 3)) return res(i, 'WeekDay', 3);
      }
      if (at(i, 'MST')) return res(i, 'TZ', 3);
    } else if (c === '0') {
      const n = layout[i + 1];
      if (n >= '1' && n <= '6')
        return res(
          i,
          [
            'ZeroMonth',
            'ZeroDay',
            'ZeroHour12',
            'ZeroMinute',
            'ZeroSecond',
            'Year',
          ][Number(n) - 1],
          2,
        );
      if (at(i, '002')) return res(i, 'ZeroYearDay', 3);
    } else if (c === '1') {
      return layout[i + 1] === '5' ? res(i, 'Hour', 2) : res(i, 'NumMonth', 1);
    } else if (c === '2') {
      return at(i, '2006') ? res(i, 'LongYear', 4) : res(i, 'Day', 1);
    } else if (c === '_') {
      if (layout[i + 1] === '2') {
        // "_2006" is "_" and then a year.
        if (at(i + 1, '2006'))
          return [
            layout.slice(0, i + 1),
            { kind: 'LongYear' },
            layout.slice(i + 5),
          ];
        return res(i, 'UnderDay', 2);
      }
      if (at(i, '__2')) return res(i, 'UnderYearDay', 3);
    } else if (c === '3') return res(i, 'Hour12', 1);
    else if (c === '4') return res(i, 'Minute', 1);
    else if (c === '5') return res(i, 'Second', 1);
    else if (c === 'P' && layout[i + 1] === 'M') return res(i, 'PM', 2);
    else if (c === 'p' && layout[i + 1] === 'm') return res(i, 'pm', 2);
    else if (c === '-' || c === 'Z') {
      const p = c === '-' ? 'Num' : 'ISO8601';
      for (const [s, k] of [
        ['070000', 'SecondsTZ'],
        ['07:00:00', 'ColonSecondsTZ'],
        ['0700', 'TZ'],
        ['07:00', 'ColonTZ'],
        ['07', 'ShortTZ'],
      ])
        if (at(i + 1, s)) return res(i, p + k, s.length + 1);
    } else if (
      (c === '.' || c === ',') &&
      (layout[i + 1] === '0' || layout[i + 1] === '9')
    ) {
      const ch = layout[i + 1];
      let j = i + 1;
      while (j < layout.length && layout[j] === ch) j++;
      if (!/^[0-9]/.test(layout.slice(j, j + 1)))
        return [
          layout.slice(0, i),
          {
            kind: ch === '0' ? 'FracSecond0' : 'FracSecond9',
            digits: j - (i + 1),
            sep: c,
          },
          layout.slice(j),
        ];
    }
  }
  return [layout, undefined, ''];
}

/** Go's appendInt: zero-padded to width, with a leading '-' for negatives. */
export function padInt(x: number, width: number): string {
  const s = String(Math.abs(x)).padStart(width, '0');
  return x < 0 ? `-${s}` : s;
}

function formatOffset(kind: string, offset: number): string {
  if (offset === 0 && kind.startsWith('ISO8601')) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const zone = Math.floor(abs / 60);
  let out = sign + padInt(Math.floor(zone / 60), 2);
  const colon = kind.includes('Colon');
  if (!kind.endsWith('ShortTZ'))
    out += (colon ? ':' : '') + padInt(zone % 60, 2);
  if (kind.endsWith('SecondsTZ'))
    out += (colon ? ':' : '') + padInt(abs % 60, 2);
  return out;
}

function formatTime(t: GoTime, layout: string): string {
  const f = t.fields();
  const offset = zoneOffset(t.zone);
  let out = '';
  let rest = layout;
  for (;;) {
    const [prefix, std, suffix] = nextStdChunk(rest);
    out += prefix;
    if (!std) break;
    rest = suffix;
    const hr12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
    switch (std.kind) {
      case 'Year':
        out += padInt(Math.abs(f.year) % 100, 2);
        break;
      case 'LongYear':
        out += padInt(f.year, 4);
        break;
      case 'Month':
        out += LONG_MONTHS[f.month - 1].slice(0, 3);
        break;
      case 'LongMonth':
        out += LONG_MONTHS[f.month - 1];
        break;
      case 'NumMonth':
        out += f.month;
        break;
      case 'ZeroMonth':
        out += padInt(f.month, 2);
        break;
      case 'WeekDay':
        out += LONG_DAYS[f.weekday].slice(0, 3);
        break;
      case 'LongWeekDay':
        out += LONG_DAYS[f.weekday];
        break;
      case 'Day':
        out += f.day;
        break;
      case 'UnderDay':
        out += (f.day < 10 ? ' ' : '') + f.day;
        break;
      case 'ZeroDay':
        out += padInt(f.day, 2);
        break;
      case 'UnderYearDay':
        out += String(f.yday).padStart(3, ' ');
        break;
      case 'ZeroYearDay':
        out += padInt(f.yday, 3);
        break;
      case 'Hour':
        out += padInt(f.hour, 2);
        break;
      case 'Hour12':
        out += hr12;
        break;
      case 'ZeroHour12':
        out += padInt(hr12, 2);
        break;
      case 'Minute':
        out += f.min;
        break;
      case 'ZeroMinute':
        out += padInt(f.min, 2);
        break;
      case 'Second':
        out += f.sec;
        break;
      case 'ZeroSecond':
        out += padInt(f.sec, 2);
        break;
      case 'PM':
        out += f.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += f.hour >= 12 ? 'pm' : 'am';
        break;
      case 'TZ': {
        const name = zoneName(t.zone);
        out += name !== '' ? name : formatOffset('NumTZ', offset);
        break;
      }
      case 'FracSecond0':
      case 'FracSecond9': {
        const n = std.digits!;
        if (std.kind === 'FracSecond9' && (n === 0 || t.nsec === 0)) break;
        let frac = String(t.nsec).padStart(9, '0').slice(0, Math.min(n, 9));
        if (std.kind === 'FracSecond9') frac = frac.replace(/0+$/, '');
        out += frac === '' ? '' : std.sep! + frac;
        break;
      }
      default:
        out += formatOffset(std.kind, offset);
    }
  }
  return out;
}
