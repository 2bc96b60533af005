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
describe('sprig list functions', () => {
  it.each([
    ['{{ append (list 1 2) 3 }}', '[1 2 3]'],
    ['{{ push (list) "a" }}', '[a]'],
    ['{{ prepend (list 1 2) 0 }}', '[0 1 2]'],
    ['{{ mustAppend (splitList "," "a,b") "c" | typeOf }}', '[]interface {}'],
    ['{{ mustPush (list 1) 2 }}', '[1 2]'],
    ['{{ mustPrepend (list 1) 0 }}', '[0 1]'],
    ['{{ first (list 3 4) }}', '3'],
    ['{{ mustFirst list }}', '<no value>'],
    ['{{ mustLast (list 1 2) }}', '2'],
    ['{{ rest (list 1 2 3) }}', '[2 3]'],
    ['{{ rest list }}', '[]'],
    ['{{ mustRest (list 1) }}', '[]'],
    ['{{ initial (list 1 2 3) }}', '[1 2]'],
    ['{{ mustInitial list }}', '[]'],
    ['{{ reverse (list 1 2 3) }}', '[3 2 1]'],
    ['{{ mustReverse list }}', '[]'],
    ['{{ compact (list 1 0 "" nil false "a" (list) (dict)) }}', '[1 a]'],
    ['{{ mustCompact (list 0 1) }}', '[1]'],
    ['{{ uniq (list 1 1 "1" 2 2.0 2) }}', '[1 1 2 2]'],
    [
      '{{ uniq (list (list 1) (list 1) (dict "a" 1) (dict "a" 1.0)) }}',
      '[[1] map[a:1] map[a:1]]',
    ],
    ['{{ mustUniq (list "a" "b" "a") }}', '[a b]'],
    ['{{ without (list 1 2 3 2) 2 }}', '[1 3]'],
    ['{{ without (list 1 2 3) }}', '[1 2 3]'],
    ['{{ mustWithout (list 1 2 3) 1 3 }}', '[2]'],
    ['{{ has 2 (list 1 2) }}', 'true'],
    ['{{ has "2" (list 1 2) }}', 'false'],
    ['{{ has 1 nil }}', 'false'],
    ['{{ mustHas 1 (until 3) }}', 'true'],
    ['{{ has (list 1) (list (list 1)) }}', 'true'],
    ['{{ slice (list 1 2 3 4) 1 3 }}', '[2 3]'],
    ['{{ slice (list 1 2 3) 1 }}', '[2 3]'],
    ['{{ slice (list 1 2 3) }}', '[1 2 3]'],
    ['{{ slice list 0 }}', '<no value>'],
    ['{{ slice (list 1 2 3) "1" "2" }}', '[2]'],
    ['{{ slice (splitList "," "a,b,c") 1 | typeOf }}', '[]string'],
    ['{{ mustSlice (list 1 2) 1 }}', '[2]'],
    ['{{ concat (list 1 2) (list 3) list }}', '[1 2 3]'],
    ['{{ concat }}', '[]'],
    ['{{ concat (splitList "," "a,b") (until 2) | toJson }}', '["a","b",0,1]'],
    ['{{ chunk 2 (list 1 2 3 4 5) }}', '[[1 2] [3 4] [5]]'],
    ['{{ chunk 3 list }}', '[]'],
    ['{{ chunk 5 (list 1 2) }}', '[[1 2]]'],
    ['{{ mustChunk 1 (list 1 2) | typeOf }}', '[][]interface {}'],
    ['{{ all 1 "a" true }}', 'true'],
    ['{{ all 1 "" }}', 'false'],
    ['{{ all }}', 'true'],
    ['{{ any 0 "" nil }}', 'false'],
    ['{{ any 0 "x" }}', 'true'],
    ['{{ any }}', 'false'],
    ['{{ tuple 1 "a" }}', '[1 a]'],
    ['{{ sortAlpha (list "b" "a") | typeOf }}', '[]string'],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it.each([
    '{{ list 1 2 | append 3 | toJson }}',
    '{{ append "x" 1 }}',
    '{{ prepend nil 1 }}',
    '{{ has 1 "abc" }}',
    '{{ slice "abc" 1 }}',
    '{{ slice (list 1 2 3) 2 1 }}',
    '{{ slice (list 1 2 3) 0 9 }}',
    '{{ concat (list 1) "x" }}',
    '{{ chunk 0 (list 1) }}',
    '{{ chunk -1 (list 1) }}',
    '{{ rest "x" }}',
    '{{ uniq 1 }}',
    '{{ compact . }}',
  ])('fails like Go: %s', source => {
    expect(renderError(source)).not.toContain('s3cr3t');
  });

  it('replaces the builtin slice, as ESO does: strings are not lists', () => {
    expect(renderError('{{ slice .secret 1 }}')).toBe(
      'slice: argument 1: list should be type of slice or array but string at 1:4',
    );
  });

  it('does not change the list it is given', () => {
    expect(
      render(
        '{{ $l := list 3 1 2 }}{{ $_ := append $l 4 }}{{ $_ := reverse $l }}{{ $l }}',
      ),
    ).toBe('[3 1 2]');
  });

  it('finds unique values of a long list in linear time', () => {
    expect(
      render('{{ uniq (concat (until 300000) (until 300000)) | len }}'),
    ).toBe('300000');
  });

  it('bounds a list grown in a loop by the work one render may do', () => {
    expect(
      renderError(
        '{{ $l := list }}{{ range until 1000000 }}{{ $l = append $l . }}{{ end }}',
      ),
    ).toBe(
      'append: the template does too much work (it builds or scans more data than one render may) at 1:50',
    );
  });
});
