import type { Config } from '@backstage/config';
import {
  IN_CLUSTER_TOKEN_FILE,
  type ReadConfigOptions,
} from '../config/inClusterToken';
import type { ClusterConfig, ClusterCredentials } from './types';

const LOCATORS_KEY = 'kubernetes.clusterLocatorMethods';
const OVERRIDES_KEY = 'secrets.clusters';

/**
 * Reads the clusters from `kubernetes.clusterLocatorMethods` (entries of
 * `type: config`), the configuration Backstage's Kubernetes plugin reads, so
 * one configuration serves both. Clusters of a `type: catalog` locator are
 * read from the catalog while the plugin runs (see `ClusterDirectory`); other
 * locator types are the Kubernetes plugin's business and are skipped.
 *
 * The engine writes Secrets, so it may need a more privileged identity than
 * the read-only one the Kubernetes plugin uses: `secrets.clusters.<name>`
 * (`serviceAccountToken` or `serviceAccountTokenFile`) overrides the token.
 * Without an override only `authProvider: serviceAccount` clusters are usable;
 * others are returned with `unusable` credentials, so a shared configuration
 * never stops the engine from starting, and fail when used.
 *
 * @public
 */
export function readClusters(
  config: Config,
  options: ReadConfigOptions = {},
): ClusterConfig[] {
  return readClusterSettings(config, options).clusters;
}

/** Everything cluster-related in the configuration: clusters, overrides, the catalog locator. */
export interface ClusterSettings {
  /** The `type: config` clusters. */
  clusters: ClusterConfig[];
  /** The engine's own credentials by cluster name (`secrets.clusters`). */
  overrides: ReadonlyMap<string, ClusterCredentials>;
  /** Set when a `type: catalog` locator is configured. */
  catalog?: { allowSkipTLSVerify: boolean };
}

/** Reads {@link ClusterSettings}; every error names the key it is about. */
export function readClusterSettings(
  config: Config,
  options: ReadConfigOptions = {},
): ClusterSettings {
  const inClusterTokenFile =
    options.inClusterTokenFile ?? IN_CLUSTER_TOKEN_FILE;
  const clusters = readLocatorClusters(config);
  const catalog = readCatalogLocator(config);
  const overrides = readOverrides(config);
  for (const name of overrides.keys()) {
    // A catalog cluster may appear later; its override is checked when it does.
    if (!catalog && !clusters.some(c => c.name === name)) {
      throw new Error(
        `${OVERRIDES_KEY}.${name} does not match any cluster name under ${LOCATORS_KEY} (type: config)`,
      );
    }
  }
  return {
    clusters: clusters.map(
      ({ authProvider, serviceAccountToken, key, ...c }) => ({
        ...c,
        credentials:
          overrides.get(c.name) ??
          defaultCredentials(
            c.name,
            key,
            authProvider,
            serviceAccountToken,
            inClusterTokenFile,
          ),
      }),
    ),
    overrides,
    catalog,
  };
}

function readCatalogLocator(
  config: Config,
): ClusterSettings['catalog'] | undefined {
  const methods = config.getOptionalConfigArray(LOCATORS_KEY) ?? [];
  const catalog = methods.find(m => m.getString('type') === 'catalog');
  if (!catalog) return undefined;
  return {
    allowSkipTLSVerify:
      catalog.getOptionalBoolean('dangerouslyAllowSkipTLSVerify') ?? false,
  };
}

interface LocatedCluster extends Omit<ClusterConfig, 'credentials'> {
  key: string;
  authProvider: string;
  serviceAccountToken?: string;
}

function readLocatorClusters(config: Config): LocatedCluster[] {
  const result: LocatedCluster[] = [];
  const methods = config.getOptionalConfigArray(LOCATORS_KEY) ?? [];
  methods.forEach((method, i) => {
    if (method.getString('type') !== 'config') return;
    const clusters = method.getOptionalConfigArray('clusters') ?? [];
    clusters.forEach((cluster, j) => {
      const key = `${LOCATORS_KEY}[${i}].clusters[${j}]`;
      const name = cluster.getString('name');
      const clash = result.find(r => r.name === name);
      if (clash) {
        throw new Error(
          `${key}.name '${name}' is already used by ${clash.key}; cluster names must be unique`,
        );
      }
      const caData = cluster.getOptionalString('caData');
      if (caData !== undefined) checkCaData(caData, `${key}.caData`);
      result.push({
        key,
        name,
        url: checkUrl(cluster.getString('url'), `${key}.url`),
        authProvider: cluster.getString('authProvider'),
        serviceAccountToken: cluster.getOptionalString('serviceAccountToken'),
        caData,
        caFile: cluster.getOptionalString('caFile'),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
      });
    });
  });
  return result;
}

function readOverrides(config: Config): Map<string, ClusterCredentials> {
  const overrides = new Map<string, ClusterCredentials>();
  const block = config.getOptionalConfig(OVERRIDES_KEY);
  for (const name of block?.keys() ?? []) {
    const key = `${OVERRIDES_KEY}.${name}`;
    const entry = block!.getConfig(name);
    const token = entry.getOptionalString('serviceAccountToken');
    const path = entry.getOptionalString('serviceAccountTokenFile');
    if (token !== undefined && path !== undefined) {
      throw new Error(
        `${key} sets both serviceAccountToken and serviceAccountTokenFile; set exactly one`,
      );
    }
    if (token !== undefined) {
      if (!token.trim()) {
        throw new Error(`${key}.serviceAccountToken must not be empty`);
      }
      overrides.set(name, {
        type: 'token',
        token,
        source: `${key}.serviceAccountToken`,
      });
    } else if (path !== undefined) {
      if (!path.trim()) {
        throw new Error(`${key}.serviceAccountTokenFile must not be empty`);
      }
      overrides.set(name, {
        type: 'tokenFile',
        path,
        source: `${key}.serviceAccountTokenFile`,
      });
    } else {
      throw new Error(
        `${key} must set serviceAccountToken or serviceAccountTokenFile`,
      );
    }
  }
  return overrides;
}

function defaultCredentials(
  name: string,
  key: string,
  authProvider: string,
  token: string | undefined,
  inClusterTokenFile: string,
): ClusterCredentials {
  if (authProvider !== 'serviceAccount') {
    return {
      type: 'unusable',
      message:
        `${key}.authProvider is '${authProvider}', but the secrets engine can only use ` +
        `'serviceAccount' clusters; set ${OVERRIDES_KEY}.${name}.serviceAccountToken ` +
        `or ${OVERRIDES_KEY}.${name}.serviceAccountTokenFile to give it its own credentials`,
    };
  }
  if (token !== undefined && token.trim()) {
    return { type: 'token', token, source: `${key}.serviceAccountToken` };
  }
  return {
    type: 'tokenFile',
    path: inClusterTokenFile,
    source: `the in-cluster default, as ${key}.serviceAccountToken is not set`,
  };
}

export function checkUrl(url: string, key: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${key} must be an absolute http(s) URL, got '${url}'`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`${key} must be an absolute http(s) URL, got '${url}'`);
  }
  // client-node appends API paths to the base URL verbatim.
  return url.replace(/\/+$/, '');
}

export function checkCaData(caData: string, key: string): void {
  const base64 = /^[A-Za-z0-9+/\s]+={0,2}\s*$/.test(caData);
  const pem = base64 && Buffer.from(caData, 'base64').toString('latin1');
  if (!pem || !pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new Error(
      `${key} must be a base64-encoded PEM certificate bundle (like a kubeconfig's certificate-authority-data)`,
    );
  }
}
