import { renderTemplates } from './renderTemplates';

const values = new Map<string, string | Buffer>([['user', 'app']]);

describe('renderTemplates', () => {
  it('writes the entries of templateFrom literals, then data, which wins a shared key', () => {
    expect(
      renderTemplates(
        {
          templateFrom: [
            { literal: "a: '{{ .user }}'\nb: x" },
            { literal: 'b: y\nport: 5432\nempty:' },
          ],
          data: { a: '{{ .user | upper }}' },
        },
        values,
      ),
    ).toEqual(
      new Map([
        ['a', 'APP'],
        ['b', 'y'],
        ['port', '5432'],
        ['empty', ''],
      ]),
    );
  });

  it('names a literal that does not render a map of scalar values, never quoting values', () => {
    const fails = (literal: string) => () =>
      renderTemplates({ templateFrom: [{ literal }], data: {} }, values);
    expect(fails('- {{ .user }}')).toThrow(/must render to a YAML map/);
    expect(fails('k: [{{ .user }}]')).toThrow(
      /renders a map or list for key "k"/,
    );
    expect(fails('bad/key: {{ .user }}')).toThrow(/renders key "bad\/key"/);
    expect(fails('k: "{{ .user }}')).toThrow(
      /does not render to YAML \(the parser error is not shown/,
    );
    expect(fails('k: "{{ .user }}')).not.toThrow(/app/);
  });
});
