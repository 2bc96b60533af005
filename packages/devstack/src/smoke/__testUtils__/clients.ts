import { randomBytes } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import nodeVault from 'node-vault';
import { adminKubeconfigOptions } from '../../appConfig.ts';
import { readStackInfo, type StackInfo } from '../../state.ts';

/** A value that must only ever appear where a test put it. */
export const canary = (label: string) =>
  `canary-${label}-${randomBytes(9).toString('hex')}`;

export function stack(): StackInfo {
  return readStackInfo();
}

export function vaultClient(info: StackInfo, token?: string) {
  // Never inherit a developer's VAULT_TOKEN: each test says which identity it uses.
  return nodeVault({
    apiVersion: 'v1',
    endpoint: info.vault.addr,
    // The dev server's own CA: TLS is verified, as any client of a real Vault would.
    requestOptions: { ca: info.vault.caPem },
    token,
    noCustomHTTPVerbs: false,
  });
}

/** Clients acting as the engine's ServiceAccount, from the kubeconfig the stack wrote. */
export function engineKube(info: StackInfo) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(info.kubernetes.engineKubeconfig);
  return { core: kc.makeApiClient(k8s.CoreV1Api), kc };
}

/** Clients acting as the cluster admin, for setup the engine must not be able to do. */
export function adminKube(info: StackInfo) {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(adminKubeconfigOptions(info));
  return { core: kc.makeApiClient(k8s.CoreV1Api), kc };
}

/** A service-account token from the TokenRequest API, issued to the engine for itself. */
export async function requestEngineToken(
  info: StackInfo,
  audiences?: string[],
): Promise<string> {
  const { core } = engineKube(info);
  const res = await core.createNamespacedServiceAccountToken({
    name: info.kubernetes.engineServiceAccount,
    namespace: info.kubernetes.engineNamespace,
    body: { spec: { audiences: audiences ?? [], expirationSeconds: 600 } },
  });
  return res.status!.token;
}

/** The HTTP status of a rejected call, from either client library. */
export async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error: any) {
    return (
      error?.code ?? error?.response?.statusCode ?? error?.statusCode ?? -1
    );
  }
  throw new Error('expected the call to be refused, but it succeeded');
}
