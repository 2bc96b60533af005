import {
  DEFAULT_SYMBOLS,
  generatePassword,
  passwordSpecIssues,
} from './generatePassword';

describe('generatePassword', () => {
  it('follows ESO defaults: 24 characters, a quarter digits and a quarter symbols, no repeats', () => {
    const value = generatePassword();
    expect(value).toHaveLength(24);
    expect([...value].filter(c => /\d/.test(c))).toHaveLength(6);
    expect([...value].filter(c => DEFAULT_SYMBOLS.includes(c))).toHaveLength(6);
    expect(new Set(value).size).toBe(24);
  });

  it('honours length, digits, symbols, symbol set and noUpper', () => {
    const value = generatePassword({
      length: 40,
      digits: 5,
      symbols: 3,
      symbolCharacters: '-_',
      noUpper: true,
      allowRepeat: true,
    });
    expect(value).toHaveLength(40);
    expect([...value].filter(c => /\d/.test(c))).toHaveLength(5);
    expect([...value].filter(c => '-_'.includes(c))).toHaveLength(3);
    expect(value).not.toMatch(/[A-Z]/);
  });

  it('gives different values each time', () => {
    expect(
      new Set(Array.from({ length: 50 }, () => generatePassword())).size,
    ).toBe(50);
  });

  it.each([
    [{ length: 4 }, 'length'],
    [{ length: 10, digits: 8, symbols: 5 }, 'length'],
    [{ digits: 11, length: 30 }, 'digits'],
    [{ symbolCharacters: '' }, 'symbolCharacters'],
    [{ noUpper: 'yes' as unknown as boolean }, 'noUpper'],
    [{ length: 100 }, 'digits'],
  ])('refuses %j naming %s', (spec, field) => {
    expect(passwordSpecIssues(spec).map(i => i.path)).toContain(field);
  });

  it('accepts the defaults and long values with repeats', () => {
    expect(passwordSpecIssues({})).toEqual([]);
    expect(passwordSpecIssues({ length: 128, allowRepeat: true })).toEqual([]);
  });
});
