import { readStackInfo, stackKubernetesConfig } from '@internal/devstack';
import { ConfigReader } from '@backstage/config';
import type { Knex } from 'knex';
import {
  startEngineChild,
  type EngineChild,
} from '../../__testUtils__/engineChild';
import { startTcpProxy, type TcpProxy } from '../../__testUtils__/tcpProxy';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { canary, uniqueName } from '../../kubernetes/__testUtils__/stack';
import { adminCoreApi, writeVaultData } from '../../__testUtils__/stackAdmin';
import { root } from '../../vault/__testUtils__/vaultStack';
import { syncRequestPending } from '../../database';
import { createSyncRuntime, type SyncRuntime } from '../../wiring';
import {
  CYCLE_MS,
  liveSecret,
  recordFault,
  report,
  until,
} from './__testUtils__/recovery';

/**
 * The engine killed with SIGKILL mid-cycle, in processes of its own (engineProcess.ts) on
 * the stack's PostgreSQL: Vault is stalled through a proxy so that a cycle holds its claims
 * and waits when the kill comes. What was due — changed Vault values, an acknowledged
 * "sync now" — is carried out after a restart, or by the replica that survives; no Secret
 * is blanked meanwhile.
 */

jest.setTimeout(300_000);

const { databases, ids } = createTestDatabases();
/** The claim lease of a cycle (SyncEngine): a killed replica's rows wait this out. */
const CLAIM_LEASE_MS = 60_000;
const MAPPINGS = 6;

describe('the engine killed -9 mid-cycle (processes of its own)', () => {
  const info = readStackInfo();
  const id = uniqueName('killed');
  const core = adminCoreApi(info);
  const names = Array.from({ length: MAPPINGS }, (_, i) => `${id}-${i}`);
  /** Mapped only with a 1 h refresh: nothing but "sync now" brings its new value. */
  const starName = `${id}-star`;
  const seen: string[] = [];
  let knex: Knex;
  let proxy: TcpProxy;
  let runtime: SyncRuntime;
  let config: object;
  let connection: object;
  /** Running engine processes, stopped at the end; `started` keeps them all for their output. */
  const children: EngineChild[] = [];
  const started: EngineChild[] = [];
  let mappingIds: string[] = [];
  let starId: string;

  const vaultPath = (name: string) => `payments/${id}/${name}`;
  /** New values for every mapped path, in Vault; returns them by Secret name. */
  async function newValues(label: string) {
    const values: Record<string, string> = {};
    for (const name of [...names, starName]) {
      values[name] = canary(`${label}-${name.slice(-6)}`);
      seen.push(values[name]);
      await writeVaultData(info, vaultPath(name), { password: values[name] });
    }
    return values;
  }
  const password = async (name: string) => {
    const secret = await liveSecret(core, name).catch(() => undefined);
    const data = secret?.content.data?.password;
    return data === undefined
      ? undefined
      : Buffer.from(data, 'base64').toString();
  };
  /** What each Secret holds now, by name. */
  const currentValues = async (): Promise<Record<string, string>> =>
    Object.fromEntries(
      await Promise.all(
        [...names, starName].map(async n => [n, (await password(n))!]),
      ),
    );
  const claimedRows = async () =>
    (await knex('secrets_sync_state').whereIn('mapping_id', mappingIds)).filter(
      r => r.claim_until && new Date(r.claim_until) > new Date(),
    );
  async function start(): Promise<EngineChild> {
    const child = await startEngineChild({ config, connection });
    children.push(child);
    started.push(child);
    return child;
  }
  /**
   * Every Secret holds `values`; never, meanwhile, anything else than `old` or `values`
   * (no Secret yet only when `old` is undefined: the first sync).
   */
  async function settlesOn(
    values: Record<string, string>,
    old: Record<string, string> | undefined,
    withinMs: number,
  ) {
    const all = [...names, starName];
    const done = await until(
      async () => {
        const now = await Promise.all(all.map(password));
        now.forEach((v, i) =>
          expect([old ? old[all[i]] : undefined, values[all[i]]]).toContain(v),
        );
        return now;
      },
      now => now.every((v, i) => v === values[all[i]]),
      withinMs,
    );
    expect(done.value).toEqual(all.map(n => values[n]));
    return done.tookMs;
  }

  beforeAll(async () => {
    knex = await databases.init(ids[0]);
    // The server the stack started, and the database TestDatabases made on it.
    const server = new URL(info.postgres!.connectionString);
    connection = {
      host: server.hostname,
      port: Number(server.port),
      user: decodeURIComponent(server.username),
      password: decodeURIComponent(server.password),
      database: (await knex.raw('select current_database() as name')).rows[0]
        .name,
    };
    proxy = await startTcpProxy(info.vault.addr);
    config = {
      kubernetes: stackKubernetesConfig(info),
      secrets: {
        engine: {
          healthCheckInterval: '1s',
          syncNowWait: '2s',
          backoff: { initial: '1m', max: '2m' },
        },
        stores: {
          'via-proxy': {
            server: proxy.url,
            caFile: info.vault.caFile,
            mount: 'secret',
            auth: { appRole: info.vault.engine.appRole },
            allowedPaths: [{ prefix: 'payments' }],
            // Longer than the stall: reads wait it out instead of failing.
            requestTimeout: '2m',
          },
        },
      },
    };
    // Mappings are created through the store, as the API would; this runtime runs no cycle.
    runtime = await createSyncRuntime({
      config: new ConfigReader(config),
      database: { getClient: async () => knex } as any,
      logger: {
        error: () => undefined,
        warn: () => undefined,
        info: () => undefined,
        debug: () => undefined,
        child() {
          return this;
        },
      },
    });
    const first = await newValues('first');
    const create = async (name: string, refreshInterval: string) =>
      (
        await runtime.mappings.create('component:default/payments-api', {
          actor: 'user:default/alice',
          spec: {
            store: 'via-proxy',
            data: [
              {
                secretKey: 'password',
                remoteRef: { key: vaultPath(name), property: 'password' },
              },
            ],
            target: { clusters: ['local'], namespace: 'payments', name },
            refreshInterval,
          },
        })
      ).id;
    for (const name of names) mappingIds.push(await create(name, '2s'));
    starId = await create(starName, '1h');
    mappingIds = [...mappingIds, starId];
    await runtime.engine.reconcile();
    const firstEngine = await start();
    await settlesOn(first, undefined, 60_000);
    await firstEngine.stop();
  });

  afterAll(async () => {
    proxy?.release();
    for (const child of children) await child.stop();
    await runtime?.close();
    await proxy?.close();
    for (const name of [...names, starName]) {
      await core
        .deleteNamespacedSecret({ name, namespace: 'payments' })
        .catch(() => undefined);
      await root(info, 'DELETE', `secret/metadata/${vaultPath(name)}`).catch(
        () => undefined,
      );
    }
  });

  /**
   * Stalls Vault, then changes every value in it (behind the stall, so no engine has read
   * them yet) and waits until a cycle claims changed mappings and waits on Vault. Returns
   * the new values and the claimed rows.
   */
  async function stalledMidCycle(label: string) {
    proxy.hold();
    const values = await newValues(label);
    const claimed = await until(claimedRows, rows => rows.length > 0, 30_000);
    expect(claimed.value.length).toBeGreaterThan(0);
    return { values, claimed: claimed.value };
  }

  /** The rows a killed engine held were synced again only after their claim lease ended. */
  async function takenOverAfterLease(
    claimed: { mapping_id: string; claim_until: Date | string }[],
  ) {
    for (const row of claimed) {
      const [state] = await runtime.state.get(row.mapping_id);
      expect(Date.parse(String(state.lastSyncedAt))).toBeGreaterThanOrEqual(
        new Date(row.claim_until).getTime(),
      );
    }
  }

  it('killed -9 mid-cycle after acknowledging "sync now": a restart carries out both', async () => {
    const old = await currentValues();
    const a = await start();
    const { values, claimed } = await stalledMidCycle('second');
    const ack = await a.syncNow(starId);
    expect(ack).toMatch(/^(Synced|Pending)/);
    await a.kill9();
    // Nothing was lost or blanked by the kill.
    for (const name of [...names, starName])
      expect(await password(name)).toBe(old[name]);
    proxy.release();

    const restartedAt = Date.now();
    await start();
    const tookMs = await settlesOn(
      values,
      old,
      CLAIM_LEASE_MS + 6 * CYCLE_MS + 15_000,
    );
    await takenOverAfterLease(claimed);
    const [star] = await runtime.state.get(starId);
    expect(star).toMatchObject({ status: 'Synced', consecutiveFailures: 0 });
    expect(syncRequestPending(star)).toBe(false);
    report(
      `killed mid-cycle holding ${claimed.length} claim(s): every Secret new ${tookMs} ms after the restart`,
    );
    recordFault({
      order: 60,
      fault: 'Backend killed -9 mid-cycle',
      done: `changed ${
        MAPPINGS + 1
      } Vault values, stalled Vault so a cycle held its claims, asked "sync now" for a mapping refreshed hourly (acknowledged), killed the engine with SIGKILL, started it again`,
      secret:
        'kept its old value until the restart (never blank), then the new one; the "sync now" was carried out after the restart',
      status:
        'rows held by the killed cycle waited out the 60 s claim lease, then Synced',
      recoveredAfterMs: Date.now() - restartedAt,
      suite: 'engine/recovery/killed',
    });
  });

  it('two replicas, one killed holding claims: the other takes its work over', async () => {
    // The restarted engine of the test before stops: this test starts its own two.
    for (const child of children.splice(0)) await child.stop();
    const old = await currentValues();
    const doomed = await start();
    const { values, claimed } = await stalledMidCycle('third');
    // Acknowledged by the replica about to be killed: the survivor must carry it out.
    await doomed.syncNow(starId);
    // The survivor starts while the doomed replica holds its claims.
    const survivor = await start();
    const killedAt = Date.now();
    await doomed.kill9();
    proxy.release();
    const tookMs = await settlesOn(
      values,
      old,
      CLAIM_LEASE_MS + 6 * CYCLE_MS + 15_000,
    );
    // Never two syncs of one mapping at once: the survivor waited out the lease.
    await takenOverAfterLease(claimed);
    const [star] = await runtime.state.get(starId);
    expect(syncRequestPending(star)).toBe(false);
    report(
      `replica killed holding ${claimed.length} claim(s): the other finished ${tookMs} ms later`,
    );
    recordFault({
      order: 61,
      fault: 'Two replicas, one killed',
      done: `two engines on one PostgreSQL; changed ${
        MAPPINGS + 1
      } Vault values, stalled Vault so one replica held claims, killed that one with SIGKILL`,
      secret: 'kept its old value, then the new one written by the survivor',
      status:
        "the killed replica's rows waited out the 60 s claim lease, then the survivor synced them",
      recoveredAfterMs: Date.now() - killedAt,
      suite: 'engine/recovery/killed',
    });
    await survivor.stop();
  });

  it('no engine process ever printed a value', () => {
    const output = started.map(c => c.output()).join('\n');
    expect(output).toContain('ready');
    for (const value of seen) expect(output).not.toContain(value);
  });
});
