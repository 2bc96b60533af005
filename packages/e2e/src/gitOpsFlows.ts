import assert from 'node:assert/strict';
import { secretKeys } from './cluster.ts';
import {
  failureShot,
  secretsTab,
  signedIn,
  type Context,
} from './scenarios.ts';

/**
 * The demo's search-indexer declares two ExternalSecrets in a file beside its catalog
 * file: the backend reads them on its schedule, so a first start shows them live, marked
 * as managed in Git and synced into the cluster.
 */
export async function declaredFlows(ctx: Context): Promise<void> {
  const page = await signedIn(ctx);
  ctx.report.onFailure = name => failureShot(ctx, page, name);
  const names = ['search-indexer-api', 'search-indexer-crawler'];
  await ctx.report.step(
    'a service that declares its mappings in Git shows them Synced, with their file, on a first start',
    async () => {
      await page.goto(secretsTab(ctx, 'search-indexer'));
      await page.getByText(/Mappings declared in Git/).waitFor();
      const row = (name: string) =>
        page.getByRole('row').filter({ hasText: name });
      // The catalog reads the example, then the next scheduled read (every minute) applies it.
      for (let i = 0; ; i++) {
        const synced = await Promise.all(
          names.map(name => row(name).getByText('local: Synced').isVisible()),
        );
        if (synced.every(Boolean)) break;
        if (i > 30)
          throw new Error(
            `the declared mappings did not show Synced (${names
              .map((n, j) => `${n}: ${synced[j]}`)
              .join(', ')})`,
          );
        await page.waitForTimeout(5000);
        await page.reload();
        await page.getByText(/Mappings declared in Git/).waitFor();
      }
      for (const name of names) {
        await row(name).getByText('managed in Git').waitFor();
        await row(name).getByText('external-secrets.yaml').waitFor();
      }
      assert.deepEqual(
        await secretKeys(ctx.info, 'search', 'search-indexer-crawler'),
        ['CRAWLER_TOKEN'],
      );
      assert.deepEqual(
        (await secretKeys(ctx.info, 'search', 'search-indexer-api'))?.sort(),
        ['SEARCH_API_KEY', 'SEARCH_API_URL'],
      );
    },
  );
  await page.close();
}
