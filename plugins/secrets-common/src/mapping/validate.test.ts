import { validateMappingSpec, type ValidationIssue } from './validate';

const valid = () => ({
  store: 'local-kv2',
  data: [
    {
      secretKey: 'api-key',
      remoteRef: { key: 'payments/payments-api', property: 'api_key' },
    },
  ],
  target: { clusters: ['local'], namespace: 'payments', name: 'payments-api' },
});

function issuesOf(input: unknown): ValidationIssue[] {
  const result = validateMappingSpec(input);
  if (result.ok) throw new Error('expected the input to be rejected');
  return result.issues;
}

describe('validateMappingSpec', () => {
  it('accepts the seed mappings: a property, an extract, a find and a dockerconfigjson template', () => {
    const spec = {
      store: 'local-kv2',
      refreshInterval: '15m',
      refreshPolicy: 'Periodic',
      data: [
        {
          secretKey: 'password',
          remoteRef: {
            key: 'path_to_secret',
            property: 'password',
            version: 2,
          },
        },
        {
          secretKey: 'username',
          remoteRef: { key: 'app/config', property: 'db.username_on_vault' },
        },
      ],
      dataFrom: [
        { extract: { key: 'payments/payments-worker' } },
        { find: { path: 'payments', name: { regexp: '^registry' } } },
      ],
      target: {
        clusters: ['local', 'prod-eu'],
        namespace: 'payments',
        name: 'gitlab-registry',
        type: 'kubernetes.io/dockerconfigjson',
        creationPolicy: 'Merge',
        deletionPolicy: 'Delete',
        labels: { team: 'payments', 'example.com/tier': 'backend' },
        annotations: {
          'example.com/docs': 'https://docs.example.com/registry',
        },
        template: { data: { '.dockerconfigjson': '{{ .password }}' } },
      },
    };
    expect(validateMappingSpec(spec)).toEqual({ ok: true, value: spec });
  });

  it('names every missing required field at once', () => {
    expect(
      issuesOf({ target: {} })
        .map(i => i.path)
        .sort(),
    ).toEqual(
      [
        'data',
        'store',
        'target.clusters',
        'target.name',
        'target.namespace',
      ].sort(),
    );
  });

  it('rejects unknown fields so that typos do not pass silently', () => {
    expect(issuesOf({ ...valid(), refreshIntervall: '1h' })).toEqual([
      {
        path: 'refreshIntervall',
        message: expect.stringContaining('is not a known field'),
      },
    ]);
  });

  it.each([
    [
      'target.namespace',
      { target: { ...valid().target, namespace: 'Payments' } },
      'lowercase',
    ],
    [
      'target.name',
      { target: { ...valid().target, name: 'my_secret' } },
      'lowercase',
    ],
    [
      'target.clusters[1]',
      { target: { ...valid().target, clusters: ['local', 'local'] } },
      'listed twice',
    ],
    [
      'target.creationPolicy',
      { target: { ...valid().target, creationPolicy: 'Replace' } },
      'Owner, Merge, Orphan',
    ],
    ['store', { store: 'Local KV' }, 'lowercase'],
    [
      'refreshPolicy',
      { refreshPolicy: 'Sometimes' },
      'Periodic, CreatedOnce, OnChange',
    ],
  ])('%s breaks its rule', (path, patch, rule) => {
    const issues = issuesOf({ ...valid(), ...patch });
    expect(issues).toEqual([{ path, message: expect.stringContaining(rule) }]);
  });

  it.each([
    '/payments/api',
    'payments/../platform/root',
    'payments//api',
    'payments/api/',
    'pay ments',
    'a?b',
  ])('rejects the Vault key %j', key => {
    const issues = issuesOf({
      ...valid(),
      data: [{ secretKey: 'k', remoteRef: { key } }],
    });
    expect(issues).toEqual([
      {
        path: 'data[0].remoteRef.key',
        message: expect.stringContaining('path below the mount'),
      },
    ]);
  });

  it('keeps words like "data" inside Vault keys (ESO #1333)', () => {
    expect(
      validateMappingSpec({
        ...valid(),
        data: [{ secretKey: 'k', remoteRef: { key: 'data/app/data' } }],
      }).ok,
    ).toBe(true);
  });

  it('rejects duplicate Secret keys and bad versions', () => {
    const issues = issuesOf({
      ...valid(),
      data: [
        { secretKey: 'k', remoteRef: { key: 'a' } },
        { secretKey: 'k', remoteRef: { key: 'b', version: 0 } },
      ],
    });
    expect(issues).toEqual([
      {
        path: 'data[1].secretKey',
        message: '"k" is already used by another entry',
      },
      {
        path: 'data[1].remoteRef.version',
        message: expect.stringContaining('positive whole number'),
      },
    ]);
  });

  it('requires exactly one source per dataFrom entry and a valid regexp', () => {
    const issues = issuesOf({
      ...valid(),
      dataFrom: [
        { extract: { key: 'a' }, find: { name: { regexp: 'x' } } },
        { find: { name: { regexp: '(' } } },
      ],
    });
    expect(issues.map(i => i.path)).toEqual([
      'dataFrom[0]',
      'dataFrom[1].find.name.regexp',
    ]);
  });

  it('refuses labels and annotations the plugin reserves for itself', () => {
    const issues = issuesOf({
      ...valid(),
      target: {
        ...valid().target,
        labels: { 'app.kubernetes.io/managed-by': 'me' },
        annotations: { 'secrets.backstage.io/data-hmac': 'x' },
      },
    });
    expect(issues.map(i => i.message)).toEqual([
      expect.stringContaining('reserved'),
      expect.stringContaining('reserved'),
    ]);
  });

  it('reports template problems with their position, and bad template keys', () => {
    const result = validateMappingSpec({
      ...valid(),
      target: {
        ...valid().target,
        template: {
          data: {
            'bad key': 'x',
            ok: '{{ .password | b64enc }}',
            broken: '{\n  "auth": "{{ .user | nosuchfunc }}"\n}',
          },
        },
      },
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: 'target.template.data["bad key"]',
          message: expect.stringContaining('key must be letters'),
        },
        {
          path: 'target.template.data["broken"]',
          message: expect.stringMatching(/nosuchfunc.* at 2:\d+$/),
        },
      ],
    });
  });

  it.each(['90s', '0', '1h30m'])(
    'accepts the refreshInterval %j',
    refreshInterval => {
      expect(validateMappingSpec({ ...valid(), refreshInterval }).ok).toBe(
        true,
      );
    },
  );

  it.each([
    ['1d', 'unknown unit'],
    ['-5m', 'must not be negative'],
    ['soon', 'invalid duration'],
  ])('rejects the refreshInterval %j: %s', (refreshInterval, problem) => {
    expect(issuesOf({ ...valid(), refreshInterval })).toEqual([
      { path: 'refreshInterval', message: expect.stringContaining(problem) },
    ]);
  });

  it('accepts the ESO target policies and refuses the pairs that contradict each other', () => {
    const withTarget = (target: object) => ({
      ...valid(),
      target: { ...valid().target, ...target },
    });
    for (const target of [
      { creationPolicy: 'None' },
      { deletionPolicy: 'Merge', immutable: true },
      { creationPolicy: 'Merge', deletionPolicy: 'Merge' },
      { creationPolicy: 'Orphan', immutable: false },
    ])
      expect(validateMappingSpec(withTarget(target)).ok).toBe(true);
    expect(
      issuesOf(
        withTarget({
          creationPolicy: 'None',
          deletionPolicy: 'Merge',
          immutable: true,
          rolloutRestartTargets: [{ kind: 'Deployment', name: 'api' }],
        }),
      ).map(i => i.path),
    ).toEqual([
      'target.deletionPolicy',
      'target.immutable',
      'target.rolloutRestartTargets',
    ]);
    expect(
      issuesOf(withTarget({ creationPolicy: 'Merge', immutable: true })),
    ).toEqual([
      {
        path: 'target.immutable',
        message:
          'needs creationPolicy Owner or Orphan: a mapping does not freeze a Secret it only merges keys into',
      },
    ]);
    expect(issuesOf(withTarget({ immutable: 'yes' }))).toEqual([
      { path: 'target.immutable', message: 'must be true or false' },
    ]);
    const dynamic = {
      store: 'local-kv2',
      dynamic: { engine: 'database', role: 'app' },
      target: {
        ...valid().target,
        creationPolicy: 'None',
        immutable: true,
        deletionPolicy: 'Merge',
        template: {
          data: {},
          templateFrom: [{ configMap: { name: 'c', items: [{ key: 'k' }] } }],
        },
      },
    };
    expect(issuesOf(dynamic).map(i => i.path)).toEqual(
      expect.arrayContaining([
        'target.creationPolicy',
        'target.immutable',
        'target.deletionPolicy',
        'target.template.templateFrom',
      ]),
    );
  });

  it('rejects a non-object input without throwing', () => {
    expect(issuesOf('store: x')).toEqual([
      { path: '', message: 'must be an object' },
    ]);
    expect(issuesOf(null)).toEqual([
      { path: '', message: 'must be an object' },
    ]);
  });
});
