// What every browser flow shares: the run's context, a signed-in page, the user's token.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { StackInfo } from '@internal/devstack';
import type { Sample } from './prometheus.ts';
import type { Report } from './report.ts';

export interface Context {
  browser: Browser;
  appUrl: string;
  backendUrl: string;
  info: StackInfo;
  report: Report;
  screenshots: string;
  /** Unique per run, so reruns on one stack never collide. */
  tag: string;
  /** Where the test results go (scrapes and promtool's input beside them). */
  results: string;
  /** The backend's Prometheus endpoint. */
  metricsUrl: string;
  /** Scrapes of it taken during the run, by moment: `failing`, `recovered`, `final`. */
  scrapes: Record<string, Sample[]>;
}

export const secretsTab = (ctx: Context, name: string) =>
  `${ctx.appUrl}/catalog/default/component/${name}/secrets`;

/** What the page showed when a step failed, next to the other screenshots. */
export async function failureShot(ctx: Context, page: Page, step: string) {
  const file = `failed-${step.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`;
  await page.screenshot({ path: path.join(ctx.screenshots, file) });
}

/** A signed-in page: the guest provider signs in as the phase's user. */
export async function signedIn(ctx: Context): Promise<Page> {
  const page = await ctx.browser.newPage({
    viewport: { width: 1440, height: 1000 },
  });
  page.setDefaultTimeout(30_000);
  try {
    // The dev server answers before its first bundle is ready; the sign-in page waits for it.
    await page.goto(secretsTab(ctx, 'payments-api'));
    const enter = page.getByRole('button', { name: /enter/i });
    await enter.first().waitFor({ timeout: 180_000 });
    await enter.first().click();
    // The catalog reads the example files in the background after start-up.
    for (
      let i = 0;
      !(await page.getByText('payments-api').first().isVisible());
      i++
    ) {
      if (i > 60)
        throw new Error('the example catalog never showed payments-api');
      await page.waitForTimeout(1000);
      if (i % 10 === 9) await page.reload();
    }
    return page;
  } catch (error) {
    await page.screenshot({
      path: path.join(ctx.screenshots, 'sign-in-failure.png'),
    });
    throw error;
  }
}

/** The user's Backstage token, as the guest provider issues it, for direct API calls. */
export async function token(ctx: Context): Promise<string> {
  const res = await fetch(`${ctx.backendUrl}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const body = await res.json();
  return body.backstageIdentity.token;
}

/** Creates a one-key mapping through the API as the signed-in user; the answer as it came. */
export async function postMapping(
  ctx: Context,
  entity: string,
  m: {
    secretKey: string;
    key: string;
    property: string;
    namespace: string;
    name: string;
  },
): Promise<Response> {
  return fetch(
    `${ctx.backendUrl}/api/secrets/entities/component/default/${entity}/mappings`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await token(ctx)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        spec: {
          store: 'local-kv2',
          data: [
            {
              secretKey: m.secretKey,
              remoteRef: { key: m.key, property: m.property },
            },
          ],
          target: { clusters: ['local'], namespace: m.namespace, name: m.name },
        },
      }),
    },
  );
}
