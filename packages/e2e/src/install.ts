/**
 * Install test: the three plugin packages packed as they would be published, installed into
 * a separate minimal Backstage app (`fixtures/install-app`, copied outside this repository so
 * nothing resolves from its node_modules) exactly as the plugin READMEs say, then proven:
 * the backend starts with the packed plugin and answers; an authenticated call lists an
 * entity's mappings; the frontend bundle builds with the Secrets tab and the audit page.
 * Writes `<results>/install.json` for the test summary.
 *
 *   node src/install.ts <results dir>
 *
 * Needs a stack started with `--postgres` (DEVSTACK_STATE points at it).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, readStackInfo, waitUntil } from '@internal/devstack';
import {
  bundledCode,
  startPackage,
  waitForHttp,
  type Started,
} from './backstage.ts';
import { run } from './command.ts';
import { Report, runSuite } from './report.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const results = path.resolve(
  process.argv[2] ?? path.join(repoRoot, '.devstack/test-results'),
);
const PACKAGES = ['common', 'backend', 'frontend'].map(
  p => `@backstage-secrets/plugin-secrets-${p}`,
);
const tarball = (p: string) =>
  `${p.replace(/^@/, '').replace('/', '-')}-0.1.0.tgz`;

async function main(): Promise<number> {
  const info = readStackInfo();
  if (!info.postgres)
    throw new Error(
      'the install test needs a stack with PostgreSQL (--postgres)',
    );
  fs.mkdirSync(results, { recursive: true });
  const log = path.join(results, 'install.log');
  fs.writeFileSync(log, '');
  const report = new Report();
  // Outside the repository: a dependency missing from a package.json must fail here.
  const work = fs.mkdtempSync(
    path.join(os.tmpdir(), 'backstage-secrets-install-'),
  );
  const packs = path.join(work, 'packs');
  const app = path.join(work, 'app');
  let backend: Started | undefined;
  try {
    await report.step('the three plugins pack', async () => {
      fs.mkdirSync(packs);
      const workspaces = PACKAGES.flatMap(p => ['-w', p]);
      run('npx', ['tsc', '--incremental', 'false'], repoRoot, log);
      run('npm', ['run', 'build', ...workspaces], repoRoot, log);
      run(
        'npm',
        ['pack', ...workspaces, '--pack-destination', packs],
        repoRoot,
        log,
      );
      for (const p of PACKAGES) {
        const size = fs.statSync(path.join(packs, tarball(p))).size;
        console.log(`    ${tarball(p)}: ${Math.round(size / 1024)} KiB`);
      }
    });

    await report.step(
      'they install into a separate app as the READMEs say',
      async () => {
        fs.cpSync(path.join(repoRoot, 'fixtures/install-app'), app, {
          recursive: true,
        });
        const npm = ['--no-audit', '--no-fund', '--prefer-offline'];
        run('npm', ['install', ...npm], app, log);
        const t = (p: string) => path.join(packs, tarball(p));
        // README: npm install --workspace backend <common.tgz> <backend.tgz>
        run(
          'npm',
          [
            'install',
            ...npm,
            '--workspace',
            'backend',
            t(PACKAGES[0]),
            t(PACKAGES[1]),
          ],
          app,
          log,
        );
        // README: the same for the app (new and legacy frontend system), with the frontend tarball.
        for (const workspace of ['app', 'app-legacy'])
          run(
            'npm',
            [
              'install',
              ...npm,
              '--workspace',
              workspace,
              t(PACKAGES[0]),
              t(PACKAGES[2]),
            ],
            app,
            log,
          );
      },
    );

    const token = randomBytes(24).toString('base64url');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    await report.step(
      'the backend starts with the packed plugin and answers /health',
      async () => {
        const config = path.join(app, 'app-config.install.yaml');
        // JSON is valid YAML.
        fs.writeFileSync(
          config,
          JSON.stringify(
            {
              backend: {
                baseUrl: base,
                listen: { port },
                auth: {
                  externalAccess: [
                    {
                      type: 'static',
                      options: { token, subject: 'install-test' },
                    },
                  ],
                },
              },
              catalog: {
                locations: [
                  {
                    type: 'file',
                    target: path.join(repoRoot, 'examples/entities.yaml'),
                  },
                  {
                    type: 'file',
                    target: path.join(repoRoot, 'examples/org.yaml'),
                  },
                ],
              },
              secrets: {
                services: [
                  {
                    // A static token's principal is its configured subject, as is.
                    subject: 'install-test',
                    permissions: ['secrets.mapping.read'],
                  },
                ],
              },
            },
            null,
            2,
          ),
        );
        backend = startPackage({
          name: 'install backend',
          dir: path.join(app, 'packages/backend'),
          configs: [
            path.join(app, 'app-config.yaml'),
            info.appConfigOverlay,
            config,
          ],
          logFile: path.join(results, 'install-backend.log'),
        });
        await waitForHttp(backend, `${base}/api/secrets/health`, 180_000);
      },
    );

    await report.step(
      'an authenticated call lists an entity’s mappings',
      async () => {
        const url = `${base}/api/secrets/entities/component/default/payments-api/mappings`;
        let status = 0;
        let text = '';
        // The catalog reads the example files once it has started.
        await waitUntil(
          'payments-api in the catalog',
          async () => {
            const res = await fetch(url, {
              headers: { authorization: `Bearer ${token}` },
            });
            [status, text] = [res.status, await res.text()];
            return status === 200;
          },
          120_000,
        ).catch(() => {
          throw new Error(
            `GET ${url} answered ${status} ${text.slice(0, 300)}`,
          );
        });
        const body = JSON.parse(text);
        if (!Array.isArray(body.items) || !Array.isArray(body.access?.owners))
          throw new Error(`unexpected body: ${text.slice(0, 300)}`);
        const anonymous = await fetch(url);
        if (anonymous.status !== 401)
          throw new Error(`without a token: ${anonymous.status}, expected 401`);
      },
    );

    await report.step(
      'the wiring type-checks against the packed declarations',
      async () => {
        run('npx', ['tsc', '--noEmit'], app, log);
      },
    );

    for (const [workspace, system] of [
      ['app', 'new'],
      ['app-legacy', 'legacy'],
    ])
      await report.step(
        `the ${system} frontend system's bundle builds with the Secrets tab and the audit page`,
        async () => {
          const dir = path.join(app, 'packages', workspace);
          run(
            'npx',
            [
              'backstage-cli',
              'package',
              'build',
              '--config',
              path.join(app, 'app-config.yaml'),
            ],
            dir,
            log,
          );
          const code = bundledCode(path.join(dir, 'dist'));
          // Text only the plugin has: its API ref, the Secrets tab's empty state, the audit page.
          for (const text of [
            'plugin.secrets.service',
            'No secret mappings yet',
            'secrets-audit',
          ])
            if (!code.includes(text))
              throw new Error(`the bundle lacks "${text}"`);
        },
      );
  } finally {
    await backend?.stop();
    report.write(path.join(results, 'install.json'));
    // INSTALL_TEST_KEEP=1 keeps the app, to look into a failure.
    if (process.env.INSTALL_TEST_KEEP) console.log(`    kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
  return report.results.every(r => r.ok) ? 0 : 1;
}

runSuite(main, path.join(results, 'install.json'));
