import { compileTemplate, TemplateError } from './index';

const data = {
  json: '{"a":1,"b":[1,2],"c":{"d":"e"}}',
  secret: 's3cr3t-value',
};
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
describe('sprig dict functions', () => {
  it.each([
    ['{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }}', 'map[a:1 b:2]'],
    ['{{ set (dict) "k" "v" }}', 'map[k:v]'],
    ['{{ unset (dict "a" 1 "b" 2) "a" }}', 'map[b:2]'],
    ['{{ $d := dict "a" 1 }}{{ $_ := unset $d "a" }}{{ len $d }}', '0'],
    ['{{ pluck "a" (dict "a" 1) (dict "b" 2) (dict "a" 3) }}', '[1 3]'],
    ['{{ pluck "a" }}', '[]'],
    ['{{ pick (dict "a" 1 "b" 2 "c" 3) "a" "c" "z" }}', 'map[a:1 c:3]'],
    ['{{ omit (dict "a" 1 "b" 2 "c" 3) "a" "z" }}', 'map[b:2 c:3]'],
    ['{{ values (dict "a" 1) }}', '[1]'],
    ['{{ merge (dict "a" 1 "b" "") (dict "b" 2 "c" 3) }}', 'map[a:1 b:2 c:3]'],
    [
      '{{ merge (dict "a" (dict "x" 1)) (dict "a" (dict "y" 2)) }}',
      'map[a:map[x:1 y:2]]',
    ],
    [
      '{{ mergeOverwrite (dict "a" 1 "b" 2) (dict "b" 3 "c" nil) }}',
      'map[a:1 b:3 c:<nil>]',
    ],
    ['{{ merge (dict "a" 1) (dict "a" nil "n" nil) }}', 'map[a:1]'],
    ['{{ merge (dict "a" (list 1)) (dict "a" (list 2)) }}', 'map[a:[1]]'],
    [
      '{{ mergeOverwrite (dict "a" (list 1)) (dict "a" (list 2)) }}',
      'map[a:[2]]',
    ],
    ['{{ merge (dict "a" "s") (dict "a" (dict "x" 1)) }}', 'map[a:s]'],
    [
      '{{ mergeOverwrite (dict "a" "s") (dict "a" (dict "x" 1)) }}',
      'map[a:map[x:1]]',
    ],
    ['{{ merge (dict "a" (dict)) (dict "a" (dict)) }}', 'map[a:map[]]'],
    [
      '{{ merge (dict "a" 0 "b" false "c" (list) "d" (dict)) (dict "a" 1 "b" true "c" (list 1) "d" (dict "x" 1)) }}',
      'map[a:1 b:true c:[1] d:map[x:1]]',
    ],
    ['{{ mergeOverwrite (dict "a" 1) (dict "a" 0 "b" "") }}', 'map[a:0 b:]'],
    ['{{ mustMerge (dict) (dict "x" 1) (dict "x" 2 "y" 3) }}', 'map[x:1 y:3]'],
    [
      '{{ mustMergeOverwrite (dict "x" 1) (dict "x" 2) (dict "x" 3) }}',
      'map[x:3]',
    ],
    [
      '{{ $d := dict "a" 1 }}{{ $_ := merge $d (dict "b" 2) }}{{ $d }}',
      'map[a:1 b:2]',
    ],
    [
      '{{ merge (dict "a" (dict "b" (dict "c" 1))) (fromJson .json) | toJson }}',
      '{"a":{"b":{"c":1}},"b":[1,2],"c":{"d":"e"}}',
    ],
    ['{{ dig "a" "b" "def" (dict "a" (dict "b" 1)) }}', '1'],
    ['{{ dig "a" "z" "def" (dict "a" (dict "b" 1)) }}', 'def'],
    ['{{ dig "c" "d" "z" (fromJson .json) }}', 'e'],
    ['{{ dig "x" "d" (fromJson .json) }}', 'd'],
    ['{{ deepCopy (dict "a" (list 1 2)) }}', 'map[a:[1 2]]'],
    [
      '{{ $a := dict "x" 1 }}{{ $b := deepCopy $a }}{{ $_ := set $b "x" 2 }}{{ $a.x }}{{ $b.x }}',
      '12',
    ],
    ['{{ deepCopy "s" }}', 's'],
    ['{{ mustDeepCopy (list 1) }}', '[1]'],
    ['{{ deepCopy (splitList "," "a") | typeOf }}', '[]string'],
    ['{{ keys (dict "b" 1 "a" 2) | typeOf }}', '[]string'],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it.each([
    '{{ set . "k" "v" }}',
    '{{ merge . (dict) }}',
    '{{ pick . "a" }}',
    '{{ dig "a" "b" "def" (dict "a" 1) }}',
    '{{ dig "a" "def" }}',
    '{{ dig 1 "d" (dict) }}',
    '{{ deepCopy nil }}',
    '{{ mustDeepCopy nil }}',
    '{{ unset (list) "a" }}',
    '{{ pluck 1 (dict) }}',
    '{{ values . }}',
  ])('fails like Go: %s', source => {
    expect(renderError(source)).not.toContain('s3cr3t');
  });

  it('refuses the data map (map[string]string), as Go does, naming the type', () => {
    expect(renderError('{{ set . "k" "v" }}')).toBe(
      'set: argument 1: expected map[string]interface {}, got map[string]string at 1:4',
    );
  });

  it('refuses to make a map contain itself (Go would loop forever printing it)', () => {
    expect(renderError('{{ $d := dict }}{{ $_ := set $d "self" $d }}')).toBe(
      'set: argument 3: the value contains the map (a cycle) at 1:26',
    );
    expect(
      renderError(
        '{{ $d := dict }}{{ $_ := set $d "l" (list (dict "d" $d)) }}',
      ),
    ).toContain('a cycle');
    expect(
      renderError(
        '{{ $d := dict "a" 1 }}{{ $_ := merge $d (dict "b" (list $d)) }}',
      ),
    ).toContain('merge: the merge would make a map contain itself');
  });
});
