import { compileTemplate, TemplateError } from './index';

const render = (source: string, data: Record<string, string> = {}) =>
  compileTemplate(source).render(data);

function renderError(
  source: string,
  data: Record<string, string> = {},
): string {
  try {
    render(source, data);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return (e as TemplateError).message;
  }
  throw new Error(`expected ${source} to fail`);
}

// Expected outputs were produced by Go's text/template with ESO's sprig function map.
describe('sprig semverCompare (Masterminds/semver v3)', () => {
  it.each([
    ['{{ semverCompare "^1.2.0" "1.2.3" }}', 'true'],
    ['{{ semverCompare "^1.2.0" "2.0.0" }}', 'false'],
    ['{{ semverCompare "^0.2.3" "0.2.9" }}', 'true'],
    ['{{ semverCompare "^0.2.3" "0.3.0" }}', 'false'],
    ['{{ semverCompare "^0.0.3" "0.0.3" }}', 'true'],
    ['{{ semverCompare "^0.0.3" "0.0.4" }}', 'false'],
    ['{{ semverCompare "^0.0" "0.0.9" }}', 'true'],
    ['{{ semverCompare "^0" "0.9.0" }}', 'true'],
    ['{{ semverCompare "~1.2.3" "1.2.9" }}', 'true'],
    ['{{ semverCompare "~1.2.3" "1.3.0" }}', 'false'],
    ['{{ semverCompare "~1" "1.9.0" }}', 'true'],
    ['{{ semverCompare "~1.x" "1.5.0" }}', 'true'],
    ['{{ semverCompare ">=1.2.3" "1.2.3" }}', 'true'],
    ['{{ semverCompare ">1.2.3" "1.2.3" }}', 'false'],
    ['{{ semverCompare ">1.2" "1.2.5" }}', 'false'],
    ['{{ semverCompare ">1.2" "1.3.0" }}', 'true'],
    ['{{ semverCompare ">1" "1.9.9" }}', 'false'],
    ['{{ semverCompare ">1" "2.0.0" }}', 'true'],
    ['{{ semverCompare "<1.2.3" "1.2.2" }}', 'true'],
    ['{{ semverCompare "<=1.2" "1.2.9" }}', 'true'],
    ['{{ semverCompare "<=1.2" "1.3.0" }}', 'false'],
    ['{{ semverCompare "=<1.x" "1.9.0" }}', 'true'],
    ['{{ semverCompare "!=1.2.3" "1.2.3" }}', 'false'],
    ['{{ semverCompare "!=1.2" "1.2.5" }}', 'false'],
    ['{{ semverCompare "!=1.2.x" "1.3.0" }}', 'true'],
    ['{{ semverCompare "1.2.3" "1.2.3" }}', 'true'],
    ['{{ semverCompare "1.2" "1.2.7" }}', 'true'],
    ['{{ semverCompare "1.x" "1.9.9" }}', 'true'],
    ['{{ semverCompare "*" "5.0.0" }}', 'true'],
    ['{{ semverCompare "x" "0.0.1" }}', 'true'],
    ['{{ semverCompare "1.2.3 - 1.4.5" "1.3.0" }}', 'true'],
    ['{{ semverCompare "1.2 - 1.4" "1.4.9" }}', 'true'],
    ['{{ semverCompare "1.2 - 1.4" "1.5.0" }}', 'false'],
    ['{{ semverCompare ">= 1.2, < 3.0.0 || >= 4.2.3" "4.3.0" }}', 'true'],
    ['{{ semverCompare ">= 1.2, < 3.0.0 || >= 4.2.3" "3.5.0" }}', 'false'],
    ['{{ semverCompare ">=1.0.0" "1.1.0-beta" }}', 'false'],
    ['{{ semverCompare ">=1.0.0-0" "1.1.0-beta" }}', 'true'],
    ['{{ semverCompare "^1.0.0-alpha" "1.0.0-beta" }}', 'true'],
    ['{{ semverCompare "^1.0.0-alpha" "1.0.1-beta" }}', 'true'],
    ['{{ semverCompare "1.0.0-alpha.1" "1.0.0-alpha.1" }}', 'true'],
    ['{{ semverCompare "<1.0.0-beta" "1.0.0-alpha" }}', 'true'],
    ['{{ semverCompare ">1.0.0-alpha.10" "1.0.0-alpha.9" }}', 'false'],
    ['{{ semverCompare ">1.0.0-alpha.beta" "1.0.0-alpha.1" }}', 'false'],
    ['{{ semverCompare "v1.2.3" "1.2.3" }}', 'true'],
    ['{{ semverCompare "^1.2.3" "v1.2.4" }}', 'true'],
    ['{{ semverCompare "=1.2.3+build" "1.2.3" }}', 'true'],
    ['{{ semverCompare ">=1.2.3" "1.2" }}', 'false'],
    ['{{ semverCompare ">=01.2" "1.2.0" }}', 'true'],
    ['{{ semverCompare "^1.2.3" "01.2.3" }}', 'true'],
    ['{{ semverCompare " ^1.2.3 " "1.2.4" }}', 'true'],
    ['{{ semverCompare "^1.2.3,^1.3" "1.3.5" }}', 'true'],
    ['{{ semverCompare "1.2.3 || 2.3.4" "2.3.4" }}', 'true'],
    ['{{ semverCompare ">1.2.3 <2" "1.5.0" }}', 'true'],
    ['{{ semverCompare "~>1.2" "1.2.9" }}', 'true'],
    ['{{ semverCompare "=>1.2.0" "1.3.0" }}', 'true'],
    ['{{ semverCompare "> 1.2.x" "1.3.0" }}', 'true'],
    ['{{ semverCompare "1.2.*" "1.2.3" }}', 'true'],
    ['{{ semverCompare ">= 1.x" "2.0.0" }}', 'true'],
    ['{{ semverCompare "^1.x" "1.4.0" }}', 'true'],
    ['{{ semverCompare "^0.x" "0.4.0" }}', 'true'],
    ['{{ semverCompare "^0.0.x" "0.0.4" }}', 'true'],
    ['{{ semverCompare "^0.x" "1.0.0" }}', 'false'],
    ['{{ semverCompare "~0.0.0" "1.2.3" }}', 'true'],
    ['{{ semverCompare "!=1.x" "1.2.3" }}', 'false'],
    ['{{ semverCompare "!=1.x" "2.0.0" }}', 'true'],
    ['{{ semverCompare "!=1.2.x-beta" "1.2.3-beta" }}', 'false'],
    ['{{ semverCompare "<1.x" "0.9.0" }}', 'true'],
    ['{{ semverCompare "<=1.2.3-alpha" "1.2.3-alpha" }}', 'true'],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it.each([
    '{{ semverCompare ">=1.2.3" "1.2.3.4" }}',
    '{{ semverCompare "bad" "1.2.3" }}',
    '{{ semverCompare "^1.2" "x.y" }}',
    '{{ semverCompare "" "" }}',
    '{{ semverCompare "^1.2.3" "1.2.3-01" }}',
  ])('fails like Go: %s', source => {
    expect(renderError(source)).toBeTruthy();
  });

  it('checks a long constraint in linear time (Go uses RE2; a backtracking check would not end)', () => {
    const c = `${'1  '.repeat(3000)}!`;
    const started = Date.now();
    expect(renderError('{{ semverCompare .c "1.2.3" }}', { c })).toBe(
      'semverCompare: argument 1: improper constraint at 1:4',
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
