import {
  validateMappingSpec,
  type MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import { emptyForm, fromSpec, toSpec } from './formModel';

const spec: MappingSpec = {
  store: 'local-kv2',
  data: [
    {
      secretKey: 'username',
      remoteRef: { key: 'payments/registry', property: 'username' },
    },
    {
      secretKey: 'password',
      remoteRef: { key: 'payments/registry', property: 'password', version: 2 },
    },
  ],
  dataFrom: [{ extract: { key: 'payments/payments-api' } }],
  target: {
    clusters: ['local'],
    namespace: 'payments',
    name: 'registry',
    type: 'kubernetes.io/dockerconfigjson',
    creationPolicy: 'Orphan',
    deletionPolicy: 'Merge',
    immutable: true,
    template: { data: { '.dockerconfigjson': '{{ .username }}' } },
    rolloutRestartTargets: [
      { kind: 'Deployment', name: 'api' },
      { kind: 'DaemonSet', name: 'agent' },
    ],
  },
  refreshInterval: '5m',
  refreshPolicy: 'OnChange',
};

describe('mapping form model', () => {
  it('round-trips a spec through the form', () => {
    const { form, unsupported } = fromSpec(spec);
    expect(unsupported).toEqual([]);
    expect(form.immutable).toBe(true);
    expect(toSpec(form)).toEqual(spec);
    expect(toSpec({ ...form, immutable: false }).target).not.toHaveProperty(
      'immutable',
    );
  });

  it('keeps incomplete rows so validation issues point at them', () => {
    const form = emptyForm({
      store: 'kv',
      clusters: ['local'],
      namespace: 'ns',
      name: 's',
    });
    const result = validateMappingSpec(toSpec(form));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map(i => i.path)).toEqual([
      'data[0].secretKey',
      'data[0].remoteRef.key',
    ]);
  });

  it('sets find sources aside as not editable in the form', () => {
    const { unsupported } = fromSpec({
      ...spec,
      dataFrom: [{ find: { path: 'p', name: { regexp: '.*' } } }],
    });
    expect(unsupported).toEqual(['dataFrom[0]']);
  });

  it('writes back everything it cannot edit when a field it can is changed', () => {
    const full: MappingSpec = {
      ...spec,
      maxAge: '30d',
      data: [
        {
          secretKey: 'cert',
          remoteRef: {
            key: 'payments/tls',
            property: 'crt',
            decodingStrategy: 'Base64',
          },
        },
      ],
      dataFrom: [
        { find: { path: 'payments', name: { regexp: '^db' } } },
        { extract: { key: 'payments/payments-api' } },
        { extract: { key: 'payments/pinned', version: 3 } },
      ],
      target: {
        ...spec.target,
        labels: { team: 'payments' },
        annotations: { 'example.com/owner': 'payments' },
      },
    };
    const { form } = fromSpec(full);
    expect(toSpec(form)).toEqual(full);
    // Changing the name keeps the rest; changing the extracts keeps the other sources.
    expect(toSpec({ ...form, name: 'renamed' })).toEqual({
      ...full,
      target: { ...full.target, name: 'renamed' },
    });
    expect(toSpec({ ...form, extracts: ['payments/other'] }).dataFrom).toEqual([
      { find: { path: 'payments', name: { regexp: '^db' } } },
      { extract: { key: 'payments/pinned', version: 3 } },
      { extract: { key: 'payments/other' } },
    ]);
  });

  it('reads restart targets as Kind/name pairs and passes malformed ones on for validation', () => {
    const form = emptyForm({
      restartTargets: 'Deployment/api,  Pod/x , StatefulSet',
    });
    expect(toSpec(form).target.rolloutRestartTargets).toEqual([
      { kind: 'Deployment', name: 'api' },
      { kind: 'Pod', name: 'x' },
      { kind: 'StatefulSet', name: '' },
    ]);
    const result = validateMappingSpec(toSpec(form));
    const paths = result.ok ? [] : result.issues.map(i => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'target.rolloutRestartTargets[1].kind',
        'target.rolloutRestartTargets[2].name',
      ]),
    );
  });

  it('round-trips dynamic sources, and switching back to KV drops them', () => {
    const db: MappingSpec = {
      store: 'local-kv2',
      dynamic: { engine: 'database', role: 'payments-app', renewAtPercent: 50 },
      target: { clusters: ['local'], namespace: 'payments', name: 'db' },
      refreshInterval: '1h',
    };
    expect(toSpec(fromSpec(db).form)).toEqual(db);
    const tls: MappingSpec = {
      store: 'local-kv2',
      dynamic: {
        engine: 'pki',
        mount: 'int/pki',
        role: 'payments-tls',
        commonName: 'api.payments.svc',
        altNames: ['a.payments.svc', 'b.payments.svc'],
        ttl: '72h',
        renewBefore: '24h',
      },
      target: {
        clusters: ['local'],
        namespace: 'payments',
        name: 'tls',
        type: 'kubernetes.io/tls',
      },
      refreshInterval: '1h',
    };
    const { form } = fromSpec(tls);
    expect(form.source).toBe('pki');
    expect(toSpec(form)).toEqual(tls);
    expect(validateMappingSpec(toSpec(form)).ok).toBe(true);
    const kv = toSpec({ ...form, source: 'kv', entries: [] });
    expect(kv.dynamic).toBeUndefined();
    // A percentage that is not a number reaches validation, which names the field.
    const bad = toSpec({
      ...fromSpec(db).form,
      dynamic: { ...fromSpec(db).form.dynamic, renewAtPercent: 'half' },
    });
    const result = validateMappingSpec(bad);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map(i => i.path)).toEqual([
      'dynamic.renewAtPercent',
    ]);
  });
});
