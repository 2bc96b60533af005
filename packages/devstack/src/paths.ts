import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Server versions the stack builds when no binary is found on PATH or in env vars. */
export const SERVER_VERSIONS = {
  vault: '1.21.0',
  etcd: '3.6.14',
  kubeApiserver: '1.36.3',
  // Prometheus 3.x's Go module version (v0.316.0 is Prometheus 3.16); for promtool.
  promtool: '0.316.0',
} as const;

/**
 * The repository root: found by walking up from the working directory, because this
 * package runs both under plain Node (ESM, no __dirname) and under Jest (CommonJS).
 */
export function repoRoot(): string {
  if (process.env.DEVSTACK_REPO_ROOT) return process.env.DEVSTACK_REPO_ROOT;
  let dir = process.cwd();
  for (;;) {
    if (fs.existsSync(path.join(dir, 'packages', 'devstack', 'servers')))
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        'devstack: cannot find the repository root (a folder with packages/devstack) above the working directory',
      );
    }
    dir = parent;
  }
}

/** Per-user cache for built binaries; survives fresh clones on the same machine. */
export function toolsCache(): string {
  if (process.env.BACKSTAGE_SECRETS_CACHE)
    return process.env.BACKSTAGE_SECRETS_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'backstage-secrets');
}

/** Where a running stack keeps its data, logs and state (ignored by git). */
export function stackDir(): string {
  return process.env.DEVSTACK_DIR || path.join(repoRoot(), '.devstack');
}

/**
 * The state file tests read: `$DEVSTACK_STATE` (set by `cli.ts run`), otherwise the
 * developer's stack named `dev` (`npm run stack -w @internal/devstack`).
 */
export function stateFile(): string {
  return (
    process.env.DEVSTACK_STATE || path.join(stackDir(), 'dev', 'stack.json')
  );
}
