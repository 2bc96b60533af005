/**
 * Go-style durations (`time.ParseDuration`), the format ESO and Vault users
 * already write: `"1h30m"`, `"15s"`, `"500ms"`, `"1.5h"`, `"0"`.
 */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5 micro sign, as Go accepts
  μs: 1e-3, // U+03BC Greek mu, as Go accepts
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const VALID_UNITS = '"ns", "us", "ms", "s", "m", "h"';

/**
 * Thrown by {@link parseDuration}; the message quotes the input and names the
 * rule it breaks.
 *
 * @public
 */
export class DurationError extends Error {
  constructor(input: string, rule: string) {
    super(`invalid duration ${JSON.stringify(input)}: ${rule}`);
    this.name = 'DurationError';
  }
}

/**
 * Parses a Go duration string into milliseconds.
 *
 * @remarks
 * A duration is an optional sign and one or more decimal numbers, each with a
 * unit (`ns`, `us`/`µs`, `ms`, `s`, `m`, `h`), such as `"300ms"`, `"1h30m"` or
 * `"-1.5h"`. The bare `"0"` needs no unit. Days are not a unit, as in Go: a
 * day is not always 24 hours.
 *
 * @param input - the duration text
 * @returns the duration in milliseconds (fractional below one millisecond)
 * @throws {@link DurationError} with a message naming the broken rule
 * @public
 */
export function parseDuration(input: string): number {
  if (typeof input !== 'string') {
    throw new DurationError(String(input), 'must be a string such as "1h30m"');
  }
  let rest = input;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') {
    return 0;
  }
  if (rest === '') {
    throw new DurationError(input, 'must not be empty');
  }
  let total = 0;
  while (rest !== '') {
    const number = /^(\d+(?:\.\d*)?|\.\d+)/.exec(rest);
    if (!number) {
      throw new DurationError(
        input,
        `expected a number at ${JSON.stringify(rest)}`,
      );
    }
    rest = rest.slice(number[0].length);
    const unit = /^[^\d.]+/.exec(rest)?.[0];
    if (!unit) {
      throw new DurationError(
        input,
        `missing unit after ${number[0]} (valid units are ${VALID_UNITS})`,
      );
    }
    const factor = UNIT_MS[unit];
    if (factor === undefined) {
      throw new DurationError(
        input,
        `unknown unit ${JSON.stringify(unit)} (valid units are ${VALID_UNITS})`,
      );
    }
    rest = rest.slice(unit.length);
    total += Number(number[1]) * factor;
  }
  // Go's limit: a duration is an int64 of nanoseconds (about 292 years).
  if (!Number.isFinite(total) || total * 1e6 > 2 ** 63 - 1) {
    throw new DurationError(input, 'out of range (at most about 292 years)');
  }
  return sign * total;
}
