import { compileGoRegexp, goQuoteMeta, GoRegexpError } from './goRegexp';

// Expected values are what Go's regexp package gives for the same calls.

const refusal = (source: string): GoRegexpError => {
  try {
    compileGoRegexp(source);
  } catch (error) {
    expect(error).toBeInstanceOf(GoRegexpError);
    return error as GoRegexpError;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be refused`);
};

describe('compileGoRegexp', () => {
  it('runs a nested repetition in linear time, where backtracking would hang', () => {
    const re = compileGoRegexp('(a+)+$');
    const input = `${'a'.repeat(5000)}!`;
    expect(re.test(input)).toBe(false);
    expect(re.findAll(input, -1)).toEqual([]);
    expect(re.replaceAll(input, 'x')).toBe(input);
    expect(re.test('a'.repeat(5000))).toBe(true);
  });

  it('reads Go syntax', () => {
    expect(compileGoRegexp('^(?P<name>x)\\z').test('x')).toBe(true);
    // \z is the very end: unlike JavaScript's $, Go's $ and \z do not match before a final \n.
    expect(compileGoRegexp('x\\z').test('x\n')).toBe(false);
    expect(compileGoRegexp('x$').test('x\n')).toBe(false);
    expect(compileGoRegexp('(?m)x$').test('x\n')).toBe(true);
    expect(compileGoRegexp('(?i)^abc$').test('AbC')).toBe(true);
    expect(compileGoRegexp('(?s)a.b').test('a\nb')).toBe(true);
    expect(compileGoRegexp('a.b').test('a\nb')).toBe(false);
    expect(compileGoRegexp('^[[:digit:]]+\\pL$').test('12é')).toBe(true);
    expect(compileGoRegexp('\\Q.*\\E').test('a.*b')).toBe(true);
    expect(compileGoRegexp('\\Q.*\\E').test('ab')).toBe(false);
  });

  it.each([
    ['(a)\\1', 'invalid escape sequence', '\\1'],
    ['(?=x)', 'invalid or unsupported Perl syntax', '(?='],
    ['(?!x)', 'invalid or unsupported Perl syntax', '(?!'],
    ['(?<=x)a', 'invalid named capture', '(?<=x)a'],
    ['(?<!x)a', 'invalid named capture', '(?<!x)a'],
    ['a++', 'invalid nested repetition operator', '++'],
    ['\\Z', 'invalid escape sequence', '\\Z'],
    ['(', 'missing closing )', '('],
    ['a{1001}', 'invalid repeat count', '{1001}'],
  ])('refuses %s as Go does', (source, reason, fragment) => {
    const error = refusal(source);
    expect(error.reason).toBe(reason);
    expect(error.fragment).toBe(fragment);
    // The message never quotes the pattern: a template may build one from a secret.
    expect(error.message).toBe(
      `not a valid RE2 regular expression (${reason})`,
    );
  });

  it('refuses a trailing backslash without a fragment', () => {
    const error = refusal('a\\');
    expect(error.reason).toBe('trailing backslash at end of expression');
    expect(error.fragment).toBeUndefined();
  });
});

describe('replaceAll', () => {
  const names = compileGoRegexp('(?P<first>\\w+)\\s(?P<last>\\w+)');
  const numbered = compileGoRegexp('a(x*)b');

  it.each([
    ['$1', '-ab-axxb-', '--xx-'],
    ['${1}W', '-ab-axxb-', '-W-xxW-'],
    ['<$0>', '-ab-axxb-', '-<ab>-<axxb>-'],
    // "$1x" names the group "1x", which does not exist: empty.
    ['$1x', '-ab-axxb-', '---'],
    ['${1}x', '-ab-axxb-', '-x-xxx-'],
    ['$$', '-ab-axxb-', '-$-$-'],
    ['$$1', '-ab-axxb-', '-$1-$1-'],
    // A "$" without a well-formed name stays as text.
    ['x$', '-ab-axxb-', '-x$-x$-'],
    ['${', '-ab-axxb-', '-${-${-'],
    // Leading zeros and groups beyond the last are empty.
    ['$01.$10', '-ab-axxb-', '-.-.-'],
  ])('expands %j in a numbered pattern', (template, input, expected) => {
    expect(numbered.replaceAll(input, template)).toBe(expected);
  });

  it.each([
    ['${last}_${first}', 'Doe_Jane, Smith_John'],
    ['$first.$last', 'Jane.Doe, John.Smith'],
    ['$name', ', '],
    ['$2 $1', 'Doe Jane, Smith John'],
  ])('expands %j in a named pattern', (template, expected) => {
    expect(names.replaceAll('Jane Doe, John Smith', template)).toBe(expected);
  });

  it('expands a name that is no group to nothing, whatever it is called', () => {
    expect(
      compileGoRegexp('(?P<x>a)').replaceAll(
        'a',
        '${x}${constructor}$__proto__',
      ),
    ).toBe('a');
  });

  it('leaves a group that did not take part empty', () => {
    expect(compileGoRegexp('(a)|(b)').replaceAll('xaybz', '[$1$2]')).toBe(
      'x[a]y[b]z',
    );
  });

  it('skips an empty match right after a match, as Go does', () => {
    expect(compileGoRegexp('a*').replaceAll('baaac', 'x')).toBe('xbxcx');
    expect(compileGoRegexp('').replaceAll('abc', '-')).toBe('-a-b-c-');
    expect(compileGoRegexp('😀*').replaceAll('a😀😀b', '<$0>')).toBe(
      '<>a<😀😀>b<>',
    );
  });

  it('replaces literally with replaceAllLiteral', () => {
    expect(numbered.replaceAllLiteral('-ab-axxb-', '${1}')).toBe('-${1}-${1}-');
  });
});

describe('findAll and split', () => {
  it.each([
    ['a*', 'baaac', -1, ['', 'aaa', '']],
    ['a*', 'baaac', 2, ['', 'aaa']],
    ['a*', 'baaac', 0, []],
    [',*', 'a,b,,c,', -1, ['', ',', ',,', ',']],
    ['[2468]', '123456789', -1, ['2', '4', '6', '8']],
    ['.', 'a😀b', -1, ['a', '😀', 'b']],
  ])('findAll(%j, %j, %d)', (source, input, n, expected) => {
    expect(compileGoRegexp(source).findAll(input, n)).toEqual(expected);
  });

  it.each([
    ['z+', 'pizza', -1, ['pi', 'a']],
    ['a(x*)b', '-ab-axxb-', 2, ['-', '-axxb-']],
    [',*', 'a,b,,c,', -1, ['a', 'b', 'c', '']],
    [',*', 'a,b,,c,', 3, ['a', 'b', 'c,']],
    ['', 'abc', -1, ['a', 'b', 'c']],
    ['', '', -1, []],
    ['x', '', -1, ['']],
    ['x', 'axb', 0, []],
    ['(\\w+)\\s(\\w+)', 'Jane Doe, John Smith', -1, ['', ', ', '']],
  ])('split(%j, %j, %d)', (source, input, n, expected) => {
    expect(compileGoRegexp(source).split(input, n)).toEqual(expected);
  });
});

describe('goQuoteMeta', () => {
  it('escapes what Go escapes, and gives a pattern matching the text itself', () => {
    const text = '1.2.3 \\.+*?()|[]{}^$ é-/#';
    expect(goQuoteMeta(text)).toBe(
      '1\\.2\\.3 \\\\\\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$ é-/#',
    );
    expect(compileGoRegexp(`^${goQuoteMeta(text)}$`).test(text)).toBe(true);
  });
});
