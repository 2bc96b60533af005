import { compileTemplate, TemplateError } from './index';

const data = { num: '42', neg: '-7', f: '3.75' };
const render = (source: string) => compileTemplate(source).render(data);

function renderError(source: string): string {
  try {
    render(source);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return (e as TemplateError).message;
  }
  throw new Error(`expected ${source} to fail`);
}

// Expected outputs were produced by Go's text/template with ESO's sprig function map.
describe('sprig math functions', () => {
  it.each([
    ['{{ add 1 2 3 }}', '6'],
    ['{{ add }}', '0'],
    ['{{ add "3" 1.9 true nil }}', '5'],
    ['{{ add1 "41" }}', '42'],
    ['{{ add1 .num }}', '43'],
    ['{{ sub 1 5 }}', '-4'],
    ['{{ div 7 2 }}', '3'],
    ['{{ div -7 2 }}', '-3'],
    ['{{ mod -7 3 }}', '-1'],
    ['{{ mul 2 3 4 }}', '24'],
    ['{{ mul 5 }}', '5'],
    ['{{ mul .f 2 }}', '6'],
    ['{{ add 9223372036854775807 1 }}', '-9223372036854775808'],
    ['{{ mul 4294967296 4294967296 }}', '0'],
    ['{{ div -9223372036854775808 -1 }}', '-9223372036854775808'],
    ['{{ max 1 5 3 }}', '5'],
    ['{{ biggest "9" 2 }}', '9'],
    ['{{ min 4 -2 8 }}', '-2'],
    ['{{ max .neg 0 }}', '0'],
    ['{{ maxf 1.5 2 }}', '2'],
    ['{{ minf 1.5 -2 "x" }}', '-2'],
    ['{{ maxf 1 (float64 "NaN") }}', 'NaN'],
    ['{{ maxf (float64 "NaN") (float64 "Inf") }}', '+Inf'],
    ['{{ minf 0 (float64 "-0") }}', '-0'],
    ['{{ floor 1.7 }}', '1'],
    ['{{ floor -1.2 }}', '-2'],
    ['{{ ceil 1.2 }}', '2'],
    ['{{ ceil "2.0001" }}', '3'],
    ['{{ round 3.14159 2 }}', '3.14'],
    ['{{ round -2.5 0 }}', '-3'],
    ['{{ round -2.4 0 }}', '-3'],
    ['{{ round 2.5 0 }}', '3'],
    ['{{ round 1.234567 4 }}', '1.2346'],
    ['{{ round 123.456 -1 }}', '120'],
    ['{{ round 0.45 1 0.6 }}', '0.4'],
    ['{{ round 1.005 2 }}', '1'],
    ['{{ round 2.675 2 }}', '2.68'],
    ['{{ addf 0.1 0.2 }}', '0.3'],
    ['{{ addf .f 0.25 }}', '4'],
    ['{{ add1f 1.5 }}', '2.5'],
    ['{{ subf 1.5 0.1 0.2 }}', '1.2'],
    ['{{ mulf 1.1 1.1 }}', '1.21'],
    ['{{ divf 1 3 }}', '0.3333333333333333'],
    ['{{ divf 2 3 }}', '0.6666666666666667'],
    ['{{ divf -2 3 }}', '-0.6666666666666667'],
    ['{{ divf 10 4 2 }}', '1.25'],
    ['{{ addf }}', '0'],
    ['{{ mulf 1e300 1e10 }}', '+Inf'],
    ['{{ divf 1 7 }}', '0.1428571428571429'],
    ['{{ subf 0.3 0.1 }}', '0.2'],
    ['{{ addf 1e-20 1 }}', '1'],
    ['{{ divf 123456789.987654321 0.001 }}', '1.2345678998765433e+11'],
    ['{{ until 5 }}', '[0 1 2 3 4]'],
    ['{{ until -3 }}', '[0 -1 -2]'],
    ['{{ until 0 }}', '[]'],
    ['{{ untilStep 0 10 3 }}', '[0 3 6 9]'],
    ['{{ untilStep 10 0 -3 }}', '[10 7 4 1]'],
    ['{{ untilStep 0 10 -1 }}', '[]'],
    ['{{ untilStep 5 5 1 }}', '[]'],
    ['{{ range until 3 }}{{ . }},{{ end }}', '0,1,2,'],
    ['{{ seq 5 }}', '1 2 3 4 5'],
    ['{{ seq -2 }}', '1 0 -1 -2'],
    ['{{ seq 0 }}', '1 0'],
    ['{{ seq 1 }}', '1'],
    ['{{ seq 2 5 }}', '2 3 4 5'],
    ['{{ seq 5 2 }}', '5 4 3 2'],
    ['{{ seq 0 2 10 }}', '0 2 4 6 8 10'],
    ['{{ seq 10 -3 0 }}', '10 7 4 1'],
    ['{{ seq 10 3 0 }}', ''],
    ['{{ seq 0 -1 5 }}', ''],
    ['{{ seq }}', ''],
    ['{{ seq 1 2 3 4 }}', ''],
    ['{{ toDecimal "0777" }}', '511'],
    ['{{ toDecimal 17 }}', '15'],
    ['{{ toDecimal "-10" }}', '-8'],
    ['{{ toDecimal "8" }}', '0'],
    ['{{ toDecimal 1.0 }}', '1'],
    ['{{ toDecimal true }}', '0'],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it.each([
    '{{ div 1 0 }}',
    '{{ mod 1 0 }}',
    '{{ divf 1 0 }}',
    '{{ addf (float64 "Inf") 1 }}',
    '{{ until "3" }}',
    '{{ round 1.5 "1" }}',
    '{{ seq 1 "2" }}',
  ])('fails like Go: %s', source => {
    expect(renderError(source)).toBeTruthy();
  });

  it('caps the ranges until, untilStep and seq build, naming the argument', () => {
    expect(renderError('{{ until 2000000 }}')).toBe(
      'until: argument 1: the result would exceed the list size limit at 1:4',
    );
    expect(renderError('{{ untilStep 0 2000000 1 }}')).toContain(
      'untilStep: argument 2: the result would exceed the list size limit',
    );
    expect(renderError('{{ seq 1 2000000 }}')).toContain(
      'seq: argument 2: the result would exceed the list size limit',
    );
    expect(render('{{ len (until 1000000) }}')).toBe('1000000');
  });
});
