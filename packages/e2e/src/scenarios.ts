import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { secretKeys, secretMeta } from './cluster.ts';
import {
  failureShot,
  postMapping,
  secretsTab,
  signedIn,
  type Context,
} from './flowContext.ts';

/** As alice, a member of the owning team: add, sync, edit, delete through the UI. */
export async function ownerFlows(ctx: Context): Promise<{ auditName: string }> {
  const page = await signedIn(ctx);
  ctx.report.onFailure = name => failureShot(ctx, page, name);
  const name = `e2e-${ctx.tag}`;
  const row = () => page.getByRole('row').filter({ hasText: name });

  await ctx.report.step(
    'owner adds a mapping through the dialog and sees it Synced',
    async () => {
      await page.goto(secretsTab(ctx, 'payments-api'));
      await page.getByRole('button', { name: 'Add mapping' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Vault store').click();
      await page.getByRole('option', { name: /^local-kv2/ }).click();
      await dialog.getByLabel('Secret name').fill(name);
      await dialog.getByLabel('Secret key 1').fill('db-user');
      await dialog.getByLabel('Vault path 1').fill('payments/payments-api');
      await dialog.getByLabel('Property 1').fill('db_username');
      await dialog.getByRole('button', { name: 'Preview' }).click();
      await dialog.getByText('Secret (Opaque) keys: db-user').waitFor();
      await page.screenshot({
        path: path.join(ctx.screenshots, 'mapping-dialog.png'),
      });
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await row().getByText('local: Synced').waitFor();
      assert.deepEqual(await secretKeys(ctx.info, 'payments', name), [
        'db-user',
      ]);
    },
  );

  await ctx.report.step(
    'owner syncs now and gets the fresh status',
    async () => {
      await row()
        .getByRole('button', { name: `Sync now ${name}` })
        .click();
      await page.getByText(`${name} synced`).waitFor();
      await row().getByText('local: Synced').waitFor();
    },
  );

  await ctx.report.step(
    'owner edits the mapping: a second key appears in the Secret',
    async () => {
      await row()
        .getByRole('button', { name: `Edit ${name}` })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Add key' }).click();
      await dialog.getByLabel('Secret key 2').fill('api-key');
      await dialog.getByLabel('Vault path 2').fill('payments/payments-api');
      await dialog.getByLabel('Property 2').fill('api_key');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
      await row().getByText('db-user, api-key').waitFor();
      for (let i = 0; ; i++) {
        const keys = await secretKeys(ctx.info, 'payments', name);
        if (keys?.length === 2) {
          assert.deepEqual(keys, ['api-key', 'db-user']);
          break;
        }
        if (i > 40) assert.fail(`Secret keys after the edit: ${keys}`);
        await page.waitForTimeout(250);
      }
      await page.screenshot({
        path: path.join(ctx.screenshots, 'secrets-tab.png'),
      });
    },
  );

  await ctx.report.step('owner sees the history with actors', async () => {
    await row()
      .getByRole('button', { name: `History ${name}` })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByText(/user:default\/alice/)
      .first()
      .waitFor();
    await dialog
      .getByText(/engine/)
      .first()
      .waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  await ctx.report.step(
    'owner deletes the mapping; the owned Secret goes with it',
    async () => {
      await row()
        .getByRole('button', { name: `Delete ${name}` })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/is deleted \(creation policy Owner\)/).waitFor();
      await dialog.getByRole('button', { name: 'Delete' }).click();
      // A modal hides the page from role queries: wait for it to close, then for the row.
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(`Mapping ${name} deleted`).waitFor();
      await row().waitFor({ state: 'detached' });
      assert.equal(await secretKeys(ctx.info, 'payments', name), undefined);
    },
  );

  const auditName = `e2e-audit-${ctx.tag}`;
  await ctx.report.step(
    'a mapping made through the API shows up in the tab',
    async () => {
      const res = await postMapping(ctx, 'payments-api', {
        secretKey: 'db-user',
        key: 'payments/payments-api',
        property: 'db_username',
        namespace: 'payments',
        name: auditName,
      });
      assert.equal(res.status, 201, await res.text());
      await page.reload();
      await page
        .getByRole('row')
        .filter({ hasText: auditName })
        .getByText('local: Synced')
        .waitFor({ timeout: 60_000 });
    },
  );

  await ctx.report.step(
    'the mapping, and all of the entity’s, download as ExternalSecret manifests',
    async () => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: `Export YAML ${auditName}` }).click(),
      ]);
      assert.equal(
        file.suggestedFilename(),
        `${auditName}.externalsecret.yaml`,
      );
      const text = fs.readFileSync(await file.path(), 'utf8');
      assert.match(text, /^kind: ExternalSecret$/m);
      assert.match(text, new RegExp(`name: ${auditName}`));
      const [all] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export all' }).click(),
      ]);
      assert.equal(
        all.suggestedFilename(),
        'payments-api.externalsecrets.yaml',
      );
      const docs = fs.readFileSync(await all.path(), 'utf8');
      assert.match(docs, new RegExp(`name: ${auditName}$`, 'm'));
    },
  );

  await ctx.report.step(
    'owner rotates the Vault secret; the Secret picks up the new version',
    async () => {
      const before = await secretMeta(ctx.info, 'payments', auditName);
      const auditRow = page.getByRole('row').filter({ hasText: auditName });
      await auditRow
        .getByRole('button', { name: `Rotate ${auditName}` })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/Versions \(current: v\d+\)/).waitFor();
      // The demo data was written outside the product: rotating it needs a confirmation.
      await dialog.getByRole('checkbox', { name: /I confirm/ }).check();
      await page.screenshot({
        path: path.join(ctx.screenshots, 'rotate-dialog.png'),
      });
      await dialog.getByRole('button', { name: 'Rotate', exact: true }).click();
      await page
        .getByText(/payments\/payments-api is now v\d+; 1 of 1 Secrets updated/)
        .waitFor();
      const after = await secretMeta(ctx.info, 'payments', auditName);
      assert.notEqual(after?.resourceVersion, before?.resourceVersion);
      assert.deepEqual(after?.keys, ['db-user']);
    },
  );

  await ctx.report.step(
    'owner adds database credentials issued by Vault, sees the lease count down, and re-issues them',
    async () => {
      const dbName = `e2e-db-${ctx.tag}`;
      await page.goto(secretsTab(ctx, 'payments-api'));
      await page.getByRole('button', { name: 'Add mapping' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Source').click();
      await page.getByRole('option', { name: /Database credentials/ }).click();
      await dialog.getByLabel('Vault store').click();
      await page.getByRole('option', { name: /^local-kv2/ }).click();
      await dialog.getByLabel('Secret name').fill(dbName);
      await dialog.getByLabel('Role').fill('payments-app');
      await dialog.getByRole('button', { name: 'Preview' }).click();
      await dialog
        .getByText('Secret (Opaque) keys: password, username')
        .waitFor();
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      const dbRow = page.getByRole('row').filter({ hasText: dbName });
      await dbRow.getByText('local: Synced').waitFor({ timeout: 60_000 });
      await dbRow
        .getByText(/lease expires in (1 hour|\d+ minutes) · renews in/)
        .waitFor();
      assert.deepEqual(await secretKeys(ctx.info, 'payments', dbName), [
        'password',
        'username',
      ]);
      await page.screenshot({
        path: path.join(ctx.screenshots, 'dynamic-lease.png'),
      });

      // Re-issue: the owner confirms, Vault issues new credentials, the Secret changes.
      const before = await secretMeta(ctx.info, 'payments', dbName);
      await dbRow.getByRole('button', { name: `Re-issue ${dbName}` }).click();
      const confirm = page.getByRole('dialog');
      await confirm.getByText(/The current lease is revoked/).waitFor();
      await confirm.getByRole('button', { name: 'Re-issue' }).click();
      await page.getByText(`New credentials issued for ${dbName}`).waitFor();
      const after = await secretMeta(ctx.info, 'payments', dbName);
      assert.notEqual(after?.resourceVersion, before?.resourceVersion);
    },
  );

  await ctx.report.step(
    'owner pushes a new secret to Vault from the tab, write-only',
    async () => {
      const key = `payments/e2e-push-${ctx.tag}`;
      await page.getByRole('button', { name: 'Push to Vault' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Push path').fill(key);
      await dialog.getByLabel('Push property 1').fill('token');
      await dialog.getByLabel('Push value 1').fill(`pushed-${ctx.tag}`);
      await dialog.getByRole('button', { name: 'Push', exact: true }).click();
      await page
        .getByText(`${key} is now v1; 0 of 0 Secrets updated`)
        .waitFor();
      const res = await fetch(
        `${ctx.info.vault.addr}/v1/secret/metadata/${key}`,
        { headers: { 'x-vault-token': ctx.info.vault.rootToken } },
      );
      const meta = (await res.json()).data;
      assert.equal(meta.current_version, 1);
      assert.equal(meta.custom_metadata['managed-by'], 'backstage-secrets');
      // Write-only: the value is nowhere on the page once pushed.
      await dialog.waitFor({ state: 'detached' });
      assert.equal((await page.content()).includes(`pushed-${ctx.tag}`), false);
    },
  );

  await ctx.report.step(
    'non-owner: controls disabled, owners named, and the API refuses',
    async () => {
      await page.goto(secretsTab(ctx, 'search-api'));
      await page
        .getByText(/Ask its owners \(group:default\/team-search\)/)
        .waitFor();
      assert.equal(
        await page.getByRole('button', { name: 'Add mapping' }).isDisabled(),
        true,
      );
      const res = await postMapping(ctx, 'search-api', {
        secretKey: 'k',
        key: 'search/search-api',
        property: 'api_key',
        namespace: 'search',
        name: `e2e-denied-${ctx.tag}`,
      });
      assert.equal(res.status, 403);
      assert.match(
        (await res.json()).error.message,
        /only its owners \(group:default\/team-search\)/,
      );
    },
  );

  await ctx.report.step(
    'non-admin: no audit entry in the sidebar, and "not allowed" on the audit page',
    async () => {
      await page.goto(`${ctx.appUrl}/secrets-audit`);
      await page.getByText('Not allowed').waitFor();
      // The sidebar is drawn and the permission answered by now: the entry stays hidden.
      const sidebar = page.getByRole('navigation', { name: 'sidebar nav' });
      await sidebar.getByRole('link', { name: 'Catalog' }).first().waitFor();
      await page.waitForTimeout(1000);
      if (await sidebar.getByRole('link', { name: 'Secrets audit' }).count())
        throw new Error('the sidebar shows "Secrets audit" to a non-admin');
    },
  );
  await page.close();
  return { auditName };
}

/** As dave, a platform admin: the audit page lists the mapping alice's team made. */
export async function adminFlows(
  ctx: Context,
  auditName: string,
): Promise<void> {
  const page = await signedIn(ctx);
  ctx.report.onFailure = name => failureShot(ctx, page, name);
  await ctx.report.step(
    'admin finds the audit page in the sidebar, and the mapping on it, with its owner',
    async () => {
      await page.goto(`${ctx.appUrl}/catalog`);
      await page
        .getByRole('navigation', { name: 'sidebar nav' })
        .getByRole('link', { name: 'Secrets audit' })
        .first()
        .click();
      await page.waitForURL(/\/secrets-audit/);
      const row = page.getByRole('row').filter({ hasText: auditName });
      await row.waitFor();
      await row.getByText('group:default/team-payments').waitFor();
      await page.getByRole('button', { name: 'Export CSV' }).waitFor();
      await page.screenshot({
        path: path.join(ctx.screenshots, 'audit-page.png'),
        fullPage: true,
      });
    },
  );
  await ctx.report.step(
    'admin reverse lookup: who reads payments/payments-api',
    async () => {
      await page.getByLabel('Lookup store').fill('local-kv2');
      await page.getByLabel('Lookup Vault path').fill('payments/payments-api');
      await page.getByRole('button', { name: 'Look up' }).click();
      // The lookup's own row names the field that reads the path; the audit list above
      // may show the same mapping too.
      await page
        .getByRole('row')
        .filter({ hasText: 'component:default/payments-api' })
        .filter({ hasText: auditName })
        .filter({ hasText: 'data[0]' })
        .waitFor();
    },
  );
  await page.close();
}
