export { startStack, stopStack, defaultStackDir } from './stack.ts';
export type { StartOptions } from './stack.ts';
export { readStackInfo } from './state.ts';
export type { StackInfo } from './state.ts';
export { DEMO } from './bootstrap/demoData.ts';
export type { VaultEngineCredentials } from './bootstrap/vault.ts';
export { adminKubeconfigOptions, stackKubernetesConfig } from './appConfig.ts';
export { freePort, waitUntil } from './net.ts';
export { ensurePromtool } from './binaries.ts';
