import { randomBytes } from 'node:crypto';
import { readStackInfo } from '@internal/devstack';
import type { Knex } from 'knex';
import { loggedText } from '../../__testUtils__/recordingLogger';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import {
  canary,
  cleanup,
  uniqueName,
} from '../../kubernetes/__testUtils__/stack';
import { startApiBackend } from '../../service/__testUtils__/apiBackend';
import { adminCoreApi, writeVaultData } from '../../__testUtils__/stackAdmin';
import {
  createAppRole,
  newAccessorsOfRole,
  root,
} from '../../vault/__testUtils__/vaultStack';
import {
  kvSpec,
  liveSecret,
  outageAndRecovery,
  RECOVERY_ENGINE,
  recordFault,
  recoveryApi,
  report,
  until,
  type RecoveryApi,
  type RecoveryBackend,
} from './__testUtils__/recovery';

/**
 * The rest of the fault matrix on the shared stack, by the clock (nobody calls "sync
 * now"): the engine's own Vault credentials revoked and its policy turned to deny, each on
 * an AppRole role and policy of this suite's own so the suites beside it keep theirs; a
 * managed Secret hand-edited and deleted (repaired by the watch); and values at the edges
 * of what a Secret holds — 900 KiB, NUL bytes and non-ASCII text — synced byte for byte.
 */

jest.setTimeout(180_000);

const { databases, ids } = createTestDatabases();

describe('fault matrix: credentials, hand edits and edge values, by the clock', () => {
  const info = readStackInfo();
  const id = uniqueName('matrix');
  const path = `payments/${id}`;
  const values = {
    user: canary('matrix-user'),
    password: canary('matrix-password'),
  };
  const role = id;
  const policy = id;
  const secretId = canary('matrix-secret-id');
  const payments = cleanup(info, 'payments');
  const core = adminCoreApi(info);
  let enginePolicy: string;
  let roleId: string;
  let knex: Knex;
  let backend: RecoveryBackend;
  let api: RecoveryApi;

  const writePolicy = (text: string) =>
    root(info, 'PUT', `sys/policies/acl/${policy}`, { policy: text });

  beforeAll(async () => {
    knex = await databases.init(ids[0]);
    await writeVaultData(info, path, values);
    // A role and policy of this suite's own, equal to the engine's.
    enginePolicy = (
      await root(info, 'GET', 'sys/policies/acl/backstage-secrets-engine')
    ).data.policy;
    await writePolicy(enginePolicy);
    const auth = await createAppRole(
      info,
      role,
      { token_policies: [policy] },
      secretId,
    );
    roleId = (auth as { roleId: string }).roleId;
    backend = await startApiBackend({
      knex,
      scheduleByClock: true,
      engine: RECOVERY_ENGINE,
      extraStores: {
        'own-role': {
          server: info.vault.addr,
          caFile: info.vault.caFile,
          mount: 'secret',
          auth: {
            appRole: {
              path: 'approle',
              roleId,
              secretId,
            },
          },
          // Refused logins are spaced 5 s apart (2 minutes by default), so that the
          // credentials row recovers within seconds and stays under Vault's lockout.
          loginBackoff: { initial: '5s', max: '5s' },
          allowedPaths: [{ prefix: '{{ system }}' }],
        },
      },
    });
    api = recoveryApi(backend);
  });

  afterAll(async () => {
    await api?.removeAll();
    await backend?.stop();
    await root(info, 'DELETE', `secret/metadata/${path}`).catch(
      () => undefined,
    );
    await root(info, 'DELETE', `auth/approle/role/${role}`).catch(
      () => undefined,
    );
    await root(info, 'DELETE', `sys/policies/acl/${policy}`).catch(
      () => undefined,
    );
  });

  it('policy turned to deny and back: VaultDenied within a cycle, the Secret kept, Synced again by itself', async () => {
    const name = payments.secret('matrix-denied');
    const mappingId = await api.create(
      kvSpec({ store: 'own-role', cluster: 'local', path, name }),
    );
    const times = await outageAndRecovery({
      api,
      core,
      mappingId,
      secretName: name,
      reason: 'VaultDenied',
      message: /permission denied/,
      breakIt: () =>
        writePolicy(
          `${enginePolicy}\npath "secret/data/payments/*" { capabilities = ["deny"] }\n`,
        ),
      fixIt: () => writePolicy(enginePolicy),
      marksSecret: true,
      row: {
        order: 20,
        fault: 'Policy denies',
        done: "added a deny on the team's prefix to the engine role's policy, removed it",
        suite: 'engine/recovery/credentialsAndData',
      },
    });
    report(`policy denies: ${JSON.stringify(times)}`);
    // Recovered by the health monitor's re-queue, not the retry the failure scheduled.
    expect(times.beforeBackoffMs).toBeGreaterThan(0);
    expect(await api.storeHealth('own-role')).toMatchObject({ healthy: true });
  });

  it('credentials revoked (secret-id destroyed, tokens revoked) and restored: VaultLoginFailed within a cycle, the Secret kept, Synced again by itself', async () => {
    const name = payments.secret('matrix-login');
    const mappingId = await api.create(
      kvSpec({ store: 'own-role', cluster: 'local', path, name }),
    );
    const times = await outageAndRecovery({
      api,
      core,
      mappingId,
      secretName: name,
      reason: 'VaultLoginFailed',
      message: /login auth\/approle\/login failed/,
      breakIt: async () => {
        await root(
          info,
          'POST',
          `auth/approle/role/${role}/secret-id/destroy`,
          {
            secret_id: secretId,
          },
        );
        for (const accessor of await newAccessorsOfRole(info, [], role))
          await root(info, 'POST', 'auth/token/revoke-accessor', { accessor });
      },
      // The operator issues the credential again (here: the same secret-id value). The
      // engine spaced its failed logins out, so Vault has not locked the role out: no
      // unlock is needed (the test fails if the role was locked).
      fixIt: () =>
        root(info, 'POST', `auth/approle/role/${role}/custom-secret-id`, {
          secret_id: secretId,
        }),
      marksSecret: true,
      row: {
        order: 21,
        fault: 'Engine credentials revoked',
        done: "destroyed the engine role's secret-id and revoked its tokens; issued the secret-id again (no unlock: the engine spaced its refused logins out, loginBackoff 5 s here, 2 min by default, so Vault had not locked the role out)",
        suite: 'engine/recovery/credentialsAndData',
      },
    });
    report(`credentials revoked: ${JSON.stringify(times)}`);
    // Recovered by the health monitor's re-queue, not the retry the failure scheduled.
    expect(times.beforeBackoffMs).toBeGreaterThan(0);
    expect(await api.storeHealth('own-role')).toMatchObject({ healthy: true });
  });

  /** A synced mapping of `path` that only the watch (not the 1 h refresh) would repair. */
  async function syncedMapping(label: string) {
    const name = payments.secret(label);
    const mappingId = await api.create(
      kvSpec({
        store: 'local-kv2',
        cluster: 'local',
        path,
        name,
        refreshInterval: '1h',
      }),
    );
    const synced = await until(
      () => api.status(mappingId),
      s => s.status === 'Synced',
      30_000,
    );
    expect(synced.value.status).toBe('Synced');
    return { name, mappingId, before: await liveSecret(core, name) };
  }

  it('Secret hand-edited: the edited key restored from Vault at once', async () => {
    const { name, mappingId, before } = await syncedMapping('matrix-edited');
    const editedAt = Date.now();
    await core.patchNamespacedSecret({
      name,
      namespace: 'payments',
      body: [
        {
          op: 'replace',
          path: '/data/password',
          value: Buffer.from('hand-edited').toString('base64'),
        },
      ],
    });
    const repaired = await until(
      () => liveSecret(core, name),
      s => s.content.data?.password === before.content.data?.password,
      60_000,
    );
    const tookMs = Date.now() - editedAt;
    expect(repaired.value.content).toEqual(before.content);
    expect(await api.status(mappingId)).toMatchObject({ status: 'Synced' });
    recordFault({
      order: 40,
      fault: 'Secret hand-edited',
      done: 'replaced one key of the managed Secret with kubectl-style patch',
      secret:
        'the key restored from Vault (same uid); the other keys untouched',
      status:
        'Synced; the history shows Drifted (keys named, never values) and DriftRepaired',
      recoveredAfterMs: tookMs,
      suite: 'engine/recovery/credentialsAndData',
    });
    report(`hand edit repaired in ${tookMs} ms`);
  });

  it('Secret deleted: written again from Vault at once', async () => {
    const { name, mappingId, before } = await syncedMapping('matrix-deleted');
    const deletedAt = Date.now();
    await core.deleteNamespacedSecret({ name, namespace: 'payments' });
    const back = await until(
      () => liveSecret(core, name).catch(() => undefined),
      s => s?.content.data?.password === before.content.data?.password,
      30_000,
    );
    const tookMs = Date.now() - deletedAt;
    expect(back.value?.content).toEqual({
      ...before.content,
      uid: expect.any(String),
    });
    expect(back.value?.content.uid).not.toBe(before.content.uid);
    expect(await api.status(mappingId)).toMatchObject({ status: 'Synced' });
    recordFault({
      order: 41,
      fault: 'Secret deleted',
      done: 'deleted the managed Secret',
      secret:
        'created again with the same data, labels and annotations (a new uid)',
      status:
        'Synced; the history shows Drifted (SecretDeleted) and DriftRepaired',
      recoveredAfterMs: tookMs,
      suite: 'engine/recovery/credentialsAndData',
    });
    report(`deleted Secret back in ${tookMs} ms`);
  });

  /** Writes `value` under `key` in Vault, maps it, and returns the synced bytes and the time. */
  async function syncValue(label: string, key: string, value: string) {
    const valuePath = `${path}-${label}`;
    await writeVaultData(info, valuePath, { [key]: value });
    const name = payments.secret(`matrix-${label}`);
    const createdAt = Date.now();
    const mappingId = await api.create({
      store: 'local-kv2',
      data: [{ secretKey: key, remoteRef: { key: valuePath, property: key } }],
      target: { clusters: ['local'], namespace: 'payments', name },
      refreshInterval: '1h',
    });
    const synced = await until(
      () => api.status(mappingId),
      s => s.status !== 'Pending',
      60_000,
    );
    const tookMs = Date.now() - createdAt;
    expect(synced.value).toMatchObject({ status: 'Synced' });
    const secret = await liveSecret(core, name);
    await root(info, 'DELETE', `secret/metadata/${valuePath}`);
    return {
      bytes: Buffer.from(secret.content.data![key], 'base64'),
      tookMs,
      view: JSON.stringify(await api.view(mappingId)),
    };
  }

  it('a 900 KiB value is synced byte for byte', async () => {
    const value = randomBytes(675 * 1024).toString('base64');
    expect(value.length).toBe(900 * 1024);
    const { bytes, tookMs, view } = await syncValue('large', 'blob', value);
    expect(bytes.equals(Buffer.from(value))).toBe(true);
    expect(view).not.toContain(value.slice(0, 64));
    recordFault({
      order: 50,
      fault: 'A 900 KiB value',
      done: 'mapped a Vault value of 921,600 bytes (a Secret holds at most 1 MiB)',
      secret: 'holds the value byte for byte',
      status: 'Synced',
      recoveredAfterMs: tookMs,
      suite: 'engine/recovery/credentialsAndData',
    });
  });

  it('NUL bytes and non-ASCII text are synced byte for byte', async () => {
    const value = `nul\u0000byte ünïcödé ☃ 𝄞 ${canary('matrix-unicode')}`;
    const { bytes, tookMs, view } = await syncValue('unicode', 'text', value);
    expect(bytes.equals(Buffer.from(value, 'utf8'))).toBe(true);
    expect(view).not.toContain(value.slice(-20));
    recordFault({
      order: 51,
      fault: 'NUL bytes and unicode',
      done: 'mapped a value with a NUL byte, accented letters, a symbol and a character outside the BMP',
      secret: 'holds the UTF-8 bytes of the value exactly',
      status: 'Synced',
      recoveredAfterMs: tookMs,
      suite: 'engine/recovery/credentialsAndData',
    });
  });

  it('never logs or shows a value or the secret-id', async () => {
    const logged = loggedText(backend.logger);
    const shown = JSON.stringify([backend.audits, await api.views()]);
    for (const value of [...Object.values(values), secretId]) {
      expect(logged).not.toContain(value);
      expect(shown).not.toContain(value);
    }
  });
});
