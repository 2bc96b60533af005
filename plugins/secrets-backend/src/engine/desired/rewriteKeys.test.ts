import { DesiredSecretError } from './types';
import { goReplacement, rewriteKeys } from './rewriteKeys';

describe('rewriteKeys', () => {
  it("expands Go's replacement syntax", () => {
    expect(goReplacement('a_${1}_$2_${name}-$name-$$')).toBe(
      'a_$1_$2_$<name>-$<name>-$$',
    );
    // As in Go, a bare name takes every letter, digit and underscore after the "$".
    expect(goReplacement('$name_x')).toBe('$<name_x>');
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
