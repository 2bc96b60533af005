import { Fields, fail } from './fields';
import {
  IN_CLUSTER_TOKEN_FILE,
  type ReadConfigOptions,
} from './inClusterToken';
import type {
  PemSourceConfig,
  ServiceAccountRefConfig,
  StoreAuthConfig,
  TokenSourceConfig,
} from './types';

const METHODS = [
  'token',
  'kubernetes',
  'jwt',
  'appRole',
  'userpass',
  'cert',
] as const;

/** Kubernetes' TokenRequest API refuses shorter tokens. */
const MIN_EXPIRATION_SECONDS = 600;

/** Auth mount paths are used as `auth/<path>/login`; a stray slash would change the route. */
function mountPath(fields: Fields, name: string, fallback: string): string {
  const value = fields.optionalString(name) ?? fallback;
  if (
    !/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(value) ||
    /(^|\/)\.\.?(\/|$)/.test(value)
  ) {
    fail(
      fields.keyOf(name),
      'must be a mount path such as "kubernetes" or "team-a/jwt" (no leading, trailing or double "/", no "." or ".." segments)',
    );
  }
  return value;
}

function readTokenSource(token: Fields): TokenSourceConfig {
  token.onlyKeys('value', 'file', 'env');
  const set = ['value', 'file', 'env'].filter(name => token.has(name));
  if (set.length !== 1) {
    fail(token.key, 'exactly one of value, file, env must be set');
  }
  if (token.has('value')) return { value: token.string('value') };
  if (token.has('file')) return { file: token.string('file') };
  const env = token.string('env');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(env)) {
    fail(token.keyOf('env'), 'must be an environment variable name');
  }
  return { env };
}

/** `<name>` (inline PEM) or `<name>File`: exactly one. */
function readPemSource(
  block: Fields,
  name: string,
  marker: RegExp,
  what: string,
): PemSourceConfig {
  const fileKey = `${name}File`;
  if (block.has(name) === block.has(fileKey)) {
    fail(block.key, `exactly one of ${name}, ${fileKey} must be set`);
  }
  if (block.has(fileKey)) return { file: block.string(fileKey) };
  const value = block.string(name);
  if (!marker.test(value)) fail(block.keyOf(name), `must be a PEM ${what}`);
  return { value };
}

function readServiceAccountRef(
  ref: Fields,
  requireAudiences: boolean,
): ServiceAccountRefConfig {
  ref.onlyKeys(
    'cluster',
    'namespace',
    'name',
    'audiences',
    'expirationSeconds',
  );
  const audiences = ref.optionalStringArray('audiences');
  if (requireAudiences && !audiences?.length) {
    fail(
      ref.keyOf('audiences'),
      "is required for jwt auth: list at least one audience of the Vault role's bound_audiences",
    );
  }
  const expirationSeconds =
    ref.optionalNumber('expirationSeconds') ?? MIN_EXPIRATION_SECONDS;
  if (
    !Number.isInteger(expirationSeconds) ||
    expirationSeconds < MIN_EXPIRATION_SECONDS
  ) {
    fail(
      ref.keyOf('expirationSeconds'),
      `must be a whole number of seconds, at least ${MIN_EXPIRATION_SECONDS} (the TokenRequest minimum)`,
    );
  }
  return {
    cluster: ref.optionalString('cluster'),
    namespace: ref.string('namespace'),
    name: ref.string('name'),
    audiences,
    expirationSeconds,
  };
}

function readServiceAccountLogin(
  block: Fields,
  method: 'kubernetes' | 'jwt',
  options: ReadConfigOptions,
): StoreAuthConfig {
  const pathKey = method === 'kubernetes' ? 'mountPath' : 'path';
  block.onlyKeys(pathKey, 'role', 'serviceAccountRef', 'tokenFile');
  if (block.has('serviceAccountRef') && block.has('tokenFile')) {
    fail(
      block.key,
      'set at most one of serviceAccountRef, tokenFile (with neither, the pod’s own mounted ServiceAccount token is used)',
    );
  }
  const ref = block.optionalObject('serviceAccountRef');
  return {
    method,
    path: mountPath(block, pathKey, method),
    role: block.string('role'),
    serviceAccountRef: ref && readServiceAccountRef(ref, method === 'jwt'),
    // In a pod, the engine logs in with its own ServiceAccount's mounted token.
    tokenFile: ref
      ? undefined
      : block.optionalString('tokenFile') ??
        options.inClusterTokenFile ??
        IN_CLUSTER_TOKEN_FILE,
  };
}

/** Reads `secrets.stores.<name>.auth`, which must hold exactly one auth method. */
export function readStoreAuth(
  auth: Fields,
  options: ReadConfigOptions = {},
): StoreAuthConfig {
  auth.onlyKeys(...METHODS);
  const set = METHODS.filter(name => auth.has(name));
  if (set.length !== 1) {
    fail(auth.key, `exactly one of ${METHODS.join(', ')} must be set`);
  }
  const method = set[0];
  const block = auth.object(method);
  switch (method) {
    case 'token':
      return { method, token: readTokenSource(block) };
    case 'appRole':
      block.onlyKeys('path', 'roleId', 'secretId');
      return {
        method,
        path: mountPath(block, 'path', 'approle'),
        roleId: block.string('roleId'),
        secretId: block.string('secretId'),
      };
    case 'userpass':
      block.onlyKeys('path', 'username', 'password');
      return {
        method,
        path: mountPath(block, 'path', 'userpass'),
        username: block.string('username'),
        password: block.string('password'),
      };
    case 'cert':
      block.onlyKeys(
        'path',
        'role',
        'clientCert',
        'clientCertFile',
        'clientKey',
        'clientKeyFile',
      );
      return {
        method,
        path: mountPath(block, 'path', 'cert'),
        role: block.optionalString('role'),
        clientCert: readPemSource(
          block,
          'clientCert',
          /-----BEGIN CERTIFICATE-----/,
          'certificate (-----BEGIN CERTIFICATE-----)',
        ),
        clientKey: readPemSource(
          block,
          'clientKey',
          /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
          'private key (-----BEGIN … PRIVATE KEY-----)',
        ),
      };
    default:
      return readServiceAccountLogin(block, method, options);
  }
}
