import type { MappingTarget } from '@backstage-secrets/plugin-secrets-common';
import { renderTemplates } from './renderTemplates';
import { readTemplateFrom, type TemplateSourceReader } from './templateSources';

const values = new Map<string, string | Buffer>([['user', 'app']]);
type Template = NonNullable<MappingTarget['template']>;

const sources: TemplateSourceReader = {
  configMap: async name =>
    name === 'tpl'
      ? { 'config.yaml': 'user: {{ .user }}\n', keys: 'a: x\nb: "{{ .user }}"' }
      : undefined,
  secret: async name =>
    name === 'tpl-secret'
      ? {
          dsn: Buffer.from('postgres://{{ .user }}@db'),
          broken: Buffer.from('s3cr3t {{ .nokey }}'),
          binary: Buffer.from([0xff, 0xfe]),
        }
      : undefined,
};

const render = async (template: Template, from = sources) =>
  renderTemplates(template, values, await readTemplateFrom(template, from));

describe('renderTemplates', () => {
  it('writes the entries of templateFrom literals, then data, which wins a shared key', async () => {
    expect(
      await render({
        templateFrom: [
          { literal: "a: '{{ .user }}'\nb: x" },
          { literal: 'b: y\nport: 5432\nempty:' },
        ],
        data: { a: '{{ .user | upper }}' },
      }),
    ).toEqual(
      new Map([
        ['a', 'APP'],
        ['b', 'y'],
        ['port', '5432'],
        ['empty', ''],
      ]),
    );
  });

  it('renders ConfigMap and Secret items as one key each (Values) or as YAML entries (KeysAndValues)', async () => {
    expect(
      await render({
        templateFrom: [
          {
            configMap: {
              name: 'tpl',
              items: [
                { key: 'config.yaml' },
                { key: 'keys', templateAs: 'KeysAndValues' },
              ],
            },
          },
          { secret: { name: 'tpl-secret', items: [{ key: 'dsn' }] } },
        ],
        data: { a: 'from-data' },
      }),
    ).toEqual(
      new Map([
        ['config.yaml', 'user: app\n'],
        ['a', 'from-data'],
        ['b', 'app'],
        ['dsn', 'postgres://app@db'],
      ]),
    );
  });

  it('names a missing object or key, and never quotes a template read from a Secret', async () => {
    const fails = (from: Template['templateFrom']) =>
      render({ templateFrom: from, data: {} });
    await expect(
      fails([{ configMap: { name: 'nope', items: [{ key: 'k' }] } }]),
    ).rejects.toThrow(
      'target.template.templateFrom[0].configMap.name: ConfigMap "nope" does not exist in the target namespace',
    );
    await expect(
      fails([{ configMap: { name: 'tpl', items: [{ key: 'k' }] } }]),
    ).rejects.toThrow(
      'target.template.templateFrom[0].configMap.items[0].key: ConfigMap "tpl" has no key "k"',
    );
    await expect(
      fails([{ secret: { name: 'tpl-secret', items: [{ key: 'binary' }] } }]),
    ).rejects.toThrow(/is not UTF-8 text/);
    const broken = fails([
      { secret: { name: 'tpl-secret', items: [{ key: 'broken' }] } },
    ]);
    await expect(broken).rejects.toThrow(
      'target.template.templateFrom[0].secret.items[0]: the template read from the Secret does not render (details are not shown: they could quote it)',
    );
    await expect(
      readTemplateFrom(
        {
          templateFrom: [
            { configMap: { name: 'tpl', items: [{ key: 'keys' }] } },
          ],
          data: {},
        },
        undefined,
      ),
    ).rejects.toThrow(/is read from the target cluster when the mapping syncs/);
  });

  it('names a literal that does not render a map of scalar values, never quoting values', async () => {
    const fails = (literal: string) =>
      render({ templateFrom: [{ literal }], data: {} });
    await expect(fails('- {{ .user }}')).rejects.toThrow(
      /must render to a YAML map/,
    );
    await expect(fails('k: [{{ .user }}]')).rejects.toThrow(
      /renders a map or list for key "k"/,
    );
    await expect(fails('bad/key: {{ .user }}')).rejects.toThrow(
      /renders key "bad\/key"/,
    );
    await expect(fails('k: "{{ .user }}')).rejects.toThrow(
      /does not render to YAML \(the parser error is not shown/,
    );
    await expect(fails('k: "{{ .user }}')).rejects.not.toThrow(/app/);
  });
});
