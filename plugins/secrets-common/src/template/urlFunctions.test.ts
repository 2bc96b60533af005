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
describe('sprig urlParse and urlJoin (net/url)', () => {
  it.each([
    [
      '{{ urlParse "http://user:p%40ss@example.com:8080/p/a/t/h?query=1&b=2#frag" | toJson }}',
      '{"fragment":"frag","host":"example.com:8080","hostname":"example.com","opaque":"","path":"/p/a/t/h","query":"query=1\\u0026b=2","scheme":"http","userinfo":"user:p%40ss"}',
    ],
    [
      '{{ urlParse "https://example.com" | toJson }}',
      '{"fragment":"","host":"example.com","hostname":"example.com","opaque":"","path":"","query":"","scheme":"https","userinfo":""}',
    ],
    [
      '{{ urlParse "mailto:someone@example.com" | toJson }}',
      '{"fragment":"","host":"","hostname":"","opaque":"someone@example.com","path":"","query":"","scheme":"mailto","userinfo":""}',
    ],
    [
      '{{ urlParse "/relative/path?x=1" | toJson }}',
      '{"fragment":"","host":"","hostname":"","opaque":"","path":"/relative/path","query":"x=1","scheme":"","userinfo":""}',
    ],
    [
      '{{ urlParse "//host/p" | toJson }}',
      '{"fragment":"","host":"host","hostname":"host","opaque":"","path":"/p","query":"","scheme":"","userinfo":""}',
    ],
    [
      '{{ urlParse "http://[::1]:80/x" | toJson }}',
      '{"fragment":"","host":"[::1]:80","hostname":"::1","opaque":"","path":"/x","query":"","scheme":"http","userinfo":""}',
    ],
    [
      '{{ urlParse "http://[fe80::1%25en0]/" | toJson }}',
      '{"fragment":"","host":"[fe80::1%en0]","hostname":"fe80::1%en0","opaque":"","path":"/","query":"","scheme":"http","userinfo":""}',
    ],
    [
      '{{ urlParse "http://host/a%20b/c%2Fd" | toJson }}',
      '{"fragment":"","host":"host","hostname":"host","opaque":"","path":"/a b/c/d","query":"","scheme":"http","userinfo":""}',
    ],
    [
      '{{ urlParse "http://host/\\u00e9?\\u00fc=1#\\u00f1" | toJson }}',
      '{"fragment":"ñ","host":"host","hostname":"host","opaque":"","path":"/é","query":"ü=1","scheme":"http","userinfo":""}',
    ],
    [
      '{{ urlParse "HTTP://Host/" | toJson }}',
      '{"fragment":"","host":"Host","hostname":"Host","opaque":"","path":"/","query":"","scheme":"http","userinfo":""}',
    ],
    [
      '{{ urlParse "*" | toJson }}',
      '{"fragment":"","host":"","hostname":"","opaque":"","path":"*","query":"","scheme":"","userinfo":""}',
    ],
    [
      '{{ urlParse "http:" | toJson }}',
      '{"fragment":"","host":"","hostname":"","opaque":"","path":"","query":"","scheme":"http","userinfo":""}',
    ],
    [
      '{{ urlParse "http:opaque?q" | toJson }}',
      '{"fragment":"","host":"","hostname":"","opaque":"opaque","path":"","query":"q","scheme":"http","userinfo":""}',
    ],
    [
      '{{ urlParse "" | toJson }}',
      '{"fragment":"","host":"","hostname":"","opaque":"","path":"","query":"","scheme":"","userinfo":""}',
    ],
    [
      '{{ urlParse "?" | toJson }}',
      '{"fragment":"","host":"","hostname":"","opaque":"","path":"","query":"","scheme":"","userinfo":""}',
    ],
    [
      '{{ urlParse "http://u@h" | toJson }}',
      '{"fragment":"","host":"h","hostname":"h","opaque":"","path":"","query":"","scheme":"http","userinfo":"u"}',
    ],
    [
      '{{ urlParse "http://u:@h" | toJson }}',
      '{"fragment":"","host":"h","hostname":"h","opaque":"","path":"","query":"","scheme":"http","userinfo":"u:"}',
    ],
    [
      '{{ urlParse "http://%41@h" | toJson }}',
      '{"fragment":"","host":"h","hostname":"h","opaque":"","path":"","query":"","scheme":"http","userinfo":"A"}',
    ],
    [
      '{{ urlParse "http://h/p?" | toJson }}',
      '{"fragment":"","host":"h","hostname":"h","opaque":"","path":"/p","query":"","scheme":"http","userinfo":""}',
    ],
    [
      '{{ urlParse "http://h:/" | toJson }}',
      '{"fragment":"","host":"h:","hostname":"h","opaque":"","path":"/","query":"","scheme":"http","userinfo":""}',
    ],
    [
      '{{ urlParse "http://a@b@c/" | toJson }}',
      '{"fragment":"","host":"c","hostname":"c","opaque":"","path":"/","query":"","scheme":"http","userinfo":"a%40b"}',
    ],
    [
      '{{ urlParse "http://h/a#b%20c" | toJson }}',
      '{"fragment":"b c","host":"h","hostname":"h","opaque":"","path":"/a","query":"","scheme":"http","userinfo":""}',
    ],
    [
      '{{ urlParse "http://h/a#b c" | toJson }}',
      '{"fragment":"b c","host":"h","hostname":"h","opaque":"","path":"/a","query":"","scheme":"http","userinfo":""}',
    ],
    [
      '{{ urlParse "a:b:c" | toJson }}',
      '{"fragment":"","host":"","hostname":"","opaque":"b:c","path":"","query":"","scheme":"a","userinfo":""}',
    ],
    [
      '{{ urlParse "#" | toJson }}',
      '{"fragment":"","host":"","hostname":"","opaque":"","path":"","query":"","scheme":"","userinfo":""}',
    ],
    [
      '{{ urlJoin (dict "scheme" "https" "host" "example.com" "path" "/a b" "query" "x=1" "fragment" "f g") }}',
      'https://example.com/a%20b?x=1#f%20g',
    ],
    ['{{ urlJoin (dict "host" "h" "path" "rel") }}', '//h/rel'],
    ['{{ urlJoin (dict "path" "a:b/c") }}', './a:b/c'],
    ['{{ urlJoin (dict "scheme" "mailto" "opaque" "x@y") }}', 'mailto:x@y'],
    [
      '{{ urlJoin (dict "scheme" "http" "host" "h" "userinfo" "u:p:q") }}',
      'http://u:p%3Aq@h',
    ],
    [
      '{{ urlJoin (dict "scheme" "http" "host" "h" "userinfo" "a/b") }}',
      'http://h',
    ],
    ['{{ urlJoin (dict) }}', ''],
    ['{{ urlJoin (dict "scheme" "http" "path" "/x") }}', 'http:///x'],
    [
      '{{ urlJoin (dict "host" "h é" "path" "/é?") }}',
      '//h%20%C3%A9/%C3%A9%3F',
    ],
    [
      '{{ urlJoin (dict "scheme" "http" "host" "h" "query" "a b") }}',
      'http://h?a b',
    ],
    ['{{ urlJoin (dict "scheme" "file" "path" "/etc/x") }}', 'file:///etc/x'],
    [
      '{{ urlJoin (dict "scheme" "http" "host" "h" "path" "*") }}',
      'http://h/*',
    ],
    [
      '{{ urlJoin (urlParse "http://user:p%40ss@example.com:8080/p/a%2Fb?q=1#frag") }}',
      'http://user:p%40ss@example.com:8080/p/a/b?q=1#frag',
    ],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it.each([
    '{{ urlParse "ftp://a:b:c/x" | toJson }}',
    '{{ urlParse "http://[1.2.3.4]/" | toJson }}',
    '{{ urlParse "http://a:b:c/" | toJson }}',
    '{{ urlParse "http://host/%zz" | toJson }}',
    '{{ urlParse "http://ho st/" | toJson }}',
    '{{ urlParse "1http://x" | toJson }}',
    '{{ urlParse "http://h:x/" | toJson }}',
    '{{ urlParse "http://[::1" | toJson }}',
    '{{ urlParse "x://h/\\u007f" | toJson }}',
    '{{ urlJoin (dict "scheme" "http" "host" "h" "userinfo" "us er:pa@ss") }}',
    '{{ urlJoin (dict "scheme" "http" "host" "h" "path" 1) }}',
    '{{ urlJoin . }}',
  ])('fails like Go: %s', source => {
    expect(renderError(source, { a: 'x' })).toMatch(/^url(Parse|Join): /);
  });

  it('refuses a URL that decodes to bytes that are not UTF-8 text', () => {
    expect(renderError('{{ urlParse "http://h/%ff" }}')).toBe(
      'urlParse: the URL decodes to bytes that are not UTF-8 text at 1:4',
    );
  });

  it('never quotes the URL in its errors (it may hold a password)', () => {
    const url = 'http://user:s3cr3t@[::1/';
    expect(renderError('{{ urlParse .url }}', { url })).not.toContain('s3cr3t');
  });
});
