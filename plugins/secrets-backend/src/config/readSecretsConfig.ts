import type { Config } from '@backstage/config';
import { Fields, fail } from './fields';
import { readAccessConfig, readPathRules, readRoleRules } from './access';
import type { ReadConfigOptions } from './inClusterToken';
import { readStoreAuth } from './readStoreAuth';
import { readNotificationsConfig } from './notifications';
import type {
  EngineConfig,
  MetricsConfig,
  SecretsConfig,
  StoreConfig,
} from './types';

const STORE_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const SECOND = 1000;

function readEngine(engine: Fields | undefined): EngineConfig {
  const e = engine ?? Fields.of('secrets.engine', {});
  e.onlyKeys(
    'enabled',
    'concurrency',
    'defaultRefreshInterval',
    'jitter',
    'backoff',
    'syncNowWait',
    'healthCheckInterval',
    'watch',
    'loopDelayBudget',
    'claimTimeout',
    'secretReadInterval',
  );

  const concurrency = e.optionalNumber('concurrency') ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    fail(e.keyOf('concurrency'), 'must be a whole number from 1 to 256');
  }
  const defaultRefreshIntervalMs =
    e.optionalDuration('defaultRefreshInterval') ?? 3600 * SECOND;
  if (defaultRefreshIntervalMs !== 0 && defaultRefreshIntervalMs < SECOND) {
    fail(
      e.keyOf('defaultRefreshInterval'),
      'must be 0 (sync once, then on demand) or at least 1s',
    );
  }
  const jitter = e.optionalNumber('jitter') ?? 0.1;
  if (jitter < 0 || jitter >= 1) {
    fail(
      e.keyOf('jitter'),
      'must be a fraction from 0 up to (not including) 1',
    );
  }
  const backoff =
    e.optionalObject('backoff') ?? Fields.of(e.keyOf('backoff'), {});
  backoff.onlyKeys('initial', 'max');
  const initialMs = backoff.optionalDuration('initial') ?? 5 * SECOND;
  const maxMs = backoff.optionalDuration('max') ?? 600 * SECOND;
  if (initialMs <= 0) fail(backoff.keyOf('initial'), 'must be longer than 0');
  if (maxMs < initialMs) {
    fail(backoff.keyOf('max'), 'must not be shorter than backoff.initial');
  }
  const syncNowWaitMs = e.optionalDuration('syncNowWait') ?? 30 * SECOND;
  if (syncNowWaitMs < SECOND || syncNowWaitMs > 300 * SECOND) {
    fail(e.keyOf('syncNowWait'), 'must be from 1s to 5m');
  }
  const healthCheckIntervalMs =
    e.optionalDuration('healthCheckInterval') ?? 60 * SECOND;
  if (healthCheckIntervalMs < SECOND || healthCheckIntervalMs > 3600 * SECOND) {
    fail(e.keyOf('healthCheckInterval'), 'must be from 1s to 1h');
  }
  const loopDelayBudgetMs = e.optionalDuration('loopDelayBudget') ?? 2;
  if (loopDelayBudgetMs > SECOND) {
    fail(e.keyOf('loopDelayBudget'), 'must be from 0 (no pacing) to 1s');
  }
  const claimTimeoutMs = e.optionalDuration('claimTimeout') ?? 60 * SECOND;
  if (claimTimeoutMs < 10 * SECOND || claimTimeoutMs > 3600 * SECOND) {
    fail(e.keyOf('claimTimeout'), 'must be from 10s to 1h');
  }
  const secretReadIntervalMs =
    e.optionalDuration('secretReadInterval') ?? 24 * 3600 * SECOND;
  if (
    secretReadIntervalMs !== 0 &&
    (secretReadIntervalMs < 60 * SECOND ||
      secretReadIntervalMs > 7 * 24 * 3600 * SECOND)
  ) {
    fail(
      e.keyOf('secretReadInterval'),
      'must be 0 (read every Secret at every refresh) or from 1m to 168h',
    );
  }
  return {
    enabled: e.optionalBoolean('enabled') ?? true,
    concurrency,
    defaultRefreshIntervalMs,
    jitter,
    backoff: { initialMs, maxMs },
    syncNowWaitMs,
    healthCheckIntervalMs,
    watch: e.optionalBoolean('watch') ?? true,
    loopDelayBudgetMs,
    claimTimeoutMs,
    secretReadIntervalMs,
  };
}

function httpUrl(fields: Fields, name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(fields.keyOf(name), 'must be an http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(fields.keyOf(name), 'must be an http:// or https:// URL');
  }
  if (url.search || url.hash || url.username || url.password) {
    fail(
      fields.keyOf(name),
      'must not contain credentials, a query or a fragment',
    );
  }
  return value.replace(/\/+$/, '');
}

function readStore(
  name: string,
  s: Fields,
  options: ReadConfigOptions,
): StoreConfig {
  if (!STORE_NAME.test(name)) {
    fail(
      s.key,
      'store names use lowercase letters, digits and "-" (at most 63, starting and ending with a letter or digit)',
    );
  }
  s.onlyKeys(
    'server',
    'mount',
    'kvVersion',
    'namespace',
    'caBundle',
    'caFile',
    'publicUrl',
    'requestTimeout',
    'auth',
    'loginBackoff',
    'allowedPaths',
    'dynamicRoles',
    'unmanagedRotationPaths',
    'maxAge',
  );
  const server = httpUrl(s, 'server', s.string('server'));

  // The mount stays apart from every key: KV v2 paths are built from the two, never parsed.
  const mount = s.string('mount');
  if (
    mount.startsWith('/') ||
    mount.endsWith('/') ||
    mount.split('/').some(p => p === '' || p === '.' || p === '..')
  ) {
    fail(
      s.keyOf('mount'),
      'must be a mount path such as "secret" or "team/kv" (no leading, trailing or double "/", no "." or ".." segments)',
    );
  }

  const kvVersion = s.optionalNumber('kvVersion') ?? 2;
  if (kvVersion !== 1 && kvVersion !== 2)
    fail(s.keyOf('kvVersion'), 'must be 1 or 2');

  if (s.has('caBundle') && s.has('caFile')) {
    fail(s.key, 'at most one of caBundle, caFile may be set');
  }
  const caBundle = s.optionalString('caBundle');
  if (
    caBundle !== undefined &&
    !caBundle.includes('-----BEGIN CERTIFICATE-----')
  ) {
    fail(
      s.keyOf('caBundle'),
      'must contain PEM certificates (-----BEGIN CERTIFICATE-----)',
    );
  }

  const requestTimeoutMs = s.optionalDuration('requestTimeout') ?? 10 * SECOND;
  if (requestTimeoutMs < 100 || requestTimeoutMs > 300 * SECOND) {
    fail(s.keyOf('requestTimeout'), 'must be from 100ms to 5m');
  }

  const loginBackoff =
    s.optionalObject('loginBackoff') ?? Fields.of(s.keyOf('loginBackoff'), {});
  loginBackoff.onlyKeys('initial', 'max');
  const loginInitialMs =
    loginBackoff.optionalDuration('initial') ?? 120 * SECOND;
  const loginMaxMs = loginBackoff.optionalDuration('max') ?? 960 * SECOND;
  if (loginInitialMs < SECOND || loginInitialMs > 86_400 * SECOND)
    fail(loginBackoff.keyOf('initial'), 'must be from 1s to 24h');
  if (loginMaxMs < loginInitialMs || loginMaxMs > 86_400 * SECOND)
    fail(loginBackoff.keyOf('max'), 'must be from loginBackoff.initial to 24h');

  return {
    name,
    server,
    mount,
    kvVersion,
    namespace: s.optionalString('namespace'),
    caBundle,
    caFile: s.optionalString('caFile'),
    publicUrl: s.has('publicUrl')
      ? httpUrl(s, 'publicUrl', s.string('publicUrl'))
      : server,
    requestTimeoutMs,
    auth: readStoreAuth(s.object('auth'), options),
    loginBackoff: { initialMs: loginInitialMs, maxMs: loginMaxMs },
    allowedPaths: readPathRules(s),
    dynamicRoles: readRoleRules(s),
    unmanagedRotationPaths: readPathRules(s, 'unmanagedRotationPaths'),
    maxAgeMs: s.optionalDuration('maxAge'),
  };
}

/** `secrets.metrics`: per-mapping labels on (ESO's) or off. */
function readMetricsConfig(metrics: Fields | undefined): MetricsConfig {
  if (!metrics) return { mappingLabels: true };
  metrics.onlyKeys('mappingLabels');
  return { mappingLabels: metrics.optionalBoolean('mappingLabels') ?? true };
}

/**
 * Reads and validates the `secrets` configuration.
 *
 * @remarks
 * `secrets.engine` is optional and every key has a default; `secrets.stores`
 * may be empty. Every error names the full key and the rule it breaks, e.g.
 * `secrets.stores.payments.auth: exactly one of token, kubernetes, jwt, appRole, userpass, cert must be set`.
 *
 * @param config - the root config
 * @param options - where the pod's mounted ServiceAccount token is (tests only)
 */
export function readSecretsConfig(
  config: Config,
  options: ReadConfigOptions = {},
): SecretsConfig {
  const raw = config.getOptional('secrets');
  const secrets = Fields.of('secrets', raw ?? {});
  // No onlyKeys here: other parts of the plugin own other keys under `secrets`.
  const engine = readEngine(secrets.optionalObject('engine'));
  const storesBlock = secrets.optionalObject('stores');
  const stores = new Map<string, StoreConfig>();
  for (const name of storesBlock?.names() ?? []) {
    stores.set(name, readStore(name, storesBlock!.object(name), options));
  }
  return {
    engine,
    stores,
    access: readAccessConfig(secrets),
    notifications: readNotificationsConfig(
      secrets.optionalObject('notifications'),
    ),
    metrics: readMetricsConfig(secrets.optionalObject('metrics')),
  };
}
