/**
 * sprig's date functions that give the same result on every render: formatting a given time or
 * Unix seconds, parsing (`toDate`), shifting (`dateModify`) and durations. Where sprig falls
 * back to the current time (a date argument that is neither a time nor an integer,
 * `durationRound` of a time), these fail instead: a sync re-renders on every refresh.
 */
import { wrap64 } from './cast';
import { strArg } from './funcArgs';
import { FuncError, type FuncDef } from './funcDef';
import { GoTime, LOCAL, UTC, type Zone } from './goTime';
import { formatDuration, parseDuration } from './goDuration';
import { parseTime, TimeParseError } from './goTimeParse';
import { typeName, type Value } from './values';

/** A date argument: a time, or Unix seconds (any Go integer). */
function dateArg(a: Value[], i: number): GoTime {
  const v = a[i];
  if (v instanceof GoTime) return v;
  if (typeof v === 'bigint') {
    if (v > 10n ** 15n || v < -(10n ** 15n))
      throw new FuncError(
        `argument ${i + 1}: the date is out of the supported range`,
      );
    return new GoTime(v, 0, LOCAL);
  }
  throw new FuncError(
    `argument ${i + 1}: expected a time or Unix seconds, got ${typeName(
      v,
    )} (sprig would use the current time)`,
  );
}

function timeArg(a: Value[], i: number): GoTime {
  const v = a[i];
  if (v instanceof GoTime) return v;
  if (v === null)
    throw new FuncError(`argument ${i + 1}: invalid value; expected time.Time`);
  throw new FuncError(
    `argument ${i + 1}: expected time.Time, got ${typeName(v)}`,
  );
}

/**
 * time.LoadLocation for the zones whose rules never change: UTC and its aliases, Local (UTC in
 * ESO's container) and the fixed Etc/GMT±N zones. Other IANA zones need the tz database.
 */
function zoneArg(a: Value[], i: number): Zone {
  const name = strArg(a, i);
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return LOCAL;
  const alias: Record<string, string> = {
    'Etc/UTC': 'UTC',
    'Etc/UCT': 'UTC',
    'Etc/Universal': 'UTC',
    'Etc/Zulu': 'UTC',
    UCT: 'UTC',
    Universal: 'UTC',
    Zulu: 'UTC',
    'Etc/GMT': 'GMT',
    'Etc/GMT0': 'GMT',
    'Etc/GMT+0': 'GMT',
    'Etc/GMT-0': 'GMT',
    'Etc/Greenwich': 'GMT',
    GMT: 'GMT',
    GMT0: 'GMT',
    'GMT+0': 'GMT',
    'GMT-0': 'GMT',
    Greenwich: 'GMT',
  };
  if (alias[name]) return { kind: 'fixed', name: alias[name], offset: 0 };
  const m = /^Etc\/GMT([+-])([1-9]|1[0-4])$/.exec(name);
  // POSIX signs: Etc/GMT+5 is five hours behind UTC, abbreviated "-05".
  if (m && (m[1] === '-' || Number(m[2]) <= 12)) {
    const hours = Number(m[2]) * (m[1] === '+' ? -1 : 1);
    const abbr = `${hours < 0 ? '-' : '+'}${String(Math.abs(hours)).padStart(
      2,
      '0',
    )}`;
    return { kind: 'fixed', name: abbr, offset: hours * 3600 };
  }
  throw new FuncError(
    `argument ${
      i + 1
    }: only UTC, Local and the fixed Etc/GMT±N time zones are supported`,
  );
}

const inZone = (layout: string, t: GoTime, zone: Zone) =>
  t.in(zone).format(layout);

function toDate(a: Value[], must: boolean): GoTime {
  const [layout, s] = [strArg(a, 0), strArg(a, 1)];
  try {
    return parseTime(layout, s);
  } catch (e) {
    if (!(e instanceof TimeParseError)) throw e;
    if (must) throw new FuncError(`argument 2: ${e.message}`);
    return GoTime.date(1, 1, 1, 0, 0, 0, 0, UTC);
  }
}

function dateModify(a: Value[], must: boolean): GoTime {
  const [d, t] = [strArg(a, 0), timeArg(a, 1)];
  try {
    return t.add(parseDuration(d));
  } catch (e) {
    if (!(e instanceof TimeParseError)) throw e;
    if (must) throw new FuncError(`argument 1: ${e.message}`);
    return t;
  }
}

const NS = 1_000_000_000n;

/** sprig's durationRound: the largest whole unit (y = 365d, mo = 30d) of a duration. */
function durationRound(v: Value): string {
  let d = 0n;
  if (typeof v === 'string') {
    try {
      d = parseDuration(v);
    } catch (e) {
      if (!(e instanceof TimeParseError)) throw e;
    }
  } else if (typeof v === 'bigint') d = v;
  else if (v instanceof GoTime)
    throw new FuncError(
      'argument 1: a time would be measured from now; give a duration',
    );
  const u = d < 0n ? -d : d;
  const hour = 3600n * NS;
  const units: [bigint, string][] = [
    [hour * 24n * 365n, 'y'],
    [hour * 24n * 30n, 'mo'],
    [hour * 24n, 'd'],
    [hour, 'h'],
    [60n * NS, 'm'],
    [NS, 's'],
  ];
  for (const [size, name] of units) if (u > size) return `${u / size}${name}`;
  return '0s';
}

const dateFn = (f: (a: Value[]) => Value, min: number, max = min): FuncDef => ({
  min,
  max,
  call: f,
});

export const DATE_FUNCS: Record<string, FuncDef> = {
  date: dateFn(a => inZone(strArg(a, 0), dateArg(a, 1), LOCAL), 2),
  dateInZone: dateFn(
    a => inZone(strArg(a, 0), dateArg(a, 1), zoneArg(a, 2)),
    3,
  ),
  date_in_zone: dateFn(
    a => inZone(strArg(a, 0), dateArg(a, 1), zoneArg(a, 2)),
    3,
  ),
  htmlDate: dateFn(a => inZone('2006-01-02', dateArg(a, 0), LOCAL), 1),
  htmlDateInZone: dateFn(
    a => inZone('2006-01-02', dateArg(a, 0), zoneArg(a, 1)),
    2,
  ),
  toDate: dateFn(a => toDate(a, false), 2),
  mustToDate: dateFn(a => toDate(a, true), 2),
  dateModify: dateFn(a => dateModify(a, false), 2),
  date_modify: dateFn(a => dateModify(a, false), 2),
  mustDateModify: dateFn(a => dateModify(a, true), 2),
  must_date_modify: dateFn(a => dateModify(a, true), 2),
  unixEpoch: dateFn(a => timeArg(a, 0).sec.toString(), 1),
  /** `duration secs`: seconds (a string or an integer) as a Go duration, "1h1m1s". */
  duration: dateFn(([v]) => {
    let n = 0n;
    if (typeof v === 'string')
      n =
        /^[+-]?\d+$/.test(v) && wrap64(BigInt(v)) === BigInt(v)
          ? BigInt(v)
          : 0n;
    else if (typeof v === 'bigint') n = v;
    return formatDuration(wrap64(n * NS));
  }, 1),
  durationRound: dateFn(([v]) => durationRound(v), 1),
};
