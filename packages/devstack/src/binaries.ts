import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVER_VERSIONS, repoRoot, toolsCache } from './paths.ts';

/** A server binary the stack can run, and where it came from. */
export interface ServerBinary {
  path: string;
  /** `env`, `path` (found on PATH), `cache` (built earlier) or `built` (built now). */
  source: 'env' | 'path' | 'cache' | 'built';
  /** The version the binary reports. */
  version: string;
}

interface ServerSpec {
  key: 'vault' | 'etcd' | 'kubeApiserver' | 'promtool';
  envVars: string[];
  commands: string[];
  wrapper: string;
  goPackage: string;
  version: string;
  ldflags?: string;
  /** Go build tags. */
  tags?: string;
  versionArgs: string[];
}

const K8S_VERSION_PKG = 'k8s.io/component-base/version';

const SPECS: (ServerSpec & { key: 'vault' | 'etcd' | 'kubeApiserver' })[] = [
  {
    key: 'vault',
    // OpenBao's `bao` speaks the same HTTP API and is preferred where a user has it.
    envVars: ['BAO_BIN', 'VAULT_BIN'],
    commands: ['bao', 'vault'],
    wrapper: 'vault',
    goPackage: 'github.com/hashicorp/vault',
    version: SERVER_VERSIONS.vault,
    versionArgs: ['version'],
  },
  {
    key: 'etcd',
    envVars: ['ETCD_BIN'],
    commands: ['etcd'],
    wrapper: 'etcd',
    goPackage: 'go.etcd.io/etcd/server/v3',
    version: SERVER_VERSIONS.etcd,
    versionArgs: ['--version'],
  },
  {
    key: 'kubeApiserver',
    envVars: ['KUBE_APISERVER_BIN'],
    commands: ['kube-apiserver'],
    wrapper: 'kube-apiserver',
    goPackage: 'k8s.io/kubernetes/cmd/kube-apiserver',
    version: SERVER_VERSIONS.kubeApiserver,
    // Without these the binary reports v0.0.0 and clients refuse version checks.
    ldflags: [
      `-X ${K8S_VERSION_PKG}.gitVersion=v${SERVER_VERSIONS.kubeApiserver}`,
      `-X ${K8S_VERSION_PKG}.gitMajor=${
        SERVER_VERSIONS.kubeApiserver.split('.')[0]
      }`,
      `-X ${K8S_VERSION_PKG}.gitMinor=${
        SERVER_VERSIONS.kubeApiserver.split('.')[1]
      }`,
    ].join(' '),
    versionArgs: ['--version'],
  },
];

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function reportedVersion(binary: string, args: string[]): string {
  const result = spawnSync(binary, args, { encoding: 'utf8', timeout: 20_000 });
  const text = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  return (
    text
      .split('\n')
      .find(l => l.trim())
      ?.trim() ?? 'unknown'
  );
}

function cachedPath(spec: ServerSpec): string {
  return path.join(toolsCache(), 'bin', `${spec.wrapper}-${spec.version}`);
}

/** Go from PATH, or from its default install folder when PATH does not include it. */
function goCommand(): string {
  return (
    onPath('go') ??
    (fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go')
  );
}

function build(spec: ServerSpec, log: (line: string) => void): string {
  const target = cachedPath(spec);
  const go = goCommand();
  const goVersion = spawnSync(go, ['version'], { encoding: 'utf8' });
  if (goVersion.status !== 0) {
    throw new Error(
      `devstack: ${spec.wrapper} was not found (PATH, ${spec.envVars.join(
        '/',
      )}) and Go is not installed to build it. ` +
        `Install Go 1.26+ or put a ${spec.commands.join('/')} binary on PATH.`,
    );
  }
  log(
    `building ${spec.wrapper} ${spec.version} from Go modules (first run only; several minutes)`,
  );
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  const args = ['build', '-trimpath', '-o', partial];
  if (spec.ldflags) args.push('-ldflags', spec.ldflags);
  if (spec.tags) args.push('-tags', spec.tags);
  args.push(spec.goPackage);
  const started = Date.now();
  execFileSync(go, args, {
    cwd: path.join(repoRoot(), 'packages', 'devstack', 'servers', spec.wrapper),
    env: { ...process.env, CGO_ENABLED: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // Renamed only when complete, so an interrupted build is never mistaken for a binary.
  fs.renameSync(partial, target);
  log(
    `built ${spec.wrapper} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return target;
}

function resolve(spec: ServerSpec, log: (line: string) => void): ServerBinary {
  const withVersion = (
    p: string,
    source: ServerBinary['source'],
  ): ServerBinary => ({
    path: p,
    source,
    version: reportedVersion(p, spec.versionArgs),
  });
  for (const name of spec.envVars) {
    const value = process.env[name];
    if (value) {
      if (!fs.existsSync(value))
        throw new Error(`devstack: ${name}=${value} does not exist`);
      return withVersion(value, 'env');
    }
  }
  for (const command of spec.commands) {
    const found = onPath(command);
    if (found) return withVersion(found, 'path');
  }
  if (fs.existsSync(cachedPath(spec)))
    return withVersion(cachedPath(spec), 'cache');
  return withVersion(build(spec, log), 'built');
}

/** The three server binaries, found (env vars, PATH, cache) or built from the wrapper modules. */
export function ensureServerBinaries(
  log: (line: string) => void = line =>
    process.stderr.write(`[devstack] ${line}\n`),
): Record<(typeof SPECS)[number]['key'], ServerBinary> {
  const out = {} as Record<(typeof SPECS)[number]['key'], ServerBinary>;
  for (const spec of SPECS) out[spec.key] = resolve(spec, log);
  return out;
}

const PROMTOOL: ServerSpec = {
  key: 'promtool',
  envVars: ['PROMTOOL_BIN'],
  commands: ['promtool'],
  wrapper: 'promtool',
  goPackage: 'github.com/prometheus/prometheus/cmd/promtool',
  version: SERVER_VERSIONS.promtool,
  // Without the service-discovery plugins (cloud SDKs, client-go): rule checks need none,
  // and the build takes a fraction of the time.
  tags: 'remove_all_sd',
  versionArgs: ['--version'],
};

/** Prometheus's promtool, found (PROMTOOL_BIN, PATH, cache) or built like the servers. */
export function ensurePromtool(
  log: (line: string) => void = line =>
    process.stderr.write(`[devstack] ${line}\n`),
): ServerBinary {
  return resolve(PROMTOOL, log);
}
