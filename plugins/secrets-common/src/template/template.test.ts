import {
  compileTemplate,
  TemplateError,
  validateTemplate,
  type TemplateIssue,
} from './index';

const render = (source: string, data: Record<string, string> = {}) =>
  compileTemplate(source).render(data);

function renderError(
  source: string,
  data: Record<string, string> = {},
): TemplateError {
  const compiled = compileTemplate(source);
  try {
    compiled.render(data);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return e as TemplateError;
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
}

function compileError(source: string): TemplateIssue[] {
  try {
    compileTemplate(source);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    expect((e as TemplateError).name).toBe('TemplateError');
    return (e as TemplateError).issues;
  }
  throw new Error(`expected ${JSON.stringify(source)} not to compile`);
}

describe('seed templates', () => {
  it('renders the GitLab registry dockerconfigjson (seed 002)', () => {
    const source =
      '{ "auths": { "registry.gitlab.com": { "auth": "{{ printf "%s:%s" .username .password | b64enc }}"}}}';
    const out = render(source, { username: 'user', password: 'pass' });
    expect(out).toBe(
      '{ "auths": { "registry.gitlab.com": { "auth": "dXNlcjpwYXNz"}}}',
    );
    const auth = JSON.parse(out).auths['registry.gitlab.com'].auth;
    expect(Buffer.from(auth, 'base64').toString('utf8')).toBe('user:pass');
  });

  it('renders the postgres config.yaml (seed 004)', () => {
    const source = [
      'database:',
      '  url: postgresql://{{ .username }}:{{ .password }}@postgres:5432/mydb',
      'api_key: {{ .api_key }}',
      '',
    ].join('\n');
    expect(
      render(source, {
        username: 'app',
        password: 'p@ss:w0rd',
        api_key: 'sk_live_1',
      }),
    ).toBe(
      'database:\n  url: postgresql://app:p@ss:w0rd@postgres:5432/mydb\napi_key: sk_live_1\n',
    );
  });

  it('escapes the postgres password with urlquery when asked', () => {
    expect(
      render('postgresql://{{ .u }}:{{ .p | urlquery }}@db/x', {
        u: 'app',
        p: 'p@ss/w rd',
      }),
    ).toBe('postgresql://app:p%40ss%2Fw+rd@db/x');
  });
});

describe('text, trim markers and comments', () => {
  it.each([
    ['plain text', 'plain text'],
    ['', ''],
    ['a  {{- "x" -}}  b', 'axb'],
    ['a  {{- "x" }}  b', 'ax  b'],
    ['a  {{ "x" -}}  b', 'a  xb'],
    ['x\n{{- if true }}\ny\n{{- end }}\n', 'x\ny\n'],
    ['a {{-3}}', 'a -3'],
    ['a{{/* comment */}}b', 'ab'],
    ['a{{/* multi\nline */}}b', 'ab'],
    ['a \n{{- /* c */ -}}\n b', 'ab'],
    ['{{ "}}" }}', '}}'],
    ['a{b}c{', 'a{b}c{'],
    ['{{ printf\n  "%s-%s"\n  "a" "b" }}', 'a-b'],
  ])('%j -> %j', (source, expected) => {
    expect(render(source)).toBe(expected);
  });
});

describe('literals', () => {
  it.each([
    ['{{ "a\\tb" }}', 'a\tb'],
    ['{{ "\\u00e9\\x41\\101\\U0001F510" }}', 'éAA🔐'],
    ['{{ "q\\"q\\\\" }}', 'q"q\\'],
    ['{{ `raw\\n "x"` }}', 'raw\\n "x"'],
    ['{{ 42 }}', '42'],
    ['{{ -7 }}', '-7'],
    [
      '{{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }}',
      '31 15 15 5 1000',
    ],
    ['{{ 1.5 }} {{ 1.0 }} {{ 1e3 }} {{ .5 }}', '1.5 1 1000 0.5'],
    ['{{ 1e6 }} {{ 0.0001 }} {{ 0.00001 }}', '1e+06 0.0001 1e-05'],
    ['{{ true }} {{ false }}', 'true false'],
    ["{{ 'a' }}", '97'],
    ['{{ default "d" nil }}', 'd'],
  ])('%j -> %j', (source, expected) => {
    expect(render(source)).toBe(expected);
  });
});

describe('fields, variables, pipelines', () => {
  const data = { a: 'A', b: 'B', j: '{"x":{"y":"deep"},"n":null,"port":5432}' };
  it.each([
    ['{{ .a }}{{ .b }}', 'AB'],
    ['{{ $x := .a }}{{ $x }}{{ $x = "z" }}{{ $x }}', 'Az'],
    ['{{ $.a }}', 'A'],
    ['{{ (fromJson .j).x.y }}', 'deep'],
    ['{{ $m := fromJson .j }}{{ $m.x.y }}/{{ $m.port }}', 'deep/5432'],
    ['{{ (dict "a" (dict "b" "c")).a.b }}', 'c'],
    ['{{ (fromJson .j).n }}', '<no value>'],
    ['{{ "a" | printf "%s-%s" "b" }}', 'b-a'],
    ['{{ .a | lower | printf "<%s>" }}', '<a>'],
    ['{{ printf "%s" (upper (lower .a)) }}', 'A'],
    ['{{ range list 1 2 }}{{ $.a }}{{ . }}{{ end }}', 'A1A2'],
    ['{{ $x := 0 }}{{ range list 1 2 3 }}{{ $x = . }}{{ end }}{{ $x }}', '3'],
    ['{{ index . "a" }}', 'A'],
    ['{{ $d := . }}{{ with "inner" }}{{ . }}{{ $d.a }}{{ end }}', 'innerA'],
  ])('%j -> %j', (source, expected) => {
    expect(render(source, data)).toBe(expected);
  });

  it('reads keys that are not identifiers with index', () => {
    expect(render('{{ index . "tls.crt" }}', { 'tls.crt': 'PEM' })).toBe('PEM');
  });
});

describe('control structures', () => {
  it.each([
    ['{{ if .t }}yes{{ end }}', 'yes'],
    ['{{ if .e }}yes{{ else }}no{{ end }}', 'no'],
    ['{{ if eq .t "x" }}1{{ else if eq .t "T" }}2{{ else }}3{{ end }}', '2'],
    ['{{ if $v := .t }}{{ $v }}{{ end }}', 'T'],
    ['{{ with .t }}[{{ . }}]{{ else }}none{{ end }}', '[T]'],
    ['{{ with .e }}[{{ . }}]{{ else }}none{{ end }}', 'none'],
    ['{{ with .e }}a{{ else with .t }}{{ . }}{{ end }}', 'T'],
    [
      '{{ range $i, $v := list "a" "b" }}{{ $i }}={{ $v }};{{ end }}',
      '0=a;1=b;',
    ],
    ['{{ range $v := list "a" "b" }}{{ $v }}{{ end }}', 'ab'],
    [
      '{{ range $k, $v := dict "b" 2 "a" 1 "c" 3 }}{{ $k }}{{ $v }}{{ end }}',
      'a1b2c3',
    ],
    ['{{ range fromJson `{"z":1,"y":2}` }}{{ . }},{{ end }}', '2,1,'],
    ['{{ range list }}x{{ else }}empty{{ end }}', 'empty'],
    ['{{ range 3 }}{{ . }}{{ end }}', '012'],
    [
      '{{ range list 1 2 3 4 5 }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ if eq . 4 }}{{ break }}{{ end }}{{ . }}{{ end }}',
      '13',
    ],
    [
      '{{ range $i, $v := splitList "," "a,b" }}{{ if $i }},{{ end }}{{ $v }}{{ end }}',
      'a,b',
    ],
  ])('%j -> %j', (source, expected) => {
    expect(render(source, { t: 'T', e: '' })).toBe(expected);
  });

  it.each([
    ['""', false],
    ['"0"', true],
    ['0', false],
    ['1', true],
    ['0.0', false],
    ['false', false],
    ['list', false],
    ['(list 0)', true],
    ['dict', false],
    ['(dict "a" "")', true],
    ['(index (dict) "x")', false],
  ])('Go truthiness of %s is %s', (expr, truth) => {
    expect(render(`{{ if ${expr} }}T{{ else }}F{{ end }}`)).toBe(
      truth ? 'T' : 'F',
    );
  });
});

describe('functions', () => {
  const data = {
    s: 'héllo wörld',
    j: '{"b":[1,"x",null,true],"a":{"k":"<v>"},"f":1.5,"big":1000000}',
    fmt2: '%s %s',
    fmt1: '%s',
  };
  it.each([
    // printf / print / println
    ['{{ printf "%s:%s" "a" "b" }}', 'a:b'],
    [
      '{{ printf "%d|%5d|%-5d|%05d|%+d" 42 42 42 42 42 }}',
      '42|   42|42   |00042|+42',
    ],
    [
      '{{ printf "%x %X %#x %x %o %b %c" 255 255 255 -255 8 5 65 }}',
      'ff FF 0xff -ff 10 101 A',
    ],
    ['{{ printf "%x|% x|%X" "hi" "hi" "é" }}', '6869|68 69|C3A9'],
    ['{{ printf "%q %q" "a\\"b\\n" 65 }}', '"a\\"b\\n" \'A\''],
    [
      '{{ printf "%v %v %v" (list 1 "a") (dict "k" "v") nil }}',
      '[1 a] map[k:v] <nil>',
    ],
    ['{{ printf "%s" (list "a" "b") }}', '[a b]'],
    [
      '{{ printf "%.2f|%6.2f|%f|%e|%g|%g|%.3g" 3.14159 3.14159 1.5 1234.5678 0.000001 100000.0 3.14159 }}',
      '3.14|  3.14|1.500000|1.234568e+03|1e-06|100000|3.14',
    ],
    ['{{ printf "%t %v" true false }}', 'true false'],
    ['{{ printf "%8.3s|%-6s|%s" "abcdef" "ab" "%" }}', '     abc|ab    |%'],
    ['{{ printf "100%%" }}', '100%'],
    [
      '{{ printf "%d|%s|%s" "x" 1.5 nil }}',
      '%!d(string=x)|%!s(float64=1.5)|%!s(<nil>)',
    ],
    ['{{ printf .fmt2 "x" }}', 'x %!s(MISSING)'],
    ['{{ printf .fmt1 "x" 2 }}', 'x%!(EXTRA int=2)'],
    ['{{ printf "%*d" 5 42 }}', '   42'],
    [
      '{{ print "a" "b" }}|{{ print 1 2 }}|{{ print "a" 1 2 "b" }}',
      'ab|1 2|a1 2b',
    ],
    ['{{ println "a" 1 }}', 'a 1\n'],
    // encoding
    ['{{ "user:pass" | b64enc }}', 'dXNlcjpwYXNz'],
    ['{{ "dXNlcjpwYXNz" | b64dec }}', 'user:pass'],
    [
      '{{ sha256sum "abc" }}',
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    ],
    ['{{ urlquery "a b&c=d/é~" }}', 'a+b%26c%3Dd%2F%C3%A9~'],
    ['{{ html "<a href=\'x\'>&\\"" }}', '&lt;a href=&#39;x&#39;&gt;&amp;&#34;'],
    // JSON
    [
      '{{ toJson (dict "b" 1 "a" (list "x" nil true 1.5)) }}',
      '{"a":["x",null,true,1.5],"b":1}',
    ],
    [
      '{{ toJson "<a&b>" }}|{{ toRawJson "<a&b>" }}',
      '"\\u003ca\\u0026b\\u003e"|"<a&b>"',
    ],
    ['{{ toJson "t\\tn\\n\\x01\\u2028" }}', '"t\\tn\\n\\u0001\\u2028"'],
    [
      '{{ toPrettyJson (dict "a" 1 "b" (list 1 2) "c" (dict)) }}',
      '{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ],\n  "c": {}\n}',
    ],
    [
      '{{ toJson (fromJson .j) }}',
      '{"a":{"k":"\\u003cv\\u003e"},"b":[1,"x",null,true],"big":1000000,"f":1.5}',
    ],
    [
      '{{ (fromJson .j).big }} {{ (fromJson .j).f }} {{ (fromJson .j).b }}',
      '1e+06 1.5 [1 x <nil> true]',
    ],
    ['{{ (fromJson .j).a }}', 'map[k:<v>]'],
    // strings
    [
      '{{ toString 1.5 }} {{ toString (list 1) }} {{ toString "s" }}',
      '1.5 [1] s',
    ],
    ['{{ upper .s }}|{{ lower "ÀB" }}|{{ upper "ß" }}', 'HÉLLO WÖRLD|àb|ß'],
    [
      '{{ title "hello world" }}|{{ title "hello_world foo-bar" }}',
      'Hello World|Hello_world Foo-Bar',
    ],
    ['[{{ trim " \\t\\n x y \\n" }}]', '[x y]'],
    ['{{ trimAll "$" "$$5.00$" }}|{{ "$5$" | trimAll "$" }}', '5.00|5'],
    [
      '{{ trimPrefix "foo" "foobar" }}|{{ trimSuffix "bar" "foobar" }}|{{ trimPrefix "x" "abc" }}',
      'bar|foo|abc',
    ],
    [
      '{{ quote "a\\"b\\n" }}|{{ quote "a" 1 }}|{{ quote nil }}|{{ squote "a" }}',
      '"a\\"b\\n"|"a" "1"||\'a\'',
    ],
    ['{{ replace " " "-" "a b c" }}', 'a-b-c'],
    ['{{ indent 4 "a\\nb" }}|{{ nindent 2 "a" }}', '    a\n    b|\n  a'],
    [
      '{{ contains "b" "abc" }} {{ hasPrefix "a" "abc" }} {{ hasSuffix "c" "abc" }} {{ hasPrefix "b" "abc" }}',
      'true true true false',
    ],
    [
      '{{ join "," (list "a" 1 nil "b") }}|{{ join "-" (splitList "," "a,b,c") }}',
      'a,1,b|a-b-c',
    ],
    ['{{ (split "," "a,b")._1 }} {{ split "," "a,b" }}', 'b map[_0:a _1:b]'],
    ['{{ repeat 3 "ab" }}|{{ cat "a" 1 nil "b" }}', 'ababab|a 1 b'],
    // defaults and logic
    [
      '{{ default "x" "" }}|{{ default "x" "y" }}|{{ "" | default "z" }}|{{ default "d" 0 }}',
      'x|y|z|d',
    ],
    [
      '{{ empty "" }} {{ empty (list) }} {{ empty 0 }} {{ empty "a" }} {{ empty (dict "a" 1) }}',
      'true true true false false',
    ],
    ['{{ coalesce "" nil "c" "d" }}|{{ coalesce "" }}', 'c|<no value>'],
    ['{{ ternary "a" "b" true }}{{ ternary "a" "b" false }}', 'ab'],
    [
      '{{ and 1 "x" }} {{ and 1 0 "x" }} {{ or "" "b" }} {{ or 0 "" }} {{ not "" }}',
      'x 0 b  true',
    ],
    [
      '{{ and false (index (list) 5) }}{{ or true (index (list) 5) }}',
      'falsetrue',
    ],
    // comparisons
    [
      '{{ eq 1 1 }} {{ eq "a" "b" }} {{ eq "c" "a" "b" "c" }} {{ ne 1 2 }} {{ eq "a" (index (dict) "x") }}',
      'true false true true false',
    ],
    [
      '{{ lt 1 2 }} {{ le 2 2 }} {{ gt 3 2 }} {{ ge 1 2 }} {{ lt "a" "b" }} {{ lt 1.5 2.5 }}',
      'true true true false true true',
    ],
    // lists and dicts
    ['{{ list 1 "a" nil }}', '[1 a <nil>]'],
    ['{{ dict "b" 1 "a" "x" }} {{ dict "odd" }}', 'map[a:x b:1] map[odd:]'],
    [
      '{{ get (dict "a" 1) "a" }}|{{ get (dict "a" 1) "b" }}|{{ hasKey (dict "a" 1) "a" }}',
      '1||true',
    ],
    [
      '{{ keys (dict "b" 1 "a" 2) }} {{ sortAlpha (list "b" "a" "C") }}',
      '[a b] [C a b]',
    ],
    [
      '{{ first (list 1 2) }} {{ last (list 1 2) }} {{ first list }}',
      '1 2 <no value>',
    ],
    [
      '{{ index (list 1 2 3) 2 }} {{ index (dict "a" (list 7)) "a" 0 }} {{ index (dict) "x" }} {{ index "abc" 1 }}',
      '3 7 <no value> 98',
    ],
    ['{{ index . "missing" }}|', '|'],
    [
      '{{ len "héllo" }} {{ len (list 1 2 3) }} {{ len (dict "a" 1) }}',
      '6 3 1',
    ],
    // ESO's function map replaces Go's builtin slice with sprig's, which takes lists only.
    [
      '{{ slice (list 1 2 3) 1 2 }} {{ slice (list 1 2 3) 1 }} {{ slice (list 1 2 3) "1" }}',
      '[2] [2 3] [2 3]',
    ],
  ])('%j', (source, expected) => {
    expect(render(source, data)).toBe(expected);
  });

  it('round-trips UTF-8 through b64enc / b64dec', () => {
    for (const v of [
      'é',
      '日本語',
      '🔐 emoji',
      '\uFEFFbom',
      'mixed ascii ünïcödé\nlines',
    ]) {
      const encoded = render('{{ .v | b64enc }}', { v });
      expect(encoded).toBe(Buffer.from(v, 'utf8').toString('base64'));
      expect(render('{{ .v | b64dec }}', { v: encoded })).toBe(v);
      expect(render('{{ .v | b64enc | b64dec }}', { v })).toBe(v);
    }
  });

  it('hashes the UTF-8 bytes with sha256sum', () => {
    expect(render('{{ sha256sum .v }}', { v: '' })).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    // sha256("é") = sha256 of bytes c3 a9
    expect(render('{{ sha256sum "é" }}')).toBe(
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('node:crypto')
        .createHash('sha256')
        .update('é', 'utf8')
        .digest('hex'),
    );
  });
});

describe('compile errors (validateTemplate and compileTemplate)', () => {
  it.each([
    ['ok\n{{ .a ', 2, 1, 'unclosed action'],
    ['{{ .a | nope }}', 1, 9, 'function "nope" not defined'],
    ['a\n  {{ end }}', 2, 6, 'unexpected {{end}}'],
    ['{{ "a\\qb" }}', 1, 6, 'invalid escape sequence "\\q" in string'],
    ['{{ "abc }}', 1, 4, 'unterminated quoted string'],
    ['x {{ if .a }}y', 1, 3, '{{if}} has no matching {{end}}'],
    [
      '{{ range .a }}\n{{ else }}{{ else }}{{ end }}',
      2,
      14,
      'expected {{end}}; found {{else}}',
    ],
    ['{{ else }}', 1, 4, 'unexpected {{else}}'],
    ['{{ $x }}', 1, 4, 'undefined variable "$x"'],
    [
      '{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}',
      1,
      39,
      'undefined variable "$y"',
    ],
    ['{{ $z = 1 }}', 1, 4, 'undefined variable "$z"'],
    ['{{ b64enc }}', 1, 4, 'wrong number of args for b64enc: want 1 got 0'],
    [
      '{{ .a | b64enc .b }}',
      1,
      9,
      'wrong number of args for b64enc: want 1 got 2',
    ],
    [
      '{{ .a | replace "x" }}',
      1,
      9,
      'wrong number of args for replace: want 3 got 2',
    ],
    [
      '{{ printf "%s:%s" .a }}',
      1,
      11,
      'printf: format has 2 verbs but 1 argument',
    ],
    ['{{ .a .b }}', 1, 4, "can't give argument to non-function .a"],
    ['{{ .a | .b }}', 1, 9, "can't give argument to non-function .b"],
    ['{{ 1 | "x" }}', 1, 8, 'non executable command in pipeline stage 2'],
    ['{{ }}', 1, 4, 'missing value for command'],
    ['{{ if }}{{ end }}', 1, 7, 'missing value for if'],
    ['{{ (upper "a" }}', 1, 4, 'unclosed left paren'],
    ['{{ upper "a") }}', 1, 13, 'unexpected right paren'],
    ['{{ .a | }}', 1, 7, 'missing command after "|"'],
    ['{{ nil }}', 1, 4, 'nil is not a command'],
    ['{{ eq .a nil }}', 1, 10, 'eq: nil is not a valid argument'],
    ['{{ break }}', 1, 4, '{{break}} outside {{range}}'],
    ['{{ template "x" }}', 1, 4, '{{template}} is not supported'],
    ['{{ 1x }}', 1, 4, 'bad number syntax: "1x"'],
    ['{{ # }}', 1, 4, 'unexpected character "#" in action'],
    ['{{/* open', 1, 1, 'unclosed comment'],
    ['{{ .a "b"}}', 1, 4, "can't give argument to non-function .a"],
    ['{{ .a"b" }}', 1, 6, 'unexpected "\\"b\\"" in operand'],
  ])('%j -> %d:%d %s', (source, line, column, message) => {
    const issues = compileError(source);
    expect(issues[0]).toEqual({
      line,
      column,
      message: expect.stringContaining(message),
    });
    expect(validateTemplate(source)).toEqual(issues);
  });

  it('reports every static problem at once', () => {
    expect(validateTemplate('{{ nope }}\n{{ nada .a }}\n{{ $q }}')).toEqual([
      { line: 1, column: 4, message: 'function "nope" not defined' },
      { line: 2, column: 4, message: 'function "nada" not defined' },
      { line: 3, column: 4, message: 'undefined variable "$q"' },
    ]);
  });

  it('formats the error message with positions', () => {
    const e = (() => {
      try {
        compileTemplate('{{ .a | nope }}');
      } catch (err) {
        return err as TemplateError;
      }
      return undefined;
    })();
    expect(e?.message).toBe('function "nope" not defined at 1:9');
    expect(e?.name).toBe('TemplateError');
  });

  it('accepts valid templates', () => {
    expect(validateTemplate('{{ printf "%s:%s" .a .b | b64enc }}')).toEqual([]);
    expect(validateTemplate('{{ .a | printf "%s-%s" "x" }}')).toEqual([]);
    expect(validateTemplate('plain')).toEqual([]);
  });
});

describe('render errors', () => {
  it('names the missing key and its position (missingkey=error)', () => {
    const e = renderError('line one\n  {{ .user }} {{ .nope }}', { user: 'u' });
    expect(e.issues).toEqual([
      { line: 2, column: 18, message: 'map has no entry for key "nope"' },
    ]);
    expect(e.message).toBe('map has no entry for key "nope" at 2:18');
  });

  it('names missing keys inside nested maps', () => {
    const e = renderError('{{ (fromJson .j).a.zz }}', { j: '{"a":{}}' });
    expect(e.issues[0]).toEqual({
      line: 1,
      column: 19,
      message: 'map has no entry for key "zz"',
    });
  });

  it('fails at the function position', () => {
    const e = renderError('{{ .a }}\n{{ .b | b64dec }}', {
      a: 'x',
      b: 'not base64!',
    });
    expect(e.issues).toEqual([
      { line: 2, column: 9, message: 'b64dec: input is not valid base64' },
    ]);
  });

  it.each([
    ['{{ .a.b }}', "can't evaluate field b in type string"],
    [
      '{{ (fromJson `{"n":null}`).n.x }}',
      'nil pointer evaluating interface {}.x',
    ],
    ['{{ range .a }}{{ end }}', "range can't iterate over string"],
    [
      '{{ eq 1 1.0 }}',
      'eq: incompatible types for comparison: int and float64',
    ],
    ['{{ lt true false }}', 'lt: invalid type for comparison: bool'],
    ['{{ upper 1 }}', 'upper: argument 1: expected string, got int'],
    ['{{ index (list 1) 3 }}', 'index: argument 2: index out of range'],
    ['{{ len 3 }}', 'len: len of type int'],
    ['{{ range 2000000 }}{{ end }}', 'range: too many iterations'],
  ])('%j -> %s', (source, message) => {
    expect(renderError(source, { a: 'A' }).issues[0].message).toBe(message);
  });
});

describe('secret values never appear in errors', () => {
  const CANARY = 'CANARY-s3cr3t-value';
  const invalidUtf8 = Buffer.from([
    ...Buffer.from(CANARY, 'utf8'),
    0xff,
    0xfe,
  ]).toString('base64');
  const data = {
    v: `${CANARY}!"'<>`,
    j: `{"k":"${CANARY}","n":null,"f":1.5}`,
    badJson: `{"k": ${CANARY}`,
    b64bin: invalidUtf8,
    other: CANARY,
  };

  it.each([
    '{{ .v | b64dec }}',
    '{{ .b64bin | b64dec }}',
    '{{ .badJson | fromJson }}',
    '{{ .badJson | mustFromJson }}',
    '{{ .nope }}',
    '{{ (fromJson .j).nope }}',
    '{{ (fromJson .j).n.x }}',
    '{{ .v.x }}',
    '{{ (fromJson .j).k.x }}',
    '{{ upper (fromJson .j) }}',
    '{{ lower (fromJson .j).f }}',
    '{{ b64enc (fromJson .j) }}',
    '{{ sha256sum (list .v) }}',
    '{{ printf (fromJson .j) }}',
    '{{ trimAll .v (fromJson .j) }}',
    '{{ replace .v .v (list .v) }}',
    '{{ indent .v "x" }}',
    '{{ repeat -1 .v }}',
    '{{ ternary .v .v .v }}',
    '{{ get .v "k" }}',
    '{{ hasKey (list .v) "k" }}',
    '{{ keys .v }}',
    '{{ first .v }}',
    '{{ eq .v 1 }}',
    '{{ eq (list .v) (list .v) }}',
    '{{ lt .v 1 }}',
    '{{ lt (fromJson .j) 1 }}',
    '{{ index (splitList "," .v) 5 }}',
    '{{ index (fromJson .j) 1 }}',
    '{{ index .v "x" }}',
    '{{ index (fromJson .j).f 0 }}',
    '{{ len (fromJson .j).f }}',
    '{{ slice .v 1 200 }}',
    '{{ slice "é" 0 1 }}',
    '{{ slice (fromJson .j) 0 }}',
    '{{ range .v }}{{ end }}',
    '{{ range $k, $v := len .v }}{{ end }}',
    '{{ contains .v 1 }}',
    '{{ join (list .v) .v }}',
  ])('%s', source => {
    const e = renderError(source, data);
    const texts = [
      e.message,
      JSON.stringify(e),
      String(e),
      JSON.stringify(e.issues),
    ];
    for (const t of texts) {
      expect(t).not.toContain(CANARY);
      expect(t).not.toContain('s3cr3t');
      expect(t).not.toContain(invalidUtf8);
    }
    expect(e.issues[0].line).toBe(1);
    expect(e.issues[0].column).toBeGreaterThan(0);
  });
});

describe('functions real ESO manifests use: fail, required, int, atoi, toYaml, fromYaml', () => {
  it('stops with the author message from fail and required, never with a value', () => {
    expect(
      renderError('{{ fail "set db_url in Vault" }}').issues[0].message,
    ).toBe('fail: set db_url in Vault');
    expect(
      renderError('{{ required "db_url is required" .db_url }}', { db_url: '' })
        .issues[0].message,
    ).toBe('required: db_url is required');
    expect(render('{{ required "needed" .db_url }}', { db_url: 'x' })).toBe(
      'x',
    );
    // A message built from a secret value keeps the value out.
    const leaked = renderError('{{ fail (printf "bad: %s" .password) }}', {
      password: 'canary-s3cret',
    });
    expect(leaked.issues[0].message).toBe('fail: bad: [redacted]');
    expect(JSON.stringify(leaked)).not.toContain('canary-s3cret');
  });

  it('converts with int and atoi as sprig does (0 for what cannot be read)', () => {
    // An int, not a string: it compares equal to the literal 41.
    expect(render('{{ if eq (int .n) 41 }}yes{{ end }}', { n: '41' })).toBe(
      'yes',
    );
    expect(
      render('{{ int "0x1F" }} {{ int "8.00" }} {{ int "x" }} {{ int 3.9 }}'),
    ).toBe('31 8 0 3');
    // A leading 0 means octal, as in Go: "010" is 8 and "08" cannot be read.
    expect(render('{{ int "010" }} {{ int "08" }}')).toBe('8 0');
    expect(render('{{ atoi "12" }} {{ atoi "1e3" }} {{ atoi "-7" }}')).toBe(
      '12 0 -7',
    );
  });

  it('reads YAML with fromYaml and writes it with toYaml (keys sorted, no final newline)', () => {
    const config = 'db:\n  host: pg\n  port: 5432\nname: app\n';
    expect(
      render(
        '{{ (fromYaml .config).db.host }}:{{ (fromYaml .config).db.port }}',
        {
          config,
        },
      ),
    ).toBe('pg:5432');
    expect(render('{{ toYaml (fromYaml .config) }}', { config })).toBe(
      'db:\n  host: pg\n  port: 5432\nname: app',
    );
    expect(render('{{ (fromYaml .bad).Error }}', { bad: 'a: [1' })).toBe(
      'the text is not valid YAML',
    );
    expect(render('{{ toYaml (list "a" "b") }}')).toBe('- a\n- b');
    // yaml.v2 does not indent a sequence under its key.
    expect(
      render('{{ .db | fromJson | toYaml }}', {
        db: '{"hosts":["a","b"],"host":"h"}',
      }),
    ).toBe('host: h\nhosts:\n- a\n- b');
  });
});
