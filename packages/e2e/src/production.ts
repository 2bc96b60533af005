/**
 * Production-bundle test: the steps of `packages/backend/Dockerfile` carried out on the host,
 * where there is no Docker: the build stage's steps after the source is copied (in this
 * repository, whose dependencies the test command installed), then every step of the final
 * stage in a directory outside the repository, system packages excepted (the host has them).
 * The result runs as the image would (`NODE_ENV=production`, its CMD, PostgreSQL through the
 * `POSTGRES_*` variables app-config.production.yaml reads) and must:
 *  - refuse guest sign-in with the shipped configuration;
 *  - serve the app and the plugin's API;
 *  - with the test-only sign-in overlay (guest allowed outside development, which no shipped
 *    file sets), list an entity's mappings as its owner and sync a new mapping into the cluster.
 * Writes `<results>/production.json` for the test summary.
 *
 *   node src/production.ts <results dir>
 *
 * Needs a stack started with `--postgres` (DEVSTACK_STATE points at it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  freePort,
  readStackInfo,
  waitUntil,
  type StackInfo,
} from '@internal/devstack';
import {
  bundledCode,
  startProcess,
  waitForHttp,
  type Started,
} from './backstage.ts';
import { secretKeys } from './cluster.ts';
import { run } from './command.ts';
import { flag, readDockerfile, type Stage } from './dockerfile.ts';
import { Report, runSuite } from './report.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const results = path.resolve(
  process.argv[2] ?? path.join(repoRoot, '.devstack/test-results'),
);
const dockerfile = path.join(repoRoot, 'packages/backend/Dockerfile');
const log = path.join(results, 'production.log');

/** The final stage's WORKDIR and the build stage's, mapped to host directories. */
interface Places {
  image: string;
  buildWorkdir: string;
}

/** The build stage's steps from the one that copies the whole source on, run in this repository. */
function runBuildStage(stage: Stage) {
  const copyAll = stage.steps.findIndex(
    s => s.op === 'COPY' && !flag(s, 'from') && s.rest === '. .',
  );
  if (copyAll < 0)
    throw new Error('the build stage never copies the source (COPY . .)');
  for (const step of stage.steps.slice(copyAll + 1))
    if (step.op === 'RUN') run('bash', ['-c', step.rest], repoRoot, log);
}

/** Every step of the final stage; returns the environment and command the image would run. */
function runFinalStage(
  stage: Stage,
  places: Places,
): { env: Record<string, string>; cmd: string[] } {
  const env: Record<string, string> = {};
  let cmd: string[] = [];
  for (const step of stage.steps) {
    switch (step.op) {
      case 'WORKDIR':
        if (step.rest !== places.buildWorkdir)
          throw new Error(
            `WORKDIR ${step.rest}: the test maps only ${places.buildWorkdir}`,
          );
        break;
      case 'ENV': {
        const [key, ...value] = step.rest.split('=');
        env[key] = value.join('=');
        break;
      }
      case 'COPY': {
        const words = step.rest.split(' ');
        const target = path.join(places.image, words.pop()!);
        const from = flag(step, 'from');
        for (const source of words) {
          const onHost = from
            ? path.join(repoRoot, path.relative(places.buildWorkdir, source))
            : path.join(repoRoot, source);
          const dest =
            target.endsWith('/') || words.length > 1
              ? path.join(target, path.basename(source))
              : target;
          fs.cpSync(onHost, dest, { recursive: true });
        }
        break;
      }
      case 'RUN':
        // System packages: the test command installed them on the host.
        if (!step.rest.startsWith('apt-get'))
          run('bash', ['-c', step.rest], places.image, log, env);
        break;
      case 'CMD':
        cmd = JSON.parse(step.rest);
        break;
      case 'USER':
      case 'EXPOSE':
        break;
      default:
        throw new Error(`the test cannot carry out ${step.op}`);
    }
  }
  return { env, cmd };
}

/** The stack's stores and clusters; its database block is dropped so the shipped one is used. */
function stackOverlay(info: StackInfo): Record<string, unknown> {
  const text = fs
    .readFileSync(info.appConfigOverlay, 'utf8')
    .split('\n')
    .filter(line => !line.startsWith('#'))
    .join('\n');
  const { backend: _dropped, ...rest } = JSON.parse(text);
  return rest;
}

function writeJson(file: string, value: unknown) {
  // JSON is valid YAML.
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
}

async function main(): Promise<number> {
  const info = readStackInfo();
  const pg = info.postgres;
  if (!pg)
    throw new Error(
      'the production test needs a stack started with --postgres',
    );
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(log, '');
  const report = new Report();
  const work = fs.mkdtempSync(
    path.join(os.tmpdir(), 'backstage-secrets-image-'),
  );
  const image = path.join(work, 'app');
  fs.mkdirSync(image);
  const stages = readDockerfile(dockerfile);
  const build = stages.find(s => s.name === 'build');
  const final = stages[stages.length - 1];
  const buildWorkdir = build?.steps.find(s => s.op === 'WORKDIR')?.rest ?? '/';
  let built: { env: Record<string, string>; cmd: string[] } | undefined;
  let backend: Started | undefined;

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const testConfig = path.join(work, 'app-config.test.yaml');
  const signInConfig = path.join(work, 'app-config.test-sign-in.yaml');
  writeJson(testConfig, {
    ...stackOverlay(info),
    app: { baseUrl: base },
    // The string form, as app-config.production.yaml writes it: the two must merge.
    backend: { baseUrl: base, listen: `127.0.0.1:${port}` },
    catalog: {
      locations: ['entities', 'org'].map(f => ({
        type: 'file',
        target: path.join(repoRoot, `examples/${f}.yaml`),
      })),
    },
  });
  // Test-only: the guest provider refuses to run outside development unless told to.
  writeJson(signInConfig, {
    auth: {
      providers: {
        guest: {
          userEntityRef: 'user:default/alice',
          dangerouslyAllowOutsideDevelopment: true,
        },
      },
    },
  });
  const start = (name: string, configs: string[]) => {
    const [cmd, ...args] = built!.cmd;
    return startProcess({
      name,
      cmd,
      args: [...args, ...configs.flatMap(c => ['--config', c])],
      cwd: image,
      logFile: path.join(results, 'production-backend.log'),
      env: {
        ...built!.env,
        POSTGRES_HOST: pg.host,
        POSTGRES_PORT: String(pg.port),
        POSTGRES_USER: pg.user,
        POSTGRES_PASSWORD: pg.password,
      },
    });
  };
  const guestToken = async () => {
    const res = await fetch(`${base}/api/auth/guest/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const body = await res.json().catch(() => ({}));
    return {
      status: res.status,
      token: body?.backstageIdentity?.token as string | undefined,
      owns: (body?.backstageIdentity?.identity?.ownershipEntityRefs ??
        []) as string[],
    };
  };

  try {
    await report.step(
      'the Dockerfile’s build stage builds the backend bundle',
      async () => {
        if (!build)
          throw new Error('the Dockerfile has no stage named "build"');
        runBuildStage(build);
      },
    );

    await report.step(
      'the final stage’s steps install and unpack it',
      async () => {
        built = runFinalStage(final, { image, buildWorkdir });
        if (built.env.NODE_ENV !== 'production')
          throw new Error(
            `the image sets NODE_ENV=${built.env.NODE_ENV}, not production`,
          );
        for (const file of [
          'packages/backend/dist/index.cjs.js',
          'node_modules/pg',
        ])
          if (!fs.existsSync(path.join(image, file)))
            throw new Error(`the image lacks ${file}`);
      },
    );

    await report.step('it serves the app and the API', async () => {
      // The test-only sign-in first: the catalog's first processing must not be cut short
      // by a restart, or the entities wait for its next round.
      backend = start('production backend', [testConfig, signInConfig]);
      await waitForHttp(backend, `${base}/api/secrets/health`, 180_000);
      const page = await fetch(`${base}/`);
      const html = await page.text();
      if (!page.ok || !html.includes('<div id="root">'))
        throw new Error(`GET / answered ${page.status}, not the app`);
      const code = bundledCode(path.join(image, 'packages/app/dist'));
      if (!code.includes('No secret mappings yet'))
        throw new Error('the app served lacks the Secrets tab');
    });

    await report.step(
      'with the test-only sign-in, the owner lists mappings and a new one syncs',
      async () => {
        // Ownership comes from the catalog: sign in again until it knows alice's team.
        let token = '';
        let status = 0;
        await waitUntil(
          'alice signed in as a member of team-payments',
          async () => {
            const answer = await guestToken();
            status = answer.status;
            token = answer.token ?? '';
            return answer.owns.includes('group:default/team-payments');
          },
          120_000,
        ).catch(() => {
          throw new Error(`test-only guest sign-in answered ${status}`);
        });
        const headers = {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        };
        const url = `${base}/api/secrets/entities/component/default/payments-api/mappings`;
        await waitUntil(
          'payments-api in the catalog',
          async () => (await fetch(url, { headers })).status === 200,
          120_000,
        );
        const name = `production-${Date.now().toString(36)}`;
        const created = await fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            spec: {
              store: 'local-kv2',
              data: [
                {
                  secretKey: 'db-user',
                  remoteRef: {
                    key: 'payments/payments-api',
                    property: 'db_username',
                  },
                },
              ],
              target: { clusters: ['local'], namespace: 'payments', name },
            },
          }),
        });
        if (created.status !== 201)
          throw new Error(
            `POST mapping: ${created.status} ${(await created.text()).slice(
              0,
              300,
            )}`,
          );
        await waitUntil(
          `Secret payments/${name}`,
          async () =>
            (await secretKeys(info, 'payments', name))?.join() === 'db-user',
          60_000,
        );
      },
    );

    await report.step(
      'the shipped configuration refuses guest sign-in',
      async () => {
        await backend?.stop();
        backend = start('production backend', [testConfig]);
        await waitForHttp(backend, `${base}/api/secrets/health`, 180_000);
        const guest = await guestToken();
        if (guest.token || guest.status === 200)
          throw new Error(
            `guest sign-in answered ${guest.status} in production`,
          );
      },
    );
  } finally {
    await backend?.stop();
    report.write(path.join(results, 'production.json'));
    // PRODUCTION_TEST_KEEP=1 keeps the unpacked image, to look into a failure.
    if (process.env.PRODUCTION_TEST_KEEP) console.log(`    kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
  return report.results.every(r => r.ok) ? 0 : 1;
}

runSuite(main, path.join(results, 'production.json'));
