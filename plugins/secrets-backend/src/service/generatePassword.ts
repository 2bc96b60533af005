import { randomInt } from 'node:crypto';
import type { PasswordGeneratorSpec } from '@backstage-secrets/plugin-secrets-common';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
export const DEFAULT_SYMBOLS = '~!@#$%^&*()_+`-={}|[]\\:"<>?,./';
export const MAX_PASSWORD_LENGTH = 256;

/** ESO's defaults: a quarter digits, a quarter symbols. */
const defaults = (length: number) => ({
  digits: Math.floor(length / 4),
  symbols: Math.floor(length / 4),
});

/** Every rule a spec breaks, as `field: rule` (empty when it can be generated). */
export function passwordSpecIssues(
  spec: PasswordGeneratorSpec,
): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const int = (
    name: keyof PasswordGeneratorSpec,
    value: unknown,
    min: number,
    max: number,
  ) => {
    if (
      value !== undefined &&
      !(
        Number.isInteger(value) &&
        (value as number) >= min &&
        (value as number) <= max
      )
    )
      issues.push({
        path: name,
        message: `must be a whole number from ${min} to ${max}`,
      });
  };
  const length = spec.length ?? 24;
  int('length', spec.length, 8, MAX_PASSWORD_LENGTH);
  int('digits', spec.digits, 0, length);
  int('symbols', spec.symbols, 0, length);
  if ((spec.digits ?? 0) + (spec.symbols ?? 0) > length)
    issues.push({
      path: 'length',
      message: 'must be at least digits + symbols',
    });
  if (
    spec.symbolCharacters !== undefined &&
    (typeof spec.symbolCharacters !== 'string' ||
      spec.symbolCharacters.length === 0 ||
      spec.symbolCharacters.length > 64)
  )
    issues.push({
      path: 'symbolCharacters',
      message: 'must be 1 to 64 characters',
    });
  for (const flag of ['noUpper', 'allowRepeat'] as const)
    if (spec[flag] !== undefined && typeof spec[flag] !== 'boolean')
      issues.push({ path: flag, message: 'must be true or false' });
  if (spec.allowRepeat === false || spec.allowRepeat === undefined) {
    const letters = spec.noUpper ? LOWER.length : LOWER.length + UPPER.length;
    const symbolSet = new Set(spec.symbolCharacters ?? DEFAULT_SYMBOLS).size;
    if ((spec.digits ?? defaults(length).digits) > DIGITS.length)
      issues.push({
        path: 'digits',
        message: 'must be at most 10 without allowRepeat',
      });
    if ((spec.symbols ?? defaults(length).symbols) > symbolSet)
      issues.push({
        path: 'symbols',
        message: `must be at most ${symbolSet} without allowRepeat`,
      });
    if (
      length -
        (spec.digits ?? defaults(length).digits) -
        (spec.symbols ?? defaults(length).symbols) >
      letters
    )
      issues.push({
        path: 'length',
        message: `leaves more letters than the ${letters} distinct ones without allowRepeat`,
      });
  }
  return issues;
}

/** Draws from a set with a CSPRNG; without repeats, each character at most once. */
function draw(
  set: string,
  count: number,
  allowRepeat: boolean,
  used: Set<string>,
): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const ch = set[randomInt(set.length)];
    if (!allowRepeat && used.has(ch)) continue;
    used.add(ch);
    out.push(ch);
  }
  return out;
}

/** A new value per the spec, shuffled (Fisher–Yates with a CSPRNG). */
export function generatePassword(spec: PasswordGeneratorSpec = {}): string {
  const length = spec.length ?? 24;
  const digits = spec.digits ?? defaults(length).digits;
  const symbols = spec.symbols ?? defaults(length).symbols;
  const allowRepeat = spec.allowRepeat ?? false;
  const used = new Set<string>();
  const chars = [
    ...draw(DIGITS, digits, allowRepeat, used),
    ...draw(
      spec.symbolCharacters ?? DEFAULT_SYMBOLS,
      symbols,
      allowRepeat,
      used,
    ),
    ...draw(
      spec.noUpper ? LOWER : LOWER + UPPER,
      length - digits - symbols,
      allowRepeat,
      used,
    ),
  ];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
