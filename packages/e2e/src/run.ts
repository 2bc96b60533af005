/**
 * End-to-end run: the real app (frontend dev server and backend) against the local stack,
 * driven in headless Chromium. Phase 1 signs in as alice (team-payments) for the owner and
 * non-owner flows; phase 2 restarts only the backend, signed in as dave (platform admin),
 * for the audit page. The backend uses the stack's PostgreSQL, so mappings outlive the
 * restart. Writes `<results>/e2e.json` for the test summary and screenshots.
 *
 *   node src/run.ts <results dir> [<screenshots dir>]
 *
 * Needs a stack started with `--postgres` (DEVSTACK_STATE points at it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { freePort, readStackInfo } from '@internal/devstack';
import {
  startPackage,
  waitForHttp,
  writePhaseConfig,
  type Started,
} from './backstage.ts';
import { Report } from './report.ts';
import { gitOpsFlows } from './gitOpsFlows.ts';
import { metricsFlows, scrapeMetrics } from './metricsFlows.ts';
import { notificationFlows } from './notificationFlows.ts';
import type { Context } from './flowContext.ts';
import { adminFlows, ownerFlows } from './scenarios.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const results = path.resolve(
  process.argv[2] ?? path.join(repoRoot, '.devstack/test-results'),
);
const screenshots = path.resolve(
  process.argv[3] ?? path.join(results, 'screenshots'),
);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main(): Promise<number> {
  if (!fs.existsSync(CHROMIUM)) {
    // Checked before anything starts, so a missing browser is named at once.
    throw new Error(
      `no Chromium at ${CHROMIUM}: install the Debian package "chromium" ` +
        '(apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary',
    );
  }
  const info = readStackInfo();
  if (!info.postgres)
    throw new Error('the e2e run needs a stack with PostgreSQL (--postgres)');
  fs.mkdirSync(results, { recursive: true });
  fs.mkdirSync(screenshots, { recursive: true });
  const report = new Report();
  const logs = path.join(results, 'e2e-logs');
  fs.mkdirSync(logs, { recursive: true });
  const [appPort, backendPort, metricsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const phaseConfig = path.join(info.dir, 'app-config.e2e.yaml');
  const configs = [
    path.join(repoRoot, 'app-config.yaml'),
    info.appConfigOverlay,
    phaseConfig,
  ];
  const started: Started[] = [];
  let browser: Browser | undefined;
  const planned = [
    'backstage starts',
    'notification flows',
    'owner flows',
    'git and import flows',
    'metrics flows',
    'admin flows',
  ];
  try {
    writePhaseConfig(phaseConfig, {
      appPort,
      backendPort,
      user: 'user:default/alice',
    });
    const startBackend = () =>
      startPackage({
        name: 'backend',
        dir: path.join(repoRoot, 'packages/backend'),
        configs,
        logFile: path.join(logs, 'backend.log'),
        // Each sync cycle is logged at debug level: the log then shows what the engine did.
        env: { LOG_LEVEL: 'debug', METRICS_PORT: String(metricsPort) },
      });
    let backend = startBackend();
    const frontend = startPackage({
      name: 'frontend',
      dir: path.join(repoRoot, 'packages/app'),
      configs,
      logFile: path.join(logs, 'frontend.log'),
    });
    started.push(backend, frontend);
    const appUrl = `http://127.0.0.1:${appPort}`;
    const backendUrl = `http://127.0.0.1:${backendPort}`;
    const up = await report.step(
      'backstage starts (frontend and backend on the local stack)',
      async () => {
        await waitForHttp(backend, `${backendUrl}/api/secrets/health`, 240_000);
        await waitForHttp(frontend, appUrl, 300_000);
      },
    );
    planned.shift();
    if (!up) return finish(report, planned);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
    const ctx: Context = {
      browser,
      appUrl,
      backendUrl,
      info,
      report,
      screenshots,
      tag: `${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`,
      results,
      metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
      scrapes: {},
    };
    // First, while alice's notifications page is still empty.
    const { failedMapping, value } = await notificationFlows(ctx);
    planned.shift();
    const { auditName } = await ownerFlows(ctx);
    planned.shift();
    await gitOpsFlows(ctx);
    planned.shift();
    // What phase 1 counted (a lease issued, Secrets written) before the restart resets it.
    await scrapeMetrics(ctx, 'final').catch(error =>
      console.error(`scraping /metrics failed: ${error}`),
    );
    await metricsFlows(ctx, failedMapping, value);
    planned.shift();

    // Phase 2: the same frontend, a backend whose guest is the platform admin.
    await backend.stop();
    writePhaseConfig(phaseConfig, {
      appPort,
      backendPort,
      user: 'user:default/dave',
    });
    backend = startBackend();
    started.push(backend);
    const restarted = await report.step(
      'backend restarts with the admin as guest',
      async () => {
        await waitForHttp(backend, `${backendUrl}/api/secrets/health`, 240_000);
      },
    );
    if (restarted) await adminFlows(ctx, auditName);
    planned.shift();
    return finish(report, planned);
  } catch (error) {
    console.error(`e2e run aborted: ${(error as Error).stack ?? error}`);
    return finish(report, planned.length ? planned : ['e2e run']);
  } finally {
    await browser?.close();
    await Promise.all(started.map(s => s.stop()));
  }
}

function finish(report: Report, notRun: string[]): number {
  report.write(path.join(results, 'e2e.json'), notRun);
  const failed = report.results.filter(r => !r.ok).length + notRun.length;
  console.log(
    `e2e: ${
      report.results.length - failed + notRun.length
    } passed, ${failed} failed`,
  );
  return failed ? 1 : 0;
}

main().then(
  code => process.exit(code),
  error => {
    console.error(error);
    process.exit(1);
  },
);
