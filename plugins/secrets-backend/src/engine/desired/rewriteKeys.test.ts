import { DesiredSecretError } from './types';
import { rewriteKeys } from './rewriteKeys';

describe('rewriteKeys', () => {
  const rewritten = (key: string, source: string, target: string) =>
    rewriteKeys(
      [[key, 0]],
      [{ regexp: { source, target } }],
      'dataFrom[0]',
    )[0][0];

  it("expands targets as Go's ReplaceAllString does", () => {
    const source = '^(?P<app>[a-z]+)-(\\d+)$';
    expect(rewritten('db-12', source, 'a_${1}_${2}_${app}-$app')).toBe(
      'a_db_12_db-db',
    );
    // A bare name takes every letter, digit and "_" after the "$": "$1x" and "$2_" are empty.
    expect(rewritten('db-12', source, '$1x.${1}x.$app_x.$2_')).toBe('.dbx..');
  });

  it('follows Go for empty matches: none right after a match', () => {
    expect(rewritten('baaac', 'a*', '_')).toBe('_b_c_');
  });

  it('runs a nested repetition in linear time, where backtracking would hang', () => {
    // A Secret key holds at most 253 characters; 240 already take a backtracker forever.
    const key = `${'a'.repeat(240)}-`;
    expect(rewritten(key, '(a+)+$', 'x')).toBe(key);
  });

  it('names the step of a stored pattern RE2 refuses, never a key', () => {
    expect(() => rewritten('secret-key', '(a)\\1', 'x')).toThrow(
      new DesiredSecretError(
        'dataFrom[0].rewrite[0].regexp.source',
        'property',
        'is not a valid RE2 regular expression (invalid escape sequence)',
      ),
    );
  });

  it('applies regexp and transform steps in order to every key, values untouched', () => {
    expect(
      rewriteKeys(
        [
          ['username', 1],
          ['password', 2],
        ],
        [
          { regexp: { source: '^(.*)$', target: 'db_${1}' } },
          { transform: { template: '{{ .value | upper }}' } },
        ],
        'dataFrom[0]',
      ),
    ).toEqual([
      ['DB_USERNAME', 1],
      ['DB_PASSWORD', 2],
    ]);
    expect(
      rewriteKeys(
        [['payments/app/db', 'x']],
        [{ regexp: { source: '^payments/app/', target: '' } }],
        'dataFrom[1]',
      ),
    ).toEqual([['db', 'x']]);
  });

  it('names a rewrite that makes an invalid or a clashing key, by key names only', () => {
    expect(() =>
      rewriteKeys(
        [['a', 1]],
        [{ regexp: { source: 'a', target: 'a/b' } }],
        'dataFrom[0]',
      ),
    ).toThrow(/key "a" becomes "a\/b"/);
    const clash = (() => {
      try {
        rewriteKeys(
          [
            ['a1', 1],
            ['a2', 2],
          ],
          [{ regexp: { source: '\\d', target: '' } }],
          'dataFrom[0]',
        );
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(clash).toBeInstanceOf(DesiredSecretError);
    expect((clash as DesiredSecretError).reason).toBe('conflict');
    expect((clash as DesiredSecretError).field).toBe('dataFrom[0].rewrite');
  });
});
