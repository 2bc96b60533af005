import fs from 'node:fs';
import path from 'node:path';
import {
  restartPostgres,
  startStack,
  stopStack,
  type StackInfo,
} from '@internal/devstack';
import type * as k8s from '@kubernetes/client-node';
import knexFactory, { type Knex } from 'knex';
import { loggedText } from '../../__testUtils__/recordingLogger';
import { startTcpProxy, type TcpProxy } from '../../__testUtils__/tcpProxy';
import { canary } from '../../kubernetes/__testUtils__/stack';
import { startApiBackend } from '../../service/__testUtils__/apiBackend';
import { adminCoreApi, writeVaultData } from '../../__testUtils__/stackAdmin';
import { root } from '../../vault/__testUtils__/vaultStack';
import {
  CYCLE_MS,
  kvSpec,
  liveSecret,
  outageAndRecovery,
  RECOVERY_ENGINE,
  recoveryApi,
  recordFault,
  report,
  sleep,
  until,
  WITHIN_A_CYCLE_MS,
  type RecoveryApi,
  type RecoveryBackend,
} from './__testUtils__/recovery';

/**
 * Faults of a whole server, on a stack of this suite's own (sealing the shared Vault or
 * restarting the shared PostgreSQL would break the suites running beside it), with the
 * plugin on that stack's PostgreSQL and on the real schedule; nobody calls "sync now".
 * Vault sealed and unsealed; PostgreSQL restarted while a cycle holds its claims, once
 * while it reads Vault and once across the write of its outcomes (Vault is stalled
 * through a proxy to hold the cycle there).
 */

jest.setTimeout(240_000);

/** A row of the due queue, as the database holds it. */
interface StateRow {
  mapping_id: string;
  status: string;
  claimed_by: string | null;
  claim_until: Date | string | null;
}

describe('recovery from a sealed Vault and a restarted PostgreSQL, by the clock (own stack)', () => {
  const dir = path.resolve(__dirname, '../../../../../.devstack/recovery');
  const vaultPath = 'payments/recovery';
  const values = {
    user: canary('recovery-user'),
    password: canary('recovery-password'),
  };
  let info: StackInfo;
  let knex: Knex;
  let core: k8s.CoreV1Api;
  let vaultProxy: TcpProxy;
  let backend: RecoveryBackend;
  let api: RecoveryApi;

  /** The due queue's rows of `ids`, read on a connection of the test's own. */
  async function rows(ids: string[]): Promise<StateRow[]> {
    const inspect = knexFactory({
      client: 'pg',
      connection: info.postgres!.connectionString,
      pool: { min: 0, max: 1 },
    });
    try {
      return await inspect('secrets_sync_state').whereIn('mapping_id', ids);
    } finally {
      await inspect.destroy();
    }
  }
  const claimedNow = (row: StateRow) =>
    row.claim_until !== null && new Date(row.claim_until) > new Date();

  beforeAll(async () => {
    info = await startStack({ dir, postgres: true });
    knex = knexFactory({
      client: 'pg',
      connection: info.postgres!.connectionString,
      // The restarts end pooled sessions on purpose: knex's notes of it are expected.
      log: { warn: () => {}, error: () => {} },
    });
    core = adminCoreApi(info);
    await writeVaultData(info, vaultPath, values);
    vaultProxy = await startTcpProxy(info.vault.addr);
    backend = await startApiBackend({
      info,
      knex,
      scheduleByClock: true,
      engine: RECOVERY_ENGINE,
      extraStores: {
        // Vault through a proxy the test can stall, to hold a cycle mid-sync.
        'via-proxy': {
          server: vaultProxy.url,
          caFile: info.vault.caFile,
          mount: 'secret',
          auth: { appRole: info.vault.engine.appRole },
          allowedPaths: [{ prefix: '{{ system }}' }],
          // Longer than the stall: the reads wait it out instead of failing.
          requestTimeout: '2m',
        },
      },
    });
    api = recoveryApi(backend);
  }, 180_000);

  afterAll(async () => {
    await backend?.stop();
    await vaultProxy?.close();
    await knex?.destroy();
    await stopStack();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Vault sealed and unsealed: SyncedError naming the seal within a cycle, the Secret unchanged, Synced again by itself', async () => {
    const mappingId = await api.create(
      kvSpec({
        store: 'local-kv2',
        cluster: 'local',
        path: vaultPath,
        name: 'recovery-sealed',
      }),
    );
    const times = await outageAndRecovery({
      api,
      core,
      mappingId,
      secretName: 'recovery-sealed',
      reason: 'VaultSealed',
      message: /sealed/,
      breakIt: () => root(info, 'POST', 'sys/seal'),
      fixIt: async () => {
        const res = await fetch(`${info.vault.addr}/v1/sys/unseal`, {
          method: 'POST',
          body: JSON.stringify({ key: info.vault.unsealKey }),
        });
        expect((await res.json()).sealed).toBe(false);
      },
      marksSecret: true,
      row: {
        order: 10,
        fault: 'Vault sealed',
        done: 'sealed the Vault server (sys/seal), unsealed it with its key',
        suite: 'engine/recovery/sealedAndRestarted',
      },
    });
    report(`Vault sealed: ${JSON.stringify(times)}`);
    // The store still refuses a prefix no mapping here reads (the test config allows
    // shared/payments, the stack's policy does not): the seal's failures did not wait.
    expect(
      (await api.storeHealth('local-kv2')).problems.map(p => p.cause),
    ).toEqual(['VaultDenied']);
    expect(loggedText(backend.logger)).toMatch(
      /Store \\"local-kv2\\" answers again: [1-9]\d* failed sync\(s\) re-queued/,
    );
  });

  /**
   * Mappings that the next cycle claims and then waits on, mid-sync: Vault is stalled
   * first. The caller releases it. Returns their ids and Secret names.
   */
  async function claimedMidCycle(label: string) {
    const names = Array.from({ length: 4 }, (_, i) => `recovery-${label}-${i}`);
    vaultProxy.hold();
    // All at once, so that one cycle claims them together.
    const ids = await Promise.all(
      names.map(name =>
        api.create(
          kvSpec({
            store: 'via-proxy',
            cluster: 'local',
            path: vaultPath,
            name,
            refreshInterval: '1h',
          }),
        ),
      ),
    );
    const claimed = await until(
      () => rows(ids),
      r => r.every(claimedNow),
      WITHIN_A_CYCLE_MS,
    );
    expect(claimed.value.filter(claimedNow)).toHaveLength(ids.length);
    expect(claimed.value.map(r => r.status)).toEqual(ids.map(() => 'Pending'));
    return { ids, names };
  }

  /** Every row Synced and unclaimed, and each Secret holding Vault's values. */
  async function allSynced(ids: string[], names: string[], withinMs: number) {
    const settled = await until(
      () => rows(ids),
      r => r.every(row => row.status === 'Synced' && !claimedNow(row)),
      withinMs,
    );
    expect(settled.value.filter(claimedNow)).toEqual([]);
    expect(settled.value.map(r => r.status)).toEqual(ids.map(() => 'Synced'));
    for (const id of ids)
      expect(await api.status(id)).toMatchObject({ status: 'Synced' });
    const expected = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [
        k,
        Buffer.from(v).toString('base64'),
      ]),
    );
    for (const name of names)
      expect((await liveSecret(core, name)).content.data).toEqual(expected);
    return settled.tookMs;
  }

  it('PostgreSQL restarted while a cycle syncs: its outcomes are recorded once Vault answers, no claim is left', async () => {
    const { ids, names } = await claimedMidCycle('pg-reads');
    try {
      const restartAt = Date.now();
      await restartPostgres(info.dir);
      report(`PostgreSQL restarted in ${Date.now() - restartAt} ms`);
    } finally {
      vaultProxy.release();
    }
    // The pool replaces the ended sessions: the held cycle records its outcomes itself.
    const tookMs = await allSynced(ids, names, WITHIN_A_CYCLE_MS);
    report(
      `restart during the reads: all Synced, unclaimed ${tookMs} ms later`,
    );
    expect(tookMs).toBeLessThan(WITHIN_A_CYCLE_MS);
    recordFault({
      order: 80,
      fault: 'PostgreSQL restarted mid-cycle',
      done: 'restarted PostgreSQL while a cycle held the claims of 4 mappings and waited on Vault',
      secret: 'written once Vault answered, with the Vault values',
      status: 'Synced; no row left claimed',
      recoveredAfterMs: tookMs,
      suite: 'engine/recovery/sealedAndRestarted',
    });
  });

  it('PostgreSQL down when a cycle records its outcomes: no mapping stays claimed past the claim lease, every one Synced', async () => {
    const { ids, names } = await claimedMidCycle('pg-outcomes');
    const leaseEnds = Math.max(
      ...(await rows(ids)).map(r => new Date(r.claim_until!).getTime()),
    );
    await restartPostgres(info.dir, async () => {
      vaultProxy.release();
      // The cycle writes the Secrets, then cannot record its outcomes.
      await until(
        async () =>
          Promise.all(names.map(n => liveSecret(core, n).catch(() => null))),
        secrets => secrets.every(Boolean),
        WITHIN_A_CYCLE_MS,
      );
      await sleep(2_000);
    });
    // The outcomes were lost with the database: the rows are still claimed, still Pending.
    const lost = await rows(ids);
    expect(lost.filter(claimedNow)).toHaveLength(ids.length);
    expect(lost.map(r => r.status)).toEqual(ids.map(() => 'Pending'));

    const restartedAt = Date.now();
    const tookMs = await allSynced(
      ids,
      names,
      leaseEnds - Date.now() + 2 * CYCLE_MS + 5_000,
    );
    report(
      `outcomes lost in the restart: all Synced, unclaimed ${tookMs} ms after it (lease ended ${
        leaseEnds - restartedAt
      } ms after it)`,
    );
    // Taken over only once the lease ended: never synced twice at once.
    for (const id of ids)
      expect(Date.parse((await api.status(id)).lastSyncedAt!)).toBeGreaterThan(
        leaseEnds,
      );
    recordFault({
      order: 81,
      fault: 'PostgreSQL down while outcomes are recorded',
      done: 'stopped PostgreSQL after a cycle wrote 4 Secrets and before it recorded them; started it again',
      secret: 'written with the Vault values; never by two syncs at once',
      status:
        'Pending and claimed until the 60 s claim lease ended, then Synced',
      recoveredAfterMs: tookMs,
      suite: 'engine/recovery/sealedAndRestarted',
    });
  });

  it('never logs or shows a value', async () => {
    const logged = loggedText(backend.logger);
    const shown = JSON.stringify([backend.audits, await api.views()]);
    for (const value of Object.values(values)) {
      expect(logged).not.toContain(value);
      expect(shown).not.toContain(value);
    }
  });
});
