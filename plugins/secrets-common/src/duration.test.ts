import { DurationError, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['-0', 0],
    ['15s', 15_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['.5s', 500],
    ['1.s', 1000],
    ['2h45m30.5s', 9_930_500],
    ['1m1m', 120_000],
    ['+5m', 300_000],
    ['-1h', -3_600_000],
    ['1000us', 1],
    ['1000µs', 1],
    ['1000000ns', 1],
  ])('parses %j as %d ms', (input, ms) => {
    expect(parseDuration(input)).toBeCloseTo(ms, 9);
  });

  it.each([
    ['', 'must not be empty'],
    ['-', 'must not be empty'],
    ['1', 'missing unit after 1'],
    ['10', 'missing unit after 10'],
    ['1h30', 'missing unit after 30'],
    ['1d', 'unknown unit "d"'],
    ['1 h', 'unknown unit " h"'],
    ['1H', 'unknown unit "H"'],
    ['h', 'expected a number at "h"'],
    ['1h-5m', 'unknown unit "h-"'],
    ['1..5s', 'missing unit after 1.'],
    [' 1h', 'expected a number at " 1h"'],
    ['abc', 'expected a number at "abc"'],
    ['3000000h', 'out of range'],
  ])('rejects %j naming the rule', (input, rule) => {
    expect(() => parseDuration(input)).toThrow(DurationError);
    expect(() => parseDuration(input)).toThrow(
      `invalid duration ${JSON.stringify(input)}: ${rule}`,
    );
  });

  it('names valid units when the unit is unknown', () => {
    expect(() => parseDuration('7d')).toThrow(
      /valid units are "ns", "us", "ms", "s", "m", "h"/,
    );
  });

  it('rejects non-strings', () => {
    expect(() => parseDuration(5 as unknown as string)).toThrow(
      'invalid duration "5": must be a string',
    );
  });
});
