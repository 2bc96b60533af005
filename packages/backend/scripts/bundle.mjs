#!/usr/bin/env node
/**
 * Builds the backend for a container image, producing what `backstage-cli package build`
 * produces for a backend in a Yarn repository (that command copies yarn.lock and runs
 * `yarn` for the app, so it cannot be used with npm workspaces):
 *
 *   dist/skeleton.tar.gz  the root package.json, package-lock.json and the package.json of
 *                         every workspace package the backend runs: enough for
 *                         `npm ci --omit=dev`, so an image rebuilds its dependency layer only
 *                         when a manifest or the lock changes;
 *   dist/bundle.tar.gz    those packages as `npm pack` makes them (built output only).
 *
 * The manifests lose their devDependencies, and the app's its dependencies too: it is served
 * from its built files by the app-backend plugin, which has them compiled in.
 *
 *   node scripts/bundle.mjs      (run by `npm run build:backend` at the repository root)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const backendDir = path.resolve(import.meta.dirname, '..');
const root = path.resolve(backendDir, '../..');
const dist = path.join(backendDir, 'dist');

/** Runs a command with its output shown, or returned when `capture` is set. */
function run(cmd, args, cwd = root, capture = false) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  return execFileSync(cmd, args, {
    cwd,
    stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  })?.toString();
}

/**
 * The workspace packages the backend needs at run time: itself and its local dependencies,
 * transitively, except what a bundled app depends on (compiled into its files).
 */
function runtimeWorkspaces() {
  const all = JSON.parse(
    run('npm', ['query', '.workspace', '--json'], root, true),
  );
  const byName = new Map(all.map(w => [w.name, w]));
  const needed = new Map();
  const visit = name => {
    const workspace = byName.get(name);
    if (!workspace || needed.has(name)) return;
    needed.set(name, workspace);
    if (workspace.backstage?.role === 'frontend') return;
    Object.keys(workspace.dependencies ?? {}).forEach(visit);
  };
  visit('backend');
  return [...needed.values()].map(w => ({
    name: w.name,
    location: w.location,
    role: w.backstage?.role,
  }));
}

const workspaces = runtimeWorkspaces();
const others = workspaces.filter(w => w.name !== 'backend');

// The plugins' builds read their declarations from dist-types.
run('npx', ['tsc', '--incremental', 'false']);
run('npm', ['run', 'build', ...others.flatMap(w => ['-w', w.name])]);
// The backend's own code only: the bundle is assembled below, not by backstage-cli.
run(
  'npx',
  ['backstage-cli', 'package', 'build', '--role', 'backend-plugin'],
  backendDir,
);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'backend-bundle-'));
try {
  const packs = path.join(work, 'packs');
  const ws = path.join(work, 'workspace');
  fs.mkdirSync(packs);
  const packed = JSON.parse(
    run(
      'npm',
      [
        'pack',
        ...workspaces.flatMap(w => ['-w', w.name]),
        '--pack-destination',
        packs,
        '--json',
      ],
      root,
      true,
    ),
  );
  for (const w of workspaces) {
    const tarball = packed.find(p => p.name === w.name).filename;
    const dir = path.join(ws, w.location);
    fs.mkdirSync(dir, { recursive: true });
    run('tar', [
      'xzf',
      path.join(packs, tarball),
      '-C',
      dir,
      '--strip-components=1',
    ]);
    // Only what runs: no development tools in the image (some build native code).
    const manifest = path.join(dir, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    delete pkg.devDependencies;
    if (w.role === 'frontend') delete pkg.dependencies;
    fs.writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
  }

  const rootPkg = JSON.parse(
    fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
  );
  const manifest = {
    name: rootPkg.name,
    version: rootPkg.version,
    private: true,
    engines: rootPkg.engines,
    workspaces: workspaces.map(w => w.location),
  };
  fs.writeFileSync(
    path.join(ws, 'package.json'),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  fs.copyFileSync(
    path.join(root, 'package-lock.json'),
    path.join(ws, 'package-lock.json'),
  );

  const skeleton = [
    'package.json',
    'package-lock.json',
    ...workspaces.map(w => `${w.location}/package.json`),
  ];
  run('tar', ['czf', path.join(dist, 'skeleton.tar.gz'), ...skeleton], ws);
  run('tar', ['czf', path.join(dist, 'bundle.tar.gz'), '.'], ws);
  for (const file of ['skeleton.tar.gz', 'bundle.tar.gz']) {
    const kib = Math.round(fs.statSync(path.join(dist, file)).size / 1024);
    console.log(`dist/${file}: ${kib} KiB`);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
