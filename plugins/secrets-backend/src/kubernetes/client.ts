import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import {
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  RequestContext,
  SecurityAuthentication,
  ServerConfiguration,
  VersionApi,
  createConfiguration,
} from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { CredentialsUnavailableError } from './ClusterError';
import type { ClusterConfig } from './types';

/** Long enough for a loaded API server, short enough that a sync cycle never hangs. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** The typed API groups the gateway uses, all sharing one connection setup. */
export interface KubeClients {
  core: CoreV1Api;
  apps: AppsV1Api;
  /** SelfSubjectAccessReviews: what the engine may do, for the health check. */
  authorization: AuthorizationV1Api;
  version: VersionApi;
  timeoutMs: number;
  /**
   * A long-lived GET (a watch) on `path` below the API server's URL, with the same agent and
   * token as the typed APIs but no deadline: it ends when the server ends it or `signal`
   * aborts. Resolves with the response once its headers arrive.
   */
  stream(path: string, signal: AbortSignal): Promise<http.IncomingMessage>;
}

/**
 * Builds client-node APIs whose every request carries the engine's token, the
 * cluster's CA and a deadline. One keep-alive agent per cluster: client-node's
 * own KubeConfig path creates a new agent (and TLS handshake) per request.
 */
export function createKubeClients(
  cluster: ClusterConfig,
  logger: LoggerService,
  timeoutMs: number = DEFAULT_TIMEOUT_MS,
): KubeClients {
  const agent = createAgent(cluster, logger);
  const token = tokenSource(cluster);
  const auth: SecurityAuthentication = {
    getName: () => 'backstage-secrets engine credentials',
    async applySecurityAuthentication(context: RequestContext) {
      context.setHeaderParam('Authorization', `Bearer ${await token()}`);
      context.setAgent(agent);
      // Covers connect, TLS, headers and body: a silent server cannot stall a sync.
      context.setSignal(AbortSignal.timeout(timeoutMs));
    },
  };
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.url, {}),
    authMethods: { default: auth },
  });
  return {
    core: new CoreV1Api(configuration),
    apps: new AppsV1Api(configuration),
    authorization: new AuthorizationV1Api(configuration),
    version: new VersionApi(configuration),
    timeoutMs,
    stream: async (path, signal) => {
      const authorization = `Bearer ${await token()}`;
      const url = new URL(`${cluster.url}${path}`);
      const request = url.protocol === 'http:' ? http.request : https.request;
      return new Promise((resolve, reject) => {
        const req = request(
          url,
          {
            agent,
            signal,
            headers: { authorization, accept: 'application/json' },
          },
          resolve,
        );
        req.on('error', reject);
        req.end();
      });
    },
  };
}

function createAgent(
  cluster: ClusterConfig,
  logger: LoggerService,
): http.Agent {
  if (cluster.url.startsWith('http:')) {
    return new http.Agent({ keepAlive: true });
  }
  if (cluster.skipTLSVerify) {
    logger.warn(
      `Cluster '${cluster.name}' is configured with skipTLSVerify: the engine will send its token ` +
        'and Secret data to whatever answers at its URL. Configure caData or caFile instead.',
    );
  }
  return new https.Agent({
    keepAlive: true,
    ca: caBundle(cluster),
    // Only an explicit skipTLSVerify turns verification off, never an env var.
    rejectUnauthorized: !cluster.skipTLSVerify,
  });
}

function caBundle(cluster: ClusterConfig): Buffer | undefined {
  if (cluster.caData) return Buffer.from(cluster.caData, 'base64');
  if (cluster.caFile) {
    try {
      return fs.readFileSync(cluster.caFile);
    } catch (error) {
      throw new Error(
        `Cluster '${cluster.name}': cannot read caFile ${cluster.caFile} (${
          (error as NodeJS.ErrnoException).code ?? 'unknown error'
        })`,
      );
    }
  }
  return undefined;
}

/**
 * A token file is re-read on every request: projected service-account tokens
 * are rotated on disk by the kubelet, and the read is a few hundred bytes.
 */
function tokenSource(cluster: ClusterConfig): () => Promise<string> {
  const credentials = cluster.credentials;
  switch (credentials.type) {
    case 'token':
      return async () => credentials.token;
    case 'tokenFile':
      return async () => {
        try {
          return (await fs.promises.readFile(credentials.path, 'utf8')).trim();
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
          throw new CredentialsUnavailableError(
            `cannot read the token file ${credentials.path} (${code}) set by ${credentials.source}`,
          );
        }
      };
    default:
      return async () => {
        throw new CredentialsUnavailableError(credentials.message);
      };
  }
}
