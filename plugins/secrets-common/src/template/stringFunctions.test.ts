import { compileTemplate, TemplateError } from './index';

const data = {
  uni: 'héllo wörld ñ',
  sp: '  a  b\tc\n',
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
describe('sprig string functions', () => {
  it.each([
    ['{{ abbrev 5 "hello world" }}', 'he...'],
    ['{{ abbrev 3 "hello" }}', 'hello'],
    ['{{ abbrev 20 "hello" }}', 'hello'],
    ['{{ abbrev 4 "hello" }}', 'h...'],
    ['{{ abbrev 6 .uni }}', 'hé...'],
    ['{{ abbrev 5 "" }}', ''],
    ['{{ abbrevboth 5 10 "1234 5678 9123" }}', '...5678...'],
    ['{{ abbrevboth 0 4 "hello world" }}', 'h...'],
    ['{{ abbrevboth 1 6 "hello world" }}', 'hello world'],
    ['{{ abbrevboth 6 8 "abcdefghijklmnopqrstuvwxyz" }}', '...gh...'],
    ['{{ abbrevboth 20 10 "abcdefghijklmnopqrstuvwxyz" }}', '...tuvwxyz'],
    ['{{ abbrevboth 10 7 "abcdefghijklmnopqrstuvwxyz" }}', '...k...'],
    ['{{ abbrevboth -3 10 "abcdefghijklmnopqrstuvwxyz" }}', 'abcdefg...'],
    ['{{ trunc 5 "hello world" }}', 'hello'],
    ['{{ trunc -5 "hello world" }}', 'world'],
    ['{{ trunc -3 "hello" }}', 'llo'],
    ['{{ trunc -30 "hello" }}', 'hello'],
    ['{{ trunc 0 "hello" }}', ''],
    ['{{ trunc 3 .uni }}', 'hé'],
    ['{{ substr 0 5 "hello world" }}', 'hello'],
    ['{{ substr -1 3 "hello" }}', 'hel'],
    ['{{ substr 2 -1 "hello" }}', 'llo'],
    ['{{ substr 2 99 "hello" }}', 'llo'],
    ['{{ nospace "h e l l o" }}', 'hello'],
    ['{{ nospace .uni }}', 'hÃ©llowÃ¶rldÃ±'],
    ['{{ nospace .sp }}', 'abc'],
    ['{{ nospace "héllo" }}', 'héllo'],
    ['{{ initials "John Doe" }}', 'JD'],
    ['{{ initials .uni }}', 'hwÃ'],
    ['{{ untitle "Hello World" }}', 'hello world'],
    ['{{ untitle "ÉCOLE Élan" }}', 'éCOLE élan'],
    ['{{ swapcase "This Is A Test" }}', 'tHIS iS a tEST'],
    ['{{ swapcase "hello wOrld ǆx" }}', 'HELLO WoRLD ǅX'],
    ['{{ swapcase .uni }}', 'HÉLLO WÖRLD Ñ'],
    ['{{ wrap 5 "Hello World" }}', 'Hello\nWorld'],
    ['{{ wrap 3 "a bb ccc dddd eeeee" }}', 'a\nbb\nccc\ndddd\neeeee'],
    ['{{ wrap 0 "a b" }}', 'a\nb'],
    [
      '{{ wrap 10 "averyveryverylongword and more" }}',
      'averyveryverylongword\nand more',
    ],
    ['{{ wrapWith 5 "\\t" "Hello World" }}', 'Hello\tWorld'],
    ['{{ wrapWith 3 "|" "abcdefghij klm" }}', 'abc|def|ghi|j|klm'],
    ['{{ wrapWith 4 "" "abcdefgh" }}', 'abcd\nefgh'],
    ['{{ wrap 4 "   lead   spaces here  " }}', 'lead\nspaces\nhere\n '],
    ['{{ plural "one" "many" 1 }}', 'one'],
    ['{{ plural "one" "many" 2 }}', 'many'],
    ['{{ plural "one" "many" 0 }}', 'many'],
    ['{{ trimall "$" "$5.00$" }}', '5.00'],
    ['{{ trimall "ab" "abcba" }}', 'c'],
    [
      '{{ splitn "$" 2 "foo$bar$baz" | toJson }}',
      '{"_0":"foo","_1":"bar$baz"}',
    ],
    ['{{ splitn "$" 0 "a$b" | toJson }}', '{}'],
    ['{{ splitn "$" -1 "a$b$c" | toJson }}', '{"_0":"a","_1":"b","_2":"c"}'],
    ['{{ splitn "" 2 "abc" | toJson }}', '{"_0":"a","_1":"bc"}'],
    ['{{ (splitn "," 3 "a,b,c,d")._2 }}', 'c,d'],
    ['{{ hello }}', 'Hello!'],
    [
      '{{ js "a\'b\\"c<d>&e=f\\\\" }}',
      'a\\\'b\\"c\\u003Cd\\u003E\\u0026e\\u003Df\\\\',
    ],
    ['{{ js .uni }}', 'héllo wörld ñ'],
    ['{{ js "\\u00a0\\u2028x\\t" }}', '\\u00A0\\u2028x\\u0009'],
    ['{{ js 1 2 }}', '1 2'],
    ['{{ js }}', ''],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it.each([
    '{{ abbrev "5" "x" }}',
    '{{ trunc 1.5 "x" }}',
    '{{ plural "a" "b" "1" }}',
    '{{ wrap 2 nil }}',
  ])('fails like Go: %s', source => {
    expect(renderError(source)).not.toContain('s3cr3t');
  });

  it('refuses a byte cut that splits a UTF-8 character (Go would write invalid UTF-8)', () => {
    expect(renderError('{{ trunc 2 .uni }}')).toBe(
      'trunc: argument 2: the result would cut a UTF-8 character (Go counts bytes) at 1:4',
    );
    expect(renderError('{{ substr 0 1 "é" }}')).toContain('substr: argument 3');
    expect(renderError('{{ substr 3 2 "hello" }}')).toContain(
      'slice bounds out of range',
    );
  });

  it('names argument positions and types in type errors, never values', () => {
    expect(renderError('{{ abbrev .secret "x" }}')).toBe(
      'abbrev: argument 1: expected int, got string at 1:4',
    );
    expect(renderError('{{ wrapWith 2 .secret 3 }}')).toBe(
      'wrapWith: argument 3: expected string, got int at 1:4',
    );
  });

  it('bounds what wrapWith can build', () => {
    expect(
      renderError('{{ wrapWith 1 (repeat 4000 "-") (repeat 2000 "ab ") }}'),
    ).toBe(
      'wrapWith: argument 2: the result would exceed the size limit at 1:4',
    );
  });
});

describe('sprig snakecase, kebabcase and camelcase (huandu/xstrings)', () => {
  it.each([
    ['{{ snakecase "FirstName" }}', 'first_name'],
    ['{{ snakecase "HTTPServer" }}', 'http_server'],
    ['{{ snakecase "already_snake" }}', 'already_snake'],
    ['{{ snakecase "with space and-dash" }}', 'with_space_and_dash'],
    ['{{ snakecase "version2Update" }}', 'version2_update'],
    ['{{ snakecase "v2Update" }}', 'v2_update'],
    ['{{ snakecase "ID123abc" }}', 'id_123abc'],
    ['{{ snakecase "a1b2c3" }}', 'a_1b2c3'],
    ['{{ snakecase "Hello, World!" }}', 'hello,_world!'],
    ['{{ snakecase "__init__" }}', '__init__'],
    ['{{ snakecase "ABc" }}', 'a_bc'],
    ['{{ snakecase "ÀÉÎõü" }}', 'àé_îõü'],
    ['{{ snakecase "x.y.z" }}', 'x.y.z'],
    ['{{ snakecase "中文Abc" }}', '中文_abc'],
    ['{{ snakecase "fooBAR2Baz" }}', 'foo_bar2_baz'],
    ['{{ snakecase "a-1-b" }}', 'a_1_b'],
    ['{{ snakecase "A1B" }}', 'a1_b'],
    ['{{ kebabcase "FirstName" }}', 'first-name'],
    ['{{ kebabcase "HTTPServer" }}', 'http-server'],
    ['{{ kebabcase "foo_bar baz" }}', 'foo-bar-baz'],
    ['{{ kebabcase "MyURLIs" }}', 'my-url-is'],
    ['{{ camelcase "http_server" }}', 'HttpServer'],
    ['{{ camelcase "_" }}', '__'],
    ['{{ camelcase "__a" }}', '__A'],
    ['{{ camelcase "foo bar" }}', 'FooBar'],
    ['{{ camelcase "FOO_BAR" }}', 'FooBar'],
    ['{{ camelcase "some-thing_else" }}', 'SomeThingElse'],
    ['{{ camelcase "xYZ abc" }}', 'XYZAbc'],
    ['{{ camelcase "hello__world" }}', 'Hello_World'],
    ['{{ camelcase "a_" }}', 'A_'],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });
});
