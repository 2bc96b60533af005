import assert from 'node:assert/strict';
import { createForeignSecret, secretKeys, secretMeta } from './cluster.ts';
import {
  failureShot,
  secretsTab,
  postMapping,
  signedIn,
  type Context,
} from './flowContext.ts';

/** Two ExternalSecrets as a team migrating from ESO has them, one multi-document file. */
const manifests = (tag: string) => `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: e2e-bulk-queue-${tag}
spec:
  secretStoreRef: { kind: ClusterSecretStore, name: local-kv2 }
  target: { name: e2e-bulk-queue-${tag} }
  data:
    - secretKey: QUEUE_PASSWORD
      remoteRef: { key: payments/payments-worker, property: queue_password }
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: e2e-bulk-registry-${tag}
spec:
  secretStoreRef: { kind: ClusterSecretStore, name: local-kv2 }
  target: { name: e2e-bulk-registry-${tag} }
  dataFrom:
    - extract: { key: payments/registry }
`;

/**
 * Bringing ExternalSecrets in: the demo's search-indexer declares two in a file beside its
 * catalog file (the backend reads them on its schedule, so a first start shows them live,
 * marked as managed in Git and synced), and an owner imports a file of them in one go.
 */
export async function gitOpsFlows(ctx: Context): Promise<void> {
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
  await ctx.report.step(
    'owner imports a file of ExternalSecrets: checked first, then all created and Synced',
    async () => {
      await page.goto(secretsTab(ctx, 'payments-worker'));
      await page.getByRole('button', { name: 'Import YAML' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Bulk import YAML').fill(manifests(ctx.tag));
      await dialog.getByRole('button', { name: 'Check' }).click();
      await dialog.getByText('2 accepted, 0 refused').waitFor();
      await dialog.getByRole('button', { name: 'Import all' }).click();
      await dialog.waitFor({ state: 'detached' });
      for (const name of [
        `e2e-bulk-queue-${ctx.tag}`,
        `e2e-bulk-registry-${ctx.tag}`,
      ])
        await page
          .getByRole('row')
          .filter({ hasText: name })
          .getByText('local: Synced')
          .waitFor({ timeout: 60_000 });
      assert.deepEqual(
        await secretKeys(ctx.info, 'payments', `e2e-bulk-queue-${ctx.tag}`),
        ['QUEUE_PASSWORD'],
      );
      assert.deepEqual(
        (
          await secretKeys(ctx.info, 'payments', `e2e-bulk-registry-${ctx.tag}`)
        )?.sort(),
        ['password', 'username'],
      );
    },
  );
  await ctx.report.step(
    'owner compares a Secret another writer made, adopts it, and the next sync writes nothing',
    async () => {
      const name = `e2e-adopt-${ctx.tag}`;
      const vault = await fetch(
        `${ctx.info.vault.addr}/v1/secret/data/payments/payments-api`,
        { headers: { 'x-vault-token': ctx.info.vault.rootToken } },
      ).then(r => r.json());
      await createForeignSecret(ctx.info, 'payments', name, {
        user: vault.data.data.db_username,
      });
      const created = await postMapping(ctx, 'payments-api', {
        secretKey: 'user',
        key: 'payments/payments-api',
        property: 'db_username',
        namespace: 'payments',
        name,
      });
      assert.equal(created.status, 201);
      await page.goto(secretsTab(ctx, 'payments-api'));
      const row = page.getByRole('row').filter({ hasText: name });
      // The engine leaves the Secret alone and says why; the tab then offers Compare.
      await row
        .getByRole('button', { name: `Compare ${name}` })
        .click({ timeout: 60_000 });
      const dialog = page.getByRole('dialog');
      await dialog
        .getByLabel('Comparison in local')
        .getByText('match', { exact: true })
        .waitFor();
      await dialog.getByRole('button', { name: 'Adopt' }).click();
      await dialog.waitFor({ state: 'detached' });
      const adopted = await secretMeta(ctx.info, 'payments', name);
      await row.getByRole('button', { name: `Sync now ${name}` }).click();
      await row.getByText('local: Synced').waitFor();
      assert.equal(
        (await secretMeta(ctx.info, 'payments', name))?.resourceVersion,
        adopted?.resourceVersion,
      );
    },
  );
  await page.close();
}
