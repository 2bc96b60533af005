import { globMatches, isGlob, staticPrefix } from './globMatch';

describe('globMatches', () => {
  it.each([
    ['deploy/*.yaml', 'deploy/secrets.yaml', true],
    ['deploy/*.yaml', 'deploy/nested/secrets.yaml', false],
    ['deploy/**/*.yaml', 'deploy/secrets.yaml', true],
    ['deploy/**/*.yaml', 'deploy/a/b/secrets.yaml', true],
    ['./deploy/es-?.yaml', 'deploy/es-1.yaml', true],
    ['deploy/es-?.yaml', 'deploy/es-10.yaml', false],
    ['deploy/*.yaml', 'deploy/secrets.yml', false],
    ['**', 'any/depth/file', true],
    ['deploy/secrets.yaml', 'deploy/secrets.yaml', true],
  ])('%s against %s is %s', (pattern, path, expected) => {
    expect(globMatches(pattern, path)).toBe(expected);
  });

  it('answers patterns that make backtracking matchers explode, without a regexp', () => {
    // Exponential with a naive matcher (the test would not finish); quadratic here.
    expect(globMatches(`${'*a'.repeat(40)}b`, 'a'.repeat(250))).toBe(false);
    expect(globMatches(`${'**/'.repeat(30)}x`, `${'a/'.repeat(100)}y`)).toBe(
      false,
    );
    expect(globMatches(`${'**/'.repeat(30)}y`, `${'a/'.repeat(100)}y`)).toBe(
      true,
    );
  });

  it('names the folder a search starts from', () => {
    expect(staticPrefix('deploy/es/*.yaml')).toBe('deploy/es');
    expect(staticPrefix('*.yaml')).toBe('');
    expect(isGlob('deploy/secrets.yaml')).toBe(false);
    expect(isGlob('deploy/*.yaml')).toBe(true);
  });
});
