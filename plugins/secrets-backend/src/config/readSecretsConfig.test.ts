import { ConfigReader } from '@backstage/config';
import { IN_CLUSTER_TOKEN_FILE } from './inClusterToken';
import { readSecretsConfig } from './readSecretsConfig';

const appRole = { appRole: { roleId: 'r', secretId: 's' } };
const store = (extra: Record<string, unknown> = {}) => ({
  server: 'https://vault.example.com:8200/',
  mount: 'secret',
  auth: appRole,
  ...extra,
});
const read = (secrets: unknown) =>
  readSecretsConfig(new ConfigReader({ secrets } as any));
const storeWith = (extra: Record<string, unknown>) =>
  read({ stores: { payments: store(extra) } });
const authWith = (auth: unknown) => storeWith({ auth });

describe('readSecretsConfig', () => {
  it('applies defaults when secrets is absent', () => {
    const config = readSecretsConfig(new ConfigReader({}));
    expect(config.engine).toEqual({
      enabled: true,
      concurrency: 8,
      defaultRefreshIntervalMs: 3_600_000,
      jitter: 0.1,
      backoff: { initialMs: 5000, maxMs: 600_000 },
      syncNowWaitMs: 30_000,
      healthCheckIntervalMs: 60_000,
      watch: true,
      loopDelayBudgetMs: 2,
      claimTimeoutMs: 60_000,
      secretReadIntervalMs: 86_400_000,
    });
    expect(config.stores.size).toBe(0);
  });

  it('reads the engine block', () => {
    const { engine } = read({
      engine: {
        enabled: false,
        concurrency: 2,
        defaultRefreshInterval: '15m',
        jitter: 0,
        backoff: { initial: '1s', max: '1h30m' },
        syncNowWait: '2m',
        healthCheckInterval: '15s',
        watch: false,
        loopDelayBudget: '25ms',
        claimTimeout: '2m',
        secretReadInterval: '6h',
      },
    });
    expect(engine).toEqual({
      enabled: false,
      concurrency: 2,
      defaultRefreshIntervalMs: 900_000,
      jitter: 0,
      backoff: { initialMs: 1000, maxMs: 5_400_000 },
      syncNowWaitMs: 120_000,
      healthCheckIntervalMs: 15_000,
      watch: false,
      loopDelayBudgetMs: 25,
      claimTimeoutMs: 120_000,
      secretReadIntervalMs: 21_600_000,
    });
    expect(
      read({
        engine: {
          defaultRefreshInterval: 0,
          loopDelayBudget: 0,
          secretReadInterval: 0,
        },
      }).engine,
    ).toMatchObject({
      defaultRefreshIntervalMs: 0,
      loopDelayBudgetMs: 0,
      secretReadIntervalMs: 0,
    });
    // As an environment variable substitutes it.
    expect(read({ engine: { enabled: 'false' } }).engine.enabled).toBe(false);
  });

  it('reads a store with defaults', () => {
    const s = read({ stores: { 'payments-kv': store() } }).stores.get(
      'payments-kv',
    );
    expect(s).toEqual({
      allowedPaths: [],
      dynamicRoles: [],
      unmanagedRotationPaths: [],
      name: 'payments-kv',
      server: 'https://vault.example.com:8200',
      mount: 'secret',
      kvVersion: 2,
      namespace: undefined,
      caBundle: undefined,
      caFile: undefined,
      publicUrl: 'https://vault.example.com:8200',
      requestTimeoutMs: 10_000,
      auth: { method: 'appRole', path: 'approle', roleId: 'r', secretId: 's' },
      loginBackoff: { initialMs: 120_000, maxMs: 960_000 },
    });
  });

  it('reads every store option', () => {
    const s = storeWith({
      mount: 'team/kv',
      kvVersion: 1,
      namespace: 'team-a',
      caFile: '/etc/vault/ca.pem',
      publicUrl: 'https://vault-ui.example.com',
      requestTimeout: '2s',
      loginBackoff: { initial: '30s', max: '5m' },
    }).stores.get('payments')!;
    expect(s).toMatchObject({
      mount: 'team/kv',
      kvVersion: 1,
      namespace: 'team-a',
      caFile: '/etc/vault/ca.pem',
      publicUrl: 'https://vault-ui.example.com',
      requestTimeoutMs: 2000,
      loginBackoff: { initialMs: 30_000, maxMs: 300_000 },
    });
  });

  it('reads each auth method', () => {
    const auth = (a: unknown) => authWith(a).stores.get('payments')!.auth;
    expect(auth({ token: { value: 't' } })).toEqual({
      method: 'token',
      token: { value: 't' },
    });
    expect(auth({ token: { file: '/run/token' } })).toEqual({
      method: 'token',
      token: { file: '/run/token' },
    });
    expect(auth({ token: { env: 'VAULT_ENGINE_TOKEN' } })).toEqual({
      method: 'token',
      token: { env: 'VAULT_ENGINE_TOKEN' },
    });
    expect(
      auth({
        kubernetes: {
          role: 'engine',
          serviceAccountRef: { namespace: 'ns', name: 'sa' },
        },
      }),
    ).toEqual({
      method: 'kubernetes',
      path: 'kubernetes',
      role: 'engine',
      serviceAccountRef: {
        cluster: undefined,
        namespace: 'ns',
        name: 'sa',
        audiences: undefined,
        expirationSeconds: 600,
      },
      tokenFile: undefined,
    });
    expect(
      auth({
        kubernetes: { mountPath: 'k8s/prod', role: 'r', tokenFile: '/t' },
      }),
    ).toMatchObject({
      method: 'kubernetes',
      path: 'k8s/prod',
      tokenFile: '/t',
    });
    expect(
      auth({
        jwt: {
          role: 'r',
          serviceAccountRef: {
            cluster: 'prod',
            namespace: 'ns',
            name: 'sa',
            audiences: ['vault'],
            expirationSeconds: 3600,
          },
        },
      }),
    ).toMatchObject({
      method: 'jwt',
      path: 'jwt',
      serviceAccountRef: {
        cluster: 'prod',
        audiences: ['vault'],
        expirationSeconds: 3600,
      },
    });
    expect(
      auth({
        cert: { clientCertFile: '/tls/tls.crt', clientKeyFile: '/tls/tls.key' },
      }),
    ).toEqual({
      method: 'cert',
      path: 'cert',
      role: undefined,
      clientCert: { file: '/tls/tls.crt' },
      clientKey: { file: '/tls/tls.key' },
    });
    const cert = '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----';
    const key =
      '-----BEGIN EC PRIVATE KEY-----\nx\n-----END EC PRIVATE KEY-----';
    expect(
      auth({
        cert: { path: 'tls', role: 'engine', clientCert: cert, clientKey: key },
      }),
    ).toEqual({
      method: 'cert',
      path: 'tls',
      role: 'engine',
      clientCert: { value: cert },
      clientKey: { value: key },
    });
  });

  it('logs in with the pod’s mounted token when kubernetes or jwt names no token', () => {
    for (const method of ['kubernetes', 'jwt'] as const) {
      expect(
        authWith({ [method]: { role: 'r' } }).stores.get('payments')!.auth,
      ).toMatchObject({ method, tokenFile: IN_CLUSTER_TOKEN_FILE });
      const moved = readSecretsConfig(
        new ConfigReader({
          secrets: {
            stores: {
              payments: {
                server: 'https://vault.example.com:8200',
                mount: 'secret',
                kvVersion: 2,
                auth: { [method]: { role: 'r' } },
              },
            },
          },
        }),
        { inClusterTokenFile: '/elsewhere/token' },
      );
      expect(moved.stores.get('payments')!.auth).toMatchObject({
        tokenFile: '/elsewhere/token',
      });
    }
  });

  it.each([
    [
      { auth: {} },
      'secrets.stores.payments.auth: exactly one of token, kubernetes, jwt, appRole, userpass, cert must be set',
    ],
    [
      { auth: { ...appRole, token: { value: 't' } } },
      'secrets.stores.payments.auth: exactly one of token, kubernetes, jwt, appRole, userpass, cert must be set',
    ],
    [
      { auth: { ldap: {} } },
      'secrets.stores.payments.auth.ldap: unknown key (expected one of token, kubernetes, jwt, appRole, userpass, cert)',
    ],
    [
      { auth: { cert: { clientCertFile: '/c.pem' } } },
      'secrets.stores.payments.auth.cert: exactly one of clientKey, clientKeyFile must be set',
    ],
    [
      {
        auth: {
          cert: {
            clientCert: 'not pem',
            clientKeyFile: '/k.pem',
          },
        },
      },
      'secrets.stores.payments.auth.cert.clientCert: must be a PEM certificate (-----BEGIN CERTIFICATE-----)',
    ],
    [
      {
        auth: {
          cert: {
            clientCertFile: '/c.pem',
            clientCert: '-----BEGIN CERTIFICATE-----',
            clientKeyFile: '/k.pem',
          },
        },
      },
      'secrets.stores.payments.auth.cert: exactly one of clientCert, clientCertFile must be set',
    ],
    [
      {
        auth: {
          cert: {
            clientCertFile: '/c.pem',
            clientKey: '-----BEGIN CERTIFICATE-----',
          },
        },
      },
      'secrets.stores.payments.auth.cert.clientKey: must be a PEM private key (-----BEGIN … PRIVATE KEY-----)',
    ],
    [
      { auth: { cert: { clientCertFile: '/c', clientKeyFile: '/k', pin: 1 } } },
      'secrets.stores.payments.auth.cert.pin: unknown key (expected one of path, role, clientCert, clientCertFile, clientKey, clientKeyFile)',
    ],
    [{ auth: undefined }, 'secrets.stores.payments.auth: must be an object'],
    [{ server: undefined }, 'secrets.stores.payments.server: is required'],
    [
      { server: 'vault:8200' },
      'secrets.stores.payments.server: must be an http:// or https:// URL',
    ],
    [
      { server: 'ftp://vault' },
      'secrets.stores.payments.server: must be an http:// or https:// URL',
    ],
    [
      { server: 'https://u:p@vault' },
      'secrets.stores.payments.server: must not contain credentials',
    ],
    [
      { publicUrl: 'nope' },
      'secrets.stores.payments.publicUrl: must be an http:// or https:// URL',
    ],
    [
      { mount: '' },
      'secrets.stores.payments.mount: must be a non-empty string',
    ],
    [
      { mount: '/secret' },
      'secrets.stores.payments.mount: must be a mount path',
    ],
    [
      { mount: 'secret/' },
      'secrets.stores.payments.mount: must be a mount path',
    ],
    [{ mount: 'a//b' }, 'secrets.stores.payments.mount: must be a mount path'],
    [
      { mount: 'a/../b' },
      'secrets.stores.payments.mount: must be a mount path',
    ],
    [{ kvVersion: 3 }, 'secrets.stores.payments.kvVersion: must be 1 or 2'],
    [
      { kvVersion: 'two' },
      'secrets.stores.payments.kvVersion: must be a number',
    ],
    [{ kvversion: 2 }, 'secrets.stores.payments.kvversion: unknown key'],
    [
      { caBundle: 'x', caFile: '/ca.pem' },
      'secrets.stores.payments: at most one of caBundle, caFile may be set',
    ],
    [
      { caBundle: 'not a pem' },
      'secrets.stores.payments.caBundle: must contain PEM certificates',
    ],
    [
      { namespace: ' ' },
      'secrets.stores.payments.namespace: must be a non-empty string',
    ],
    [
      { requestTimeout: '1d' },
      'secrets.stores.payments.requestTimeout: invalid duration "1d": unknown unit "d"',
    ],
    [
      { requestTimeout: '10m' },
      'secrets.stores.payments.requestTimeout: must be from 100ms to 5m',
    ],
    [
      { loginBackoff: { initial: '500ms' } },
      'secrets.stores.payments.loginBackoff.initial: must be from 1s to 24h',
    ],
    [
      { loginBackoff: { initial: '10m', max: '5m' } },
      'secrets.stores.payments.loginBackoff.max: must be from loginBackoff.initial to 24h',
    ],
    [{ loginBackoff: { every: '1m' } }, 'secrets.stores.payments.loginBackoff'],
  ])('rejects store %j', (extra, message) => {
    expect(() => storeWith(extra)).toThrow(message);
  });

  it.each([
    [
      { token: {} },
      'secrets.stores.payments.auth.token: exactly one of value, file, env must be set',
    ],
    [
      { token: { value: 'a', env: 'B' } },
      'secrets.stores.payments.auth.token: exactly one of value, file, env must be set',
    ],
    [
      { token: { env: 'NOT-A-VAR' } },
      'secrets.stores.payments.auth.token.env: must be an environment variable name',
    ],
    [
      { appRole: { secretId: 's' } },
      'secrets.stores.payments.auth.appRole.roleId: is required',
    ],
    [
      { appRole: { roleId: 'r' } },
      'secrets.stores.payments.auth.appRole.secretId: is required',
    ],
    [
      { appRole: { path: '/approle', roleId: 'r', secretId: 's' } },
      'secrets.stores.payments.auth.appRole.path: must be a mount path',
    ],
    [
      { appRole: { roleID: 'r', roleId: 'r', secretId: 's' } },
      'secrets.stores.payments.auth.appRole.roleID: unknown key',
    ],
    [
      {
        kubernetes: {
          role: 'r',
          tokenFile: '/t',
          serviceAccountRef: { namespace: 'n', name: 's' },
        },
      },
      'secrets.stores.payments.auth.kubernetes: set at most one of serviceAccountRef, tokenFile (with neither, the pod’s own mounted ServiceAccount token is used)',
    ],
    [
      { kubernetes: { tokenFile: '/t' } },
      'secrets.stores.payments.auth.kubernetes.role: is required',
    ],
    [
      { kubernetes: { role: 'r', path: 'k', tokenFile: '/t' } },
      'secrets.stores.payments.auth.kubernetes.path: unknown key (expected one of mountPath, role, serviceAccountRef, tokenFile)',
    ],
    [
      { kubernetes: { role: 'r', serviceAccountRef: { name: 's' } } },
      'secrets.stores.payments.auth.kubernetes.serviceAccountRef.namespace: is required',
    ],
    [
      {
        kubernetes: {
          role: 'r',
          serviceAccountRef: {
            namespace: 'n',
            name: 's',
            expirationSeconds: 60,
          },
        },
      },
      'secrets.stores.payments.auth.kubernetes.serviceAccountRef.expirationSeconds: must be a whole number of seconds, at least 600',
    ],
    [
      {
        kubernetes: {
          role: 'r',
          serviceAccountRef: { namespace: 'n', name: 's', audiences: 'vault' },
        },
      },
      'secrets.stores.payments.auth.kubernetes.serviceAccountRef.audiences: must be a list of non-empty strings',
    ],
    [
      { jwt: { role: 'r', serviceAccountRef: { namespace: 'n', name: 's' } } },
      'secrets.stores.payments.auth.jwt.serviceAccountRef.audiences: is required for jwt auth',
    ],
  ])('rejects auth %j', (auth, message) => {
    expect(() => authWith(auth)).toThrow(message);
  });

  it.each(['Payments', 'pay_ments', '-payments', 'payments-', 'a'.repeat(64)])(
    'rejects the store name %j',
    name => {
      expect(() => read({ stores: { [name]: store() } })).toThrow(
        `secrets.stores.${name}: store names use lowercase letters, digits and "-"`,
      );
    },
  );

  it.each([
    [
      { concurrency: 0 },
      'secrets.engine.concurrency: must be a whole number from 1 to 256',
    ],
    [
      { concurrency: 1.5 },
      'secrets.engine.concurrency: must be a whole number from 1 to 256',
    ],
    [
      { defaultRefreshInterval: 3600 },
      'secrets.engine.defaultRefreshInterval: must be a Go duration string',
    ],
    [
      { defaultRefreshInterval: '1x' },
      'secrets.engine.defaultRefreshInterval: invalid duration "1x": unknown unit "x"',
    ],
    [
      { defaultRefreshInterval: '10ms' },
      'secrets.engine.defaultRefreshInterval: must be 0 (sync once, then on demand) or at least 1s',
    ],
    [
      { jitter: 1 },
      'secrets.engine.jitter: must be a fraction from 0 up to (not including) 1',
    ],
    [{ jitter: -0.1 }, 'secrets.engine.jitter: must be a fraction'],
    [
      { backoff: { initial: '0' } },
      'secrets.engine.backoff.initial: must be longer than 0',
    ],
    [
      { backoff: { initial: '1m', max: '30s' } },
      'secrets.engine.backoff.max: must not be shorter than backoff.initial',
    ],
    [
      { syncNowWait: '500ms' },
      'secrets.engine.syncNowWait: must be from 1s to 5m',
    ],
    [
      { syncNowWait: '10m' },
      'secrets.engine.syncNowWait: must be from 1s to 5m',
    ],
    [
      { loopDelayBudget: '2s' },
      'secrets.engine.loopDelayBudget: must be from 0 (no pacing) to 1s',
    ],
    [
      { healthCheckInterval: '500ms' },
      'secrets.engine.healthCheckInterval: must be from 1s to 1h',
    ],
    [
      { healthCheckInterval: '2h' },
      'secrets.engine.healthCheckInterval: must be from 1s to 1h',
    ],
    [{ enabled: 'no' }, 'secrets.engine.enabled: must be true or false'],
    [
      { claimTimeout: '5s' },
      'secrets.engine.claimTimeout: must be from 10s to 1h',
    ],
    [
      { secretReadInterval: '30s' },
      'secrets.engine.secretReadInterval: must be 0 (read every Secret at every refresh) or from 1m to 168h',
    ],
    [
      { secretReadInterval: '200h' },
      'secrets.engine.secretReadInterval: must be 0 (read every Secret at every refresh) or from 1m to 168h',
    ],
    [
      { claimTimeout: '2h' },
      'secrets.engine.claimTimeout: must be from 10s to 1h',
    ],
    [{ backof: {} }, 'secrets.engine.backof: unknown key'],
  ])('rejects engine %j', (engine, message) => {
    expect(() => read({ engine })).toThrow(message);
  });

  it('rejects a stores block that is not an object', () => {
    expect(() => read({ stores: ['a'] })).toThrow(
      'secrets.stores: must be an object',
    );
  });
});
