import fs from 'node:fs';
import { stateFile } from './paths.ts';
import { trustCa } from './trust.ts';
import type { VaultEngineCredentials } from './bootstrap/vault.ts';

/** What a running stack tells its users (tests, the backend overlay). Written to `stack.json`. */
export interface StackInfo {
  dir: string;
  vault: {
    addr: string;
    /** Root token of the throwaway dev server: for test setup only, never for the engine. */
    rootToken: string;
    /** Unseal key of the dev server: lets tests seal Vault and unseal it again. */
    unsealKey: string;
    /** The CA of Vault's HTTPS serving certificate: what stores put in `caFile`/`caBundle`. */
    caFile: string;
    caPem: string;
    version: string;
    engine: VaultEngineCredentials;
  };
  kubernetes: {
    url: string;
    caPem: string;
    /** Static `system:masters` token, for test setup only. */
    adminToken: string;
    version: string;
    engineNamespace: string;
    engineServiceAccount: string;
    engineKubeconfig: string;
    /** The engine ServiceAccount's TokenRequest-issued token (also in the kubeconfig). */
    engineToken: string;
  };
  etcd: { url: string; version: string };
  /** With `startStack({ secondCluster: true })`: another cluster, own etcd and CA. */
  secondCluster?: {
    /** Its name in `kubernetes.clusterLocatorMethods`. */
    name: string;
    url: string;
    caPem: string;
    /** Static `system:masters` token, for test setup only. */
    adminToken: string;
    /** The engine ServiceAccount's token in this cluster. */
    engineToken: string;
    pids: Record<string, number>;
  };
  postgres?: {
    connectionString: string;
    host: string;
    port: number;
    user: string;
    password: string;
    majorVersion: number;
  };
  appConfigOverlay: string;
  /** Server process ids, so tests can prove that nothing outlives the stack. */
  pids: Record<string, number>;
}

/**
 * Reads the state of a running stack; fails with a message that says how to start one.
 * This process then trusts the stack's Vault CA by default, so test setup can call Vault
 * with fetch (see trustCa).
 */
export function readStackInfo(file: string = stateFile()): StackInfo {
  if (!fs.existsSync(file)) {
    throw new Error(
      `No running local stack (missing ${file}). Run the tests with "npm test", which starts the stack, ` +
        'or start one in another terminal with "npm run stack -w @internal/devstack".',
    );
  }
  const info = JSON.parse(fs.readFileSync(file, 'utf8')) as StackInfo;
  trustCa(info.vault.caPem);
  return info;
}
