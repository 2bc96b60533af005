import { compileTemplate, TemplateError } from './index';

// Expected values are sprig's documented examples and what Go gives for the others.

const render = (source: string, data: Record<string, string> = {}) =>
  compileTemplate(source).render(data);

function renderError(source: string, data: Record<string, string> = {}) {
  try {
    render(source, data);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return (e as TemplateError).issues.map(i => i.message);
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
}

describe('sprig regex functions', () => {
  it.each([
    [
      '{{ regexMatch `^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$` "test@acme.com" }}',
      'true',
    ],
    ['{{ mustRegexMatch `^b` "abc" }}', 'false'],
    ['{{ regexFindAll "[2,4,6,8]" "123456789" -1 }}', '[2 4 6 8]'],
    ['{{ regexFindAll "[2,4,6,8]" "123456789" 2 }}', '[2 4]'],
    ['{{ mustRegexFindAll "a*" "baaac" -1 | len }}', '3'],
    ['{{ regexFindAll "x" "abc" -1 }}', '[]'],
    ['{{ regexFind "[a-zA-Z][1-9]" "abcd1234" }}', 'd1'],
    ['{{ mustRegexFind "z" "abc" }}', ''],
    ['{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}', '-W-xxW-'],
    ['{{ mustRegexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }}', '---'],
    ['{{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }}', '-${1}-${1}-'],
    ['{{ mustRegexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "$$" }}', '-$$-$$-'],
    ['{{ regexSplit "z+" "pizza" -1 }}', '[pi a]'],
    ['{{ mustRegexSplit ",*" "a,b,,c," 3 }}', '[a b c,]'],
    ['{{ regexSplit "z+" "pizza" 0 }}', '[]'],
    ['{{ regexQuoteMeta "1.2.3" }}', '1\\.2\\.3'],
  ])('%s → %s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it('takes the piped value last, as sprig orders the arguments', () => {
    expect(
      render('{{ .value | regexReplaceAll "^db_(?P<rest>.*)$" "$rest" }}', {
        value: 'db_password',
      }),
    ).toBe('$rest');
    expect(
      render('{{ regexReplaceAll "^db_(?P<rest>.*)$" .value "${rest}" }}', {
        value: 'db_password',
      }),
    ).toBe('password');
    expect(
      render('{{ regexFind `(?i)^[a-z]+\\z` .value }}', { value: 'AbC' }),
    ).toBe('AbC');
  });

  it('runs a nested repetition in linear time, where backtracking would hang', () => {
    const value = `${'a'.repeat(5000)}!`;
    expect(render('{{ regexMatch "(a+)+$" .value }}', { value })).toBe('false');
  });

  it('is false for a pattern RE2 refuses in regexMatch, as sprig ignores that error', () => {
    expect(render('{{ regexMatch `(a)\\1` "aa" }}')).toBe('false');
  });

  it.each([
    ['mustRegexMatch', ''],
    ['regexFind', ''],
    ['mustRegexFind', ''],
    ['regexFindAll', ' -1'],
    ['regexReplaceAll', ' "x"'],
    ['mustRegexReplaceAllLiteral', ' "x"'],
    ['regexSplit', ' -1'],
  ])('%s fails on a pattern RE2 refuses, without quoting it', (name, rest) => {
    const messages = renderError(`{{ ${name} .p "text"${rest} }}`, {
      p: '(?=secret)',
    });
    expect(messages).toEqual([
      `${name}: argument 1: not a valid RE2 regular expression (invalid or unsupported Perl syntax)`,
    ]);
    expect(messages.join()).not.toContain('secret');
  });

  it('refuses to build a result past the output cap', () => {
    const value = 'a'.repeat(100_000);
    expect(
      renderError('{{ regexReplaceAllLiteral "" .value (repeat 100 "x") }}', {
        value,
      }),
    ).toEqual(['regexReplaceAllLiteral: result is too large']);
  });

  it('names the argument of the wrong type, never its value', () => {
    expect(renderError('{{ regexFindAll "a" .v "2" }}', { v: 'aaa' })).toEqual([
      'regexFindAll: argument 3: expected int, got string',
    ]);
    expect(renderError('{{ regexMatch 1 .v }}', { v: 'aaa' })).toEqual([
      'regexMatch: argument 1: expected string, got int',
    ]);
    expect(renderError('{{ regexQuoteMeta nil }}')).toEqual([
      'regexQuoteMeta: argument 1: invalid value; expected string',
    ]);
  });
});
