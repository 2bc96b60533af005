import {
  dynamicPath,
  dynamicSecretKeys,
  dynamicSecretType,
} from './dynamicSource';
import { validateMappingSpec, type ValidationIssue } from './validate';

const target = { clusters: ['local'], namespace: 'payments', name: 'db' };

function issuesOf(input: unknown): ValidationIssue[] {
  const result = validateMappingSpec(input);
  if (result.ok) throw new Error('expected the input to be rejected');
  return result.issues;
}

describe('dynamic mappings', () => {
  it('accepts database credentials and a certificate, with templates', () => {
    expect(
      validateMappingSpec({
        store: 'kv',
        dynamic: {
          engine: 'database',
          role: 'payments-app',
          renewAtPercent: 50,
        },
        target: {
          ...target,
          template: {
            data: { dsn: 'postgres://{{ .username }}:{{ .password }}@db/app' },
          },
        },
      }).ok,
    ).toBe(true);
    expect(
      validateMappingSpec({
        store: 'kv',
        dynamic: {
          engine: 'pki',
          mount: 'team/pki',
          role: 'web',
          commonName: 'api.payments.svc',
          altNames: ['*.payments.svc'],
          ttl: '72h',
          renewBefore: '24h',
        },
        target,
      }).ok,
    ).toBe(true);
  });

  it('names every broken rule', () => {
    expect(
      issuesOf({
        store: 'kv',
        dynamic: {
          engine: 'database',
          role: 'a/b',
          commonName: 'x.svc',
          renewAtPercent: 95,
        },
        data: [],
        refreshPolicy: 'OnChange',
        target: { ...target, clusters: ['a', 'b'] },
      }),
    ).toEqual([
      { path: 'dynamic', message: 'cannot be combined with data or dataFrom' },
      {
        path: 'refreshPolicy',
        message:
          'must be Periodic for a dynamic mapping: leases and certificates expire',
      },
      {
        path: 'dynamic.role',
        message:
          'must be a Vault role name: letters, digits, "-", "_" and ".", at most 128 characters',
      },
      { path: 'dynamic.commonName', message: 'applies to the pki engine only' },
      {
        path: 'dynamic.renewAtPercent',
        message: 'must be a whole number from 10 to 90',
      },
    ]);
    expect(
      issuesOf({
        store: 'kv',
        dynamic: {
          engine: 'pki',
          role: 'web',
          altNames: ['not a name'],
          ttl: 'soon',
          renewAtPercent: 50,
        },
        target,
      }).map(i => i.path),
    ).toEqual([
      'dynamic.renewAtPercent',
      'dynamic.commonName',
      'dynamic.altNames[0]',
      'dynamic.ttl',
    ]);
    expect(
      issuesOf({ store: 'kv', dynamic: { engine: 'ssh', role: 'x' }, target }),
    ).toEqual([
      { path: 'dynamic.engine', message: 'must be one of database, pki' },
    ]);
  });

  it('builds the Vault path from mount, engine and role', () => {
    expect(dynamicPath({ engine: 'database', role: 'app' })).toBe(
      'database/creds/app',
    );
    expect(dynamicPath({ engine: 'pki', mount: 'int/pki', role: 'web' })).toBe(
      'int/pki/issue/web',
    );
  });

  it('names the Secret keys and type: templates and target.type win', () => {
    const db = {
      store: 'kv',
      dynamic: { engine: 'database' as const, role: 'app' },
      target,
    };
    const tls = {
      ...db,
      dynamic: { engine: 'pki' as const, role: 'web', commonName: 'a.svc' },
    };
    expect(dynamicSecretKeys(db)).toEqual(['username', 'password']);
    expect(dynamicSecretType(db)).toBe('Opaque');
    expect(dynamicSecretKeys(tls)).toEqual(['tls.crt', 'tls.key', 'ca.crt']);
    expect(dynamicSecretType(tls)).toBe('kubernetes.io/tls');
    const templated = {
      ...db,
      target: {
        ...target,
        type: 'custom',
        template: { data: { dsn: '{{ .username }}' } },
      },
    };
    expect(dynamicSecretKeys(templated)).toEqual(['dsn']);
    expect(dynamicSecretType(templated)).toBe('custom');
  });
});
