import { compileTemplate } from './index';

const data = {
  json: '{"a":1,"b":[1,2],"c":{"d":"e"}}',
  secret: 's3cr3t-value',
};
const render = (source: string) => compileTemplate(source).render(data);

// Expected outputs were produced by Go's text/template with ESO's sprig function map.
describe('sprig conversions and reflection', () => {
  it.each([
    [
      '{{ typeOf 1 }} {{ typeOf 1.5 }} {{ typeOf "s" }} {{ typeOf true }} {{ typeOf list }} {{ typeOf (dict) }} {{ typeOf . }} {{ typeOf nil }}',
      'int float64 string bool []interface {} map[string]interface {} map[string]string <nil>',
    ],
    [
      '{{ kindOf 1 }} {{ kindOf 1.5 }} {{ kindOf "s" }} {{ kindOf true }} {{ kindOf list }} {{ kindOf (dict) }} {{ kindOf nil }}',
      'int float64 string bool slice map invalid',
    ],
    [
      '{{ typeIs "string" "x" }} {{ typeIs "int" 1 }} {{ typeIsLike "string" "x" }} {{ kindIs "slice" (list) }} {{ kindIs "map" . }} {{ kindIs "invalid" nil }}',
      'true true true true true true',
    ],
    [
      '{{ deepEqual (list 1 2) (list 1 2) }} {{ deepEqual (list 1) (list 1.0) }} {{ deepEqual (dict "a" 1) (dict "a" 1) }} {{ deepEqual "a" "a" }} {{ deepEqual nil nil }} {{ deepEqual (splitList "," "a") (list "a") }}',
      'true false true true true false',
    ],
    [
      '{{ deepEqual (fromJson "1") 1.0 }} {{ deepEqual (dict) . }} {{ deepEqual (until 2) (list 0 1) }}',
      'true false false',
    ],
    ['{{ toStrings (list 1 "a" nil 2.5 true) }}', '[1 a 2.5 true]'],
    ['{{ toStrings "x" | typeOf }}', '[]string'],
    ['{{ toStrings nil }}', '[]'],
    ['{{ typeOf (fromJson .json).a }}', 'float64'],
    ['{{ typeOf (until 2) }}', '[]int'],
    ['{{ typeOf (chunk 1 (list 1)) }}', '[][]interface {}'],
    ['{{ typeOf (splitList "," "a") }}', '[]string'],
    ['{{ typeOf (split "," "a") }}', 'map[string]string'],
    [
      '{{ int64 "0x1F" }} {{ int64 8.9 }} {{ int64 -1.9 }} {{ int64 "1_000" }} {{ int64 "0b101" }} {{ int64 "0o17" }} {{ int64 "010" }} {{ int64 "08" }} {{ int64 "12.5" }} {{ int64 "1e3" }} {{ int64 nil }} {{ int64 true }} {{ int64 (list) }}',
      '31 8 -1 1000 5 15 8 0 12 0 0 1 0',
    ],
    [
      '{{ int64 "9223372036854775808" }} {{ int64 "-9223372036854775808" }} {{ int64 1e20 }}',
      '0 -9223372036854775808 -9223372036854775808',
    ],
    [
      '{{ float64 "1.5" }} {{ float64 3 }} {{ float64 "1e3" }} {{ float64 "abc" }} {{ float64 nil }} {{ float64 "0x1.8p1" }} {{ float64 "inf" }} {{ float64 "1e400" }} {{ float64 "1_0.5" }} {{ float64 ".5" }} {{ float64 "0x10" }}',
      '1.5 3 1000 0 0 3 +Inf 0 10.5 0.5 0',
    ],
    [
      '{{ int "8.5" }} {{ int " 5" }} {{ int "0x1F" }} {{ int "8.00" }} {{ int 3.9 }} {{ atoi "99999999999999999999" }} {{ atoi "-99999999999999999999" }}',
      '8 0 31 8 3 9223372036854775807 -9223372036854775808',
    ],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it('tells integers apart from floats but not int from int64 (all integers are int here)', () => {
    // Go says int64 for arithmetic results; these values carry no such distinction.
    expect(render('{{ typeOf (add 1 2) }} {{ kindIs "int" (add 1 2) }}')).toBe(
      'int true',
    );
  });
});
