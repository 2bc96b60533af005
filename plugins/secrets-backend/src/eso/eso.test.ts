import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import { validateMappingSpec } from '@backstage-secrets/plugin-secrets-common';
import type { StoreConfig } from '../config';
import { fromExternalSecret } from './fromExternalSecret';
import { toExternalSecret } from './toExternalSecret';

const store = (name: string, mount: string, kvVersion: 1 | 2): StoreConfig => ({
  name,
  server: 'http://vault',
  mount,
  kvVersion,
  publicUrl: 'http://vault',
  requestTimeoutMs: 1000,
  auth: { method: 'token', token: { value: 't' } },
  loginBackoff: { initialMs: 120_000, maxMs: 960_000 },
  allowedPaths: [],
  dynamicRoles: [],
  unmanagedRotationPaths: [],
});
const stores = new Map([
  ['vault-backend', store('vault-backend', 'secret', 2)],
  ['kv-v2', store('kv-v2', 'kv-v2', 2)],
]);
const options = { stores, clusters: ['local'], defaultNamespace: 'payments' };

/** The ExternalSecrets of the seed documents, as users would paste them. */
const SEEDS = {
  '000 token store': `
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: my-app-secret
  namespace: default
spec:
  refreshInterval: 1h
  secretStoreRef:
    kind: ClusterSecretStore
    name: vault-backend
  target:
    name: my-app-k8s-secret
    creationPolicy: Owner
  data:
    - secretKey: api-key
      remoteRef:
        key: my-app/api-key
`,
  '001 jwt property': `
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: external-secret-example
spec:
  refreshInterval: "600s"
  secretStoreRef:
    name: kv-v2
    kind: SecretStore
  target:
    name: vault-secret-name
  data:
  - secretKey: "username"
    remoteRef:
      key: kv-v2/kubernetes/supsersecret/test-secret
      property: username_on_vault
`,
  '002 gitlab dockerconfigjson': `
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: es-gitlab-registry
spec:
  refreshInterval: 1m
  secretStoreRef:
    name: vault-backend
    kind: SecretStore
  target:
    name: gitlab-registry-secret
    template:
      type: kubernetes.io/dockerconfigjson
      engineVersion: v2
      data:
        .dockerconfigjson: '{ "auths": { "registry.gitlab.com": { "auth": "{{ printf "%s:%s" .username .password | b64enc }}"}}}'
  data:
  - secretKey: username
    remoteRef:
      key: gitlab/credentials
      property: username
  - secretKey: password
    remoteRef:
      key: gitlab/credentials
      property: password
`,
  '004 config.yaml template': `
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: app-config
spec:
  secretStoreRef:
    name: vault-backend
  target:
    name: app-config
    template:
      type: Opaque
      data:
        config.yaml: |
          database:
            url: postgresql://{{ .username }}:{{ .password }}@postgres:5432/mydb
          api_key: {{ .api_key }}
  data:
  - secretKey: username
    remoteRef:
      key: secret/data/database/config
      property: username
  - secretKey: password
    remoteRef:
      key: secret/data/database/config
      property: password
      version: "2"
  - secretKey: api_key
    remoteRef:
      key: secret/data/api/keys
      property: stripe_key
  dataFrom:
  - extract:
      key: database/config
`,
};

const asMapping = (spec: Mapping['spec']): Mapping => ({
  id: 'm1',
  entityRef: 'component:default/payments-api',
  spec,
  revision: 1,
  createdAt: '',
  updatedAt: '',
  createdBy: 'user:default/alice',
  updatedBy: 'user:default/alice',
});

describe('ExternalSecret import and export', () => {
  it.each(Object.entries(SEEDS))(
    'imports seed %s as a valid spec and round-trips it',
    (_, yaml) => {
      const imported = fromExternalSecret(yaml, options);
      expect(imported.issues).toEqual([]);
      const spec = imported.spec!;
      expect(validateMappingSpec(spec)).toEqual({ ok: true, value: spec });
      const again = fromExternalSecret(
        toExternalSecret(asMapping(spec)),
        options,
      );
      expect(again).toEqual({ spec, issues: [], notes: [] });
    },
  );

  it('reads seed 002 into the dockerconfigjson mapping', () => {
    expect(
      fromExternalSecret(SEEDS['002 gitlab dockerconfigjson'], options).spec,
    ).toEqual({
      store: 'vault-backend',
      target: {
        clusters: ['local'],
        namespace: 'payments',
        name: 'gitlab-registry-secret',
        type: 'kubernetes.io/dockerconfigjson',
        template: {
          data: {
            '.dockerconfigjson':
              '{ "auths": { "registry.gitlab.com": { "auth": "{{ printf "%s:%s" .username .password | b64enc }}"}}}',
          },
        },
      },
      data: [
        {
          secretKey: 'username',
          remoteRef: { key: 'gitlab/credentials', property: 'username' },
        },
        {
          secretKey: 'password',
          remoteRef: { key: 'gitlab/credentials', property: 'password' },
        },
      ],
      refreshInterval: '1m',
    });
  });

  it('makes keys pasted with the mount relative to it, and says so', () => {
    const result = fromExternalSecret(
      SEEDS['004 config.yaml template'],
      options,
    );
    expect(
      result.spec!.data!.map(d => [d.remoteRef.key, d.remoteRef.version]),
    ).toEqual([
      ['database/config', undefined],
      ['database/config', 2],
      ['api/keys', undefined],
    ]);
    expect(result.notes).toContainEqual({
      path: 'spec.data[0].remoteRef.key',
      message:
        '"secret/data/database/config" starts with the store\'s mount; kept as "database/config"',
    });
    expect(result.spec!.target.namespace).toBe('payments');
  });

  it('takes an ExternalSecret copied from a live cluster, with the CRD defaults written in', () => {
    // As `kubectl get externalsecret -o yaml` prints it: server-set metadata, status,
    // and every default ESO's CRD fills in, nullBytePolicy included.
    const yaml = `
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: db
  namespace: payments
  uid: 7f0c3c9e-0000-4000-8000-000000000000
  resourceVersion: "48213"
  generation: 2
  creationTimestamp: "2026-11-30T10:00:00Z"
  managedFields: [{ manager: argocd-controller, operation: Apply }]
spec:
  refreshInterval: 1h0m0s
  secretStoreRef: { kind: ClusterSecretStore, name: vault-backend }
  target:
    name: db
    creationPolicy: Owner
    deletionPolicy: Retain
  data:
  - secretKey: password
    remoteRef:
      key: /database/config
      property: password
      conversionStrategy: Default
      decodingStrategy: None
      metadataPolicy: None
      nullBytePolicy: Ignore
  dataFrom:
  - extract:
      key: /api/keys
      conversionStrategy: Default
      decodingStrategy: None
      metadataPolicy: None
      nullBytePolicy: Ignore
status:
  binding: { name: db }
  conditions: [{ type: Ready, status: "True", reason: SecretSynced }]
  refreshTime: "2026-11-30T10:00:00Z"
  syncedResourceVersion: 2-abc
`;
    const result = fromExternalSecret(yaml, options);
    expect(result.issues).toEqual([]);
    expect(result.spec).toMatchObject({
      data: [
        {
          secretKey: 'password',
          remoteRef: { key: 'database/config', property: 'password' },
        },
      ],
      dataFrom: [{ extract: { key: 'api/keys' } }],
      refreshInterval: '1h0m0s',
      target: { creationPolicy: 'Owner', deletionPolicy: 'Retain' },
    });
    expect(result.notes).toEqual([
      {
        path: 'spec.data[0].remoteRef.key',
        message:
          '"/database/config" starts with "/"; kept as "database/config"',
      },
      {
        path: 'spec.dataFrom[0].extract.key',
        message: '"/api/keys" starts with "/"; kept as "api/keys"',
      },
    ]);
    expect(validateMappingSpec(result.spec!).ok).toBe(true);
  });

  it('still names a remoteRef policy that is not the default', () => {
    const yaml = `
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: x, namespace: payments }
spec:
  secretStoreRef: { name: vault-backend, kind: ClusterSecretStore }
  target: { name: x }
  data:
  - secretKey: a
    remoteRef: { key: k, conversionStrategy: Unicode }
`;
    expect(fromExternalSecret(yaml, options).issues).toEqual([
      {
        path: 'spec.data[0].remoteRef.conversionStrategy',
        message: 'is not supported by Backstage Secrets',
      },
    ]);
  });

  it('names every field it cannot honour', () => {
    const yaml = `
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: x, namespace: payments }
spec:
  secretStoreRef: { name: elsewhere, kind: SecretStore }
  target:
    name: x
    template:
      engineVersion: v1
      mergePolicy: Sometimes
      templateFrom: [{ target: Annotations, configMap: { name: c } }]
  data:
  - secretKey: a
    remoteRef: { key: k, decodingStrategy: Base32, version: latest }
    sourceRef: { generatorRef: { name: g } }
  dataFrom:
  - find: { path: p, name: { regexp: x }, tags: { a: b } }
    rewrite: [{ regexp: { source: a, target: b } }]
`;
    expect(fromExternalSecret(yaml, options).issues.map(i => i.path)).toEqual([
      'spec.secretStoreRef.name',
      'spec.target.template.mergePolicy',
      'spec.target.template.engineVersion',
      'spec.target.template.templateFrom[0].target',
      'spec.data[0].sourceRef',
      'spec.data[0].remoteRef.version',
      'spec.data[0].remoteRef.decodingStrategy',
    ]);
  });

  it('keeps immutable, creationPolicy None and deletionPolicy Merge, and exports them back', () => {
    const doc = (target: string) => `
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: frozen, namespace: payments }
spec:
  secretStoreRef: { name: kv-v2, kind: ClusterSecretStore }
  target:
${target}
  data:
  - secretKey: a
    remoteRef: { key: payments/app }
`;
    const frozen = fromExternalSecret(
      doc('    name: frozen\n    immutable: true\n    deletionPolicy: Merge'),
      options,
    );
    expect(frozen.issues).toEqual([]);
    expect(frozen.spec!.target).toMatchObject({
      immutable: true,
      deletionPolicy: 'Merge',
    });
    const none = fromExternalSecret(
      doc('    creationPolicy: None\n    immutable: false'),
      options,
    );
    expect(none.issues).toEqual([]);
    expect(none.spec!.target.creationPolicy).toBe('None');
    expect(none.spec!.target).not.toHaveProperty('immutable');
    for (const spec of [frozen.spec!, none.spec!])
      expect(
        fromExternalSecret(toExternalSecret(asMapping(spec)), options).spec,
      ).toEqual(spec);
    expect(toExternalSecret(asMapping(frozen.spec!))).toContain(
      '    deletionPolicy: Merge\n    immutable: true\n',
    );
  });

  it('keeps decodingStrategy and template mergePolicy, and exports them back', () => {
    const yaml = `
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: tls, namespace: payments }
spec:
  secretStoreRef: { name: vault-backend, kind: ClusterSecretStore }
  target:
    name: tls
    template:
      engineVersion: v2
      mergePolicy: Merge
      data: { bundle: '{{ .crt }}' }
  data:
  - secretKey: crt
    remoteRef: { key: payments/tls, property: crt, decodingStrategy: Base64 }
  dataFrom:
  - extract: { key: payments/extra, decodingStrategy: Auto, conversionStrategy: Default }
`;
    const { spec, issues } = fromExternalSecret(yaml, options);
    expect(issues).toEqual([]);
    expect(spec!.data![0].remoteRef.decodingStrategy).toBe('Base64');
    expect(spec!.dataFrom).toEqual([
      { extract: { key: 'payments/extra', decodingStrategy: 'Auto' } },
    ]);
    expect(spec!.target.template).toEqual({
      data: { bundle: '{{ .crt }}' },
      mergePolicy: 'Merge',
    });
    const exported = toExternalSecret({
      id: 'id',
      entityRef: 'component:default/payments-api',
      spec: spec!,
      revision: 1,
      createdAt: '',
      updatedAt: '',
      createdBy: '',
      updatedBy: '',
    });
    const again = fromExternalSecret(exported, options);
    expect(again.spec).toEqual(spec);
  });

  it('uses a chosen store when the ExternalSecret names another', () => {
    const result = fromExternalSecret(
      SEEDS['000 token store'].replace('name: vault-backend', 'name: theirs'),
      {
        ...options,
        store: 'kv-v2',
      },
    );
    expect(result.spec!.store).toBe('kv-v2');
    expect(result.notes).toEqual([
      {
        path: 'spec.secretStoreRef.name',
        message: 'store "kv-v2" is used instead of "theirs"',
      },
    ]);
  });

  it('reports YAML errors by position without quoting the text', () => {
    const result = fromExternalSecret(
      'kind: ExternalSecret\nspec: [a,\n b: canary-value: x',
      options,
    );
    expect(result.issues.length).toBeGreaterThan(0);
    expect(JSON.stringify(result.issues)).not.toContain('canary-value');
    expect(result.issues[0].message).toMatch(/at line \d+, column \d+$/);
  });

  it('refuses documents without exactly one ExternalSecret, and alias bombs', () => {
    expect(fromExternalSecret('kind: Secret\n', options).issues).toEqual([
      {
        path: 'yaml',
        message: 'must contain exactly one ExternalSecret (found 0)',
      },
    ]);
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x]',
      ...'bcdefgh'
        .split('')
        .map(
          (c, i) =>
            `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`,
        ),
      'kind: ExternalSecret',
    ].join('\n');
    expect(fromExternalSecret(bomb, options).issues).toEqual([
      { path: 'yaml', message: 'uses too many aliases' },
    ]);
  });

  it("copies the ExternalSecret's labels and annotations to the Secret as ESO does, naming what it leaves out", () => {
    const withMetadata = (template: string) => `
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: argocd-repo
  namespace: payments
  labels:
    app.kubernetes.io/part-of: argocd
    app.kubernetes.io/managed-by: Helm
  annotations:
    team: payments
    kubectl.kubernetes.io/last-applied-configuration: "{}"
spec:
  secretStoreRef: { name: vault-backend, kind: ClusterSecretStore }
  target:
    name: argocd-repo
${template}
  data:
    - secretKey: password
      remoteRef: { key: argocd/repo, property: password }
`;
    const plain = fromExternalSecret(withMetadata(''), options);
    expect(plain.issues).toEqual([]);
    expect(plain.spec!.target.labels).toEqual({
      'app.kubernetes.io/part-of': 'argocd',
    });
    expect(plain.spec!.target.annotations).toEqual({ team: 'payments' });
    expect(plain.notes.map(n => n.path)).toEqual([
      'metadata.labels["app.kubernetes.io/managed-by"]',
      'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]',
    ]);
    expect(validateMappingSpec(plain.spec).ok).toBe(true);

    // With a template, ESO takes the Secret's metadata from template.metadata only.
    const templated = fromExternalSecret(
      withMetadata(`    template:
      metadata:
        labels: { tier: backend }`),
      options,
    );
    expect(templated.spec!.target.labels).toEqual({ tier: 'backend' });
    expect(templated.spec!.target.annotations).toBeUndefined();
    expect(templated.notes.map(n => n.path)).toEqual([
      'metadata.labels',
      'metadata.annotations',
    ]);
  });

  it('keeps rollout restart targets through an export and import', () => {
    const spec = fromExternalSecret(SEEDS['000 token store'], options).spec!;
    spec.target.rolloutRestartTargets = [
      { kind: 'Deployment', name: 'api' },
      { kind: 'StatefulSet', name: 'worker' },
    ];
    expect(
      fromExternalSecret(toExternalSecret(asMapping(spec)), options).spec,
    ).toEqual(spec);
  });
});
