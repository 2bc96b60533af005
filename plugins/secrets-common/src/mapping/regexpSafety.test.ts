import { validateMappingSpec } from './validate';
import { hasNestedQuantifier } from './regexpSafety';

describe('hasNestedQuantifier', () => {
  it.each([
    ['(a+)+', true],
    ['(x*y)*', true],
    ['(?:\\w+\\s?)+$', true],
    ['((ab)*c)+', true],
    ['(a|b){2,}(c+)*', true],
    ['^(.*)$', false],
    ['^db_(.*)', false],
    ['(a)+b+', false],
    ['[(a+)]+', false],
    ['\\(a+\\)+', false],
    ['payments/(.*)', false],
  ])('%s → %s', (source, expected) => {
    expect(hasNestedQuantifier(source)).toBe(expected);
  });
});

describe('validateMappingSpec on dataFrom rewrite', () => {
  const spec = (rewrite: unknown[]) => ({
    store: 'kv',
    dataFrom: [{ extract: { key: 'app/db' }, rewrite }],
    target: { clusters: ['dev'], namespace: 'ns', name: 's' },
  });
  const paths = (rewrite: unknown[]) => {
    const result = validateMappingSpec(spec(rewrite));
    return result.ok ? [] : result.issues.map(i => i.path);
  };

  it('accepts regexp steps (an empty target strips) and transform templates', () => {
    expect(
      paths([
        { regexp: { source: '^db_', target: '' } },
        { transform: { template: '{{ .value | upper }}' } },
      ]),
    ).toEqual([]);
  });

  it('names a nested repetition, a bad pattern, a bad template and a step with both kinds', () => {
    expect(
      paths([
        { regexp: { source: '(a+)+', target: 'x' } },
        { regexp: { source: '(', target: 'x' } },
        { transform: { template: '{{ .value | nope }}' } },
        { regexp: { source: 'a', target: 'b' }, transform: { template: 'x' } },
      ]),
    ).toEqual([
      'dataFrom[0].rewrite[0].regexp.source',
      'dataFrom[0].rewrite[1].regexp.source',
      'dataFrom[0].rewrite[2].transform.template',
      'dataFrom[0].rewrite[3]',
    ]);
  });
});
