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

describe('bounds on what template functions build', () => {
  it('caps repeat, indent and nindent at the output size limit, naming the count', () => {
    expect(renderError('{{ repeat 5000000 "x" }}')).toBe(
      'repeat: argument 1: the result would exceed the size limit at 1:4',
    );
    expect(render('{{ repeat 4 "ab" }}')).toBe('abababab');
    expect(renderError('{{ indent 100000000 "x" }}')).toBe(
      'indent: argument 1: the result would exceed the size limit at 1:4',
    );
    expect(renderError('{{ nindent 3000000 "a\\nb" }}')).toContain(
      'nindent: argument 1: the result would exceed the size limit',
    );
  });

  it('bounds the work of a whole render, whatever function does it', () => {
    const big = 'x'.repeat(1_000_000);
    expect(
      renderError('{{ range until 1000 }}{{ $_ := sha1sum $.big }}{{ end }}', {
        big,
      }),
    ).toBe(
      'sha1sum: the template does too much work (it builds or scans more data than one render may) at 1:32',
    );
    expect(
      renderError(
        '{{ range until 100000 }}{{ $_ := has 1 (until 1000) }}{{ end }}',
      ),
    ).toContain('too much work');
  });

  it('counts each render on its own and does not charge a map handed back by set', () => {
    const template = compileTemplate(
      '{{ $d := dict }}{{ range $i := until 100000 }}{{ $_ := set $d (toString $i) $i }}{{ end }}{{ len $d }}',
    );
    expect(template.render({})).toBe('100000');
    expect(template.render({})).toBe('100000');
  });
});
