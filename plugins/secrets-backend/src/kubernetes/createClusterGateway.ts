import type { LoggerService } from '@backstage/backend-plugin-api';
import type { GatewayContext } from './call';
import { createKubeClients, DEFAULT_TIMEOUT_MS } from './client';
import type { ClusterConfig, ClusterGateway } from './types';
import { createSecret, replaceSecret } from './verbs/writeSecret';
import { deleteSecret } from './verbs/deleteSecret';
import { health } from './verbs/health';
import { listManagedSecrets } from './verbs/listManagedSecrets';
import {
  listManagedSecretsAt,
  watchManagedSecrets,
} from './verbs/watchManagedSecrets';
import { patchSecretKeys } from './verbs/patchSecretKeys';
import { readConfigMap } from './verbs/readConfigMap';
import { recordEvent } from './verbs/recordEvent';
import { readSecret } from './verbs/readSecret';
import { requestServiceAccountToken } from './verbs/requestServiceAccountToken';
import { restartWorkloads } from './verbs/restartWorkloads';
import { reviewAccess } from './verbs/reviewAccess';

/**
 * Creates the gateway to one cluster. Throws only if the configured caFile
 * cannot be read; every later failure is a ClusterError.
 *
 * @public
 */
export function createClusterGateway(
  cluster: ClusterConfig,
  deps: {
    logger: LoggerService;
    /** Deadline of each API call; defaults to 10 s. */
    timeoutMs?: number;
  },
): ClusterGateway {
  const logger = deps.logger.child({ cluster: cluster.name });
  const ctx: GatewayContext = {
    cluster: cluster.name,
    logger,
    clients: createKubeClients(
      cluster,
      logger,
      deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ),
  };
  return {
    cluster: cluster.name,
    readSecret: (namespace, name) => readSecret(ctx, namespace, name),
    readConfigMap: (namespace, name) => readConfigMap(ctx, namespace, name),
    createSecret: secret => createSecret(ctx, secret),
    replaceSecret: secret => replaceSecret(ctx, secret),
    patchSecretKeys: (namespace, name, change) =>
      patchSecretKeys(ctx, namespace, name, change),
    deleteSecret: (namespace, name, preconditions) =>
      deleteSecret(ctx, namespace, name, preconditions),
    listManagedSecrets: namespace => listManagedSecrets(ctx, namespace),
    restartWorkloads: (namespace, workloads) =>
      restartWorkloads(ctx, namespace, workloads),
    requestServiceAccountToken: req => requestServiceAccountToken(ctx, req),
    health: () => health(ctx),
    reviewAccess: (namespace, reviews) => reviewAccess(ctx, namespace, reviews),
    recordEvent: event => recordEvent(ctx, event),
    listManagedSecretsAt: (namespace, onSecret) =>
      listManagedSecretsAt(ctx, namespace, onSecret),
    watchManagedSecrets: (namespace, resourceVersion, onEvent, signal) =>
      watchManagedSecrets(ctx, namespace, resourceVersion, onEvent, signal),
  };
}
