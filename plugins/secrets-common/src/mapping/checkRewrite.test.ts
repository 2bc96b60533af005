import { validateMappingSpec } from './validate';

const spec = (from: Record<string, unknown>) => ({
  store: 'kv',
  dataFrom: [from],
  target: { clusters: ['dev'], namespace: 'ns', name: 's' },
});
const issues = (from: Record<string, unknown>) => {
  const result = validateMappingSpec(spec(from));
  return result.ok ? [] : result.issues;
};
const rewrite = (steps: unknown[]) =>
  issues({ extract: { key: 'app/db' }, rewrite: steps });

describe('validateMappingSpec on dataFrom rewrite', () => {
  it('accepts regexp steps (an empty target strips) and transform templates', () => {
    expect(
      rewrite([
        { regexp: { source: '^db_', target: '' } },
        { regexp: { source: '^(?P<rest>.*)$', target: 'x_${rest}' } },
        { transform: { template: '{{ .value | upper }}' } },
      ]),
    ).toEqual([]);
  });

  it('accepts a nested repetition: RE2 runs it in linear time', () => {
    expect(rewrite([{ regexp: { source: '(a+)+$', target: 'x' } }])).toEqual(
      [],
    );
  });

  it('names a bad pattern, a bad template and a step with both kinds', () => {
    expect(
      rewrite([
        { regexp: { source: '(', target: 'x' } },
        { transform: { template: '{{ .value | nope }}' } },
        { regexp: { source: 'a', target: 'b' }, transform: { template: 'x' } },
      ]).map(i => i.path),
    ).toEqual([
      'dataFrom[0].rewrite[0].regexp.source',
      'dataFrom[0].rewrite[1].transform.template',
      'dataFrom[0].rewrite[2]',
    ]);
  });

  it.each([
    ['(a)\\1', 'invalid escape sequence: `\\1`'],
    ['(?=x)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['(?<=x)a', 'invalid named capture: `(?<=x)a`'],
    ['a++', 'invalid nested repetition operator: `++`'],
  ])('refuses %s, which RE2 has no syntax for', (source, reason) => {
    expect(rewrite([{ regexp: { source, target: 'x' } }])).toEqual([
      {
        path: 'dataFrom[0].rewrite[0].regexp.source',
        message: `is not a valid RE2 regular expression (${reason})`,
      },
    ]);
  });
});

describe('validateMappingSpec on dataFrom find', () => {
  it('accepts Go syntax', () => {
    expect(
      issues({ find: { name: { regexp: '(?i)^(?P<app>db)/.+\\z' } } }),
    ).toEqual([]);
  });

  it.each([
    ['(a)\\1', 'invalid escape sequence: `\\1`'],
    ['(?=x)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['x\\', 'trailing backslash at end of expression'],
  ])('refuses %s naming the field', (regexp, reason) => {
    expect(issues({ find: { name: { regexp } } })).toEqual([
      {
        path: 'dataFrom[0].find.name.regexp',
        message: `is not a valid RE2 regular expression (${reason})`,
      },
    ]);
  });
});
