import { ConfigReader } from '@backstage/config';
import { readSecretsConfig } from './readSecretsConfig';

const store = (extra: Record<string, unknown> = {}) => ({
  server: 'https://vault.example.com',
  mount: 'secret',
  auth: { appRole: { roleId: 'r', secretId: 's' } },
  ...extra,
});
const read = (secrets: unknown) =>
  readSecretsConfig(new ConfigReader({ secrets } as any));

describe('access configuration', () => {
  it('reads dynamic roles and where unmanaged data may be rotated', () => {
    const kv = read({
      stores: {
        kv: store({
          dynamicRoles: [
            { path: 'database/creds/{{ owner }}-*' },
            { path: 'team/pki/issue/web', owners: ['group:team-a'] },
          ],
          unmanagedRotationPaths: [{ prefix: 'legacy/{{ system }}/' }],
        }),
      },
    }).stores.get('kv')!;
    expect(kv.dynamicRoles).toEqual([
      { path: 'database/creds/{{ owner }}-*', owners: undefined },
      { path: 'team/pki/issue/web', owners: ['group:default/team-a'] },
    ]);
    expect(kv.unmanagedRotationPaths).toEqual([
      { prefix: 'legacy/{{ system }}', owners: undefined },
    ]);
  });

  it('grants nothing by default', () => {
    const config = read({ stores: { kv: store() } });
    expect(config.access).toEqual({ admins: [], namespaces: [], services: [] });
    expect(config.stores.get('kv')!.allowedPaths).toEqual([]);
  });

  it('reads admins, namespace grants, service grants and path rules, normalising refs', () => {
    const config = read({
      admins: ['group:platform-admins', 'User:default/Root'],
      allowedNamespaces: [{ namespace: 'shared', owners: ['group:team-a'] }],
      services: [
        { subject: 'external:ci', permissions: ['secrets.mapping.sync'] },
      ],
      stores: {
        kv: store({
          allowedPaths: [
            { prefix: 'apps/{{ owner }}/{{name}}/' },
            { prefix: 'shared', owners: ['group:default/team-a'] },
          ],
        }),
      },
    });
    expect(config.access).toEqual({
      admins: ['group:default/platform-admins', 'user:default/root'],
      namespaces: [{ namespace: 'shared', owners: ['group:default/team-a'] }],
      services: [
        { subject: 'external:ci', permissions: ['secrets.mapping.sync'] },
      ],
    });
    expect(config.stores.get('kv')!.allowedPaths).toEqual([
      { prefix: 'apps/{{ owner }}/{{name}}', owners: undefined },
      { prefix: 'shared', owners: ['group:default/team-a'] },
    ]);
  });

  it.each([
    [
      { admins: ['not a ref'] },
      'secrets.admins[0]: "not a ref" must be an entity ref such as group:default/team-a',
    ],
    [
      { allowedNamespaces: [{ namespace: 'Shared', owners: ['group:a'] }] },
      'secrets.allowedNamespaces[0].namespace: must be a Kubernetes namespace name',
    ],
    [
      { allowedNamespaces: [{ namespace: 'shared' }] },
      'secrets.allowedNamespaces[0].owners: must list at least one owner entity ref',
    ],
    [
      { services: [{ subject: 'ci bot', permissions: [] }] },
      'secrets.services[0].subject: must be "plugin:<pluginId>" or a subject of backend.auth.externalAccess, without spaces',
    ],
    [
      { services: [{ subject: 'external:ci', permissions: ['secrets.all'] }] },
      'secrets.services[0].permissions[0]: unknown permission "secrets.all"',
    ],
    [
      {
        stores: {
          kv: store({ allowedPaths: [{ prefix: 'apps/{{ team }}' }] }),
        },
      },
      'secrets.stores.kv.allowedPaths[0].prefix: unknown variable "{{ team }}"',
    ],
    [
      {
        stores: { kv: store({ allowedPaths: [{ prefix: 'apps/../other' }] }) },
      },
      'secrets.stores.kv.allowedPaths[0].prefix: must be a path below the mount',
    ],
    [
      { stores: { kv: store({ allowedPaths: [{ prefix: '/abs' }] }) } },
      'secrets.stores.kv.allowedPaths[0].prefix: must be a path below the mount',
    ],
    [
      { stores: { kv: store({ allowedPaths: [{ path: 'a' }] }) } },
      'secrets.stores.kv.allowedPaths[0].path: unknown key',
    ],
    [
      { stores: { kv: store({ allowedPaths: 'apps/' }) } },
      'secrets.stores.kv.allowedPaths: must be a list',
    ],
    [
      {
        stores: {
          kv: store({ dynamicRoles: [{ path: 'database/{{ owner }}-*' }] }),
        },
      },
      'secrets.stores.kv.dynamicRoles[0].path: must be "<mount>/creds/<role>" or "<mount>/issue/<role>"',
    ],
    [
      {
        stores: {
          kv: store({
            dynamicRoles: [{ path: 'database/creds/*-{{ team }}' }],
          }),
        },
      },
      'secrets.stores.kv.dynamicRoles[0].path: unknown variable "{{ team }}"',
    ],
    [
      {
        stores: {
          kv: store({ unmanagedRotationPaths: [{ prefix: '../x' }] }),
        },
      },
      'secrets.stores.kv.unmanagedRotationPaths[0].prefix: must be a path below the mount',
    ],
  ])('rejects %j naming the key', (secrets, message) => {
    expect(() => read(secrets)).toThrow(message);
  });
});
