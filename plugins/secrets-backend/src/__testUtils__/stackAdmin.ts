import { adminKubeconfigOptions, type StackInfo } from '@internal/devstack';
import * as k8s from '@kubernetes/client-node';
import { root } from '../vault/__testUtils__/vaultStack';

/**
 * The stack's administrators' hands, for tests to arrange and check what the engine does:
 * never through the code under test.
 */

/** An API client of one of the stack's clusters (the first by default) as its admin. */
export function adminApi<T extends k8s.ApiType>(
  info: StackInfo,
  api: new (config: k8s.Configuration) => T,
  cluster: 'local' | 'second' = 'local',
): T {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(adminKubeconfigOptions(info, cluster));
  return kc.makeApiClient(api);
}

/** The cluster's core API as its admin, to read and write Secrets beside the engine. */
export const adminCoreApi = (info: StackInfo): k8s.CoreV1Api =>
  adminApi(info, k8s.CoreV1Api);

/** A KV v2 secret's current data at `secret/<path>`, read with Vault's root token. */
export async function vaultData(
  info: StackInfo,
  path: string,
): Promise<Record<string, any>> {
  return (await root(info, 'GET', `secret/data/${path}`)).data.data;
}

/** Writes a new KV v2 version at `secret/<path>` with Vault's root token; returns its number. */
export async function writeVaultData(
  info: StackInfo,
  path: string,
  data: Record<string, unknown>,
): Promise<number> {
  return (await root(info, 'POST', `secret/data/${path}`, { data })).data
    .version;
}
