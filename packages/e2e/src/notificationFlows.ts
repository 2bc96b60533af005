import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  failureShot,
  postMapping,
  signedIn,
  token,
  type Context,
} from './flowContext.ts';
import { scrapeMetrics } from './metricsFlows.ts';

/** Waits until the notifications page lists `text`, reloading while the notifier has not run. */
async function waitForNotification(page: Page, text: string, what: string) {
  for (let i = 0; ; i++) {
    if (await page.getByText(text).first().isVisible()) return;
    if (i > 45) throw new Error(`the notifications page never showed ${what}`);
    await page.waitForTimeout(2000);
    if (i % 3 === 2) await page.reload();
  }
}

/**
 * Owners are told through Backstage's notifications: a mapping failing past the grace (one
 * failed sync in this run's config) shows on alice's notifications page, and turns into
 * "syncs again" once its Vault secret exists. Runs first, on an empty inbox.
 */
export async function notificationFlows(
  ctx: Context,
): Promise<{ failedMapping: string; value: string }> {
  const page = await signedIn(ctx);
  ctx.report.onFailure = name => failureShot(ctx, page, name);
  const name = `e2e-notify-${ctx.tag}`;
  const key = `payments/e2e-notify-${ctx.tag}`;
  const api = async (method: string, route: string) =>
    fetch(`${ctx.backendUrl}/api/secrets${route}`, {
      method,
      headers: { authorization: `Bearer ${await token(ctx)}` },
    });
  let id: string | undefined;
  // Searched for in every page and scrape: it must never leave Vault and the Secret.
  const value = `notify-canary-${randomBytes(8).toString('hex')}`;

  await ctx.report.step(
    'an owner finds a failing mapping on the notifications page',
    async () => {
      // The Vault secret does not exist yet: the first sync fails.
      const res = await postMapping(ctx, 'payments-api', {
        secretKey: 'token',
        key,
        property: 'token',
        namespace: 'payments',
        name,
      });
      const body = await res.text();
      assert.equal(res.status, 201, body);
      id = JSON.parse(body).id;
      await page.goto(`${ctx.appUrl}/notifications`);
      await waitForNotification(
        page,
        `Secret payments/${name} of payments-api is failing to sync`,
        'the failure',
      );
      await page
        .getByText(/VaultSecretNotFound on local/)
        .first()
        .waitFor();
      await page.screenshot({
        path: path.join(ctx.screenshots, 'notifications.png'),
      });
      // The alert rules are checked on this scrape and the one after the recovery.
      await scrapeMetrics(ctx, 'failing');
    },
  );

  await ctx.report.step(
    'the same notification says the mapping syncs again once Vault has the secret',
    async () => {
      assert.ok(id, 'no mapping from the previous step');
      const write = await fetch(
        `${ctx.info.vault.addr}/v1/secret/data/${key}`,
        {
          method: 'POST',
          headers: { 'x-vault-token': ctx.info.vault.rootToken },
          body: JSON.stringify({ data: { token: value } }),
        },
      );
      assert.equal(write.status, 200);
      const synced = await api('POST', `/mappings/${id}/sync`);
      assert.equal(synced.status, 200, await synced.text());
      await waitForNotification(
        page,
        `Secret payments/${name} of payments-api syncs again`,
        'the recovery',
      );
      // Updated in place: the failure is no longer listed beside it.
      assert.equal(
        await page
          .getByText(
            `Secret payments/${name} of payments-api is failing to sync`,
          )
          .count(),
        0,
      );
      assert.equal((await page.content()).includes(value), false);
      await scrapeMetrics(ctx, 'recovered');
      const deleted = await api('DELETE', `/mappings/${id}`);
      assert.ok(deleted.status < 300, `delete answered ${deleted.status}`);
    },
  );
  await page.close();
  return { failedMapping: name, value };
}
