import { DEMO, readStackInfo, stackKubernetesConfig } from '@internal/devstack';
import type {
  ClusterInfo,
  HealthProblem,
  MappingView,
  StoreStatus,
} from '@backstage-secrets/plugin-secrets-common';
import type { Knex } from 'knex';
import request from 'supertest';
import { loggedText } from '../__testUtils__/recordingLogger';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { canary, cleanup, uniqueName } from '../kubernetes/__testUtils__/stack';
import { callers, startApiBackend } from '../service/__testUtils__/apiBackend';
import { writeVaultData } from '../__testUtils__/stackAdmin';
import { root } from '../vault/__testUtils__/vaultStack';
import {
  testEngineIdentity,
  testVaultRole,
} from './__testUtils__/testIdentities';

/**
 * Health that names the cause, through the plugin on the real stack, with the real
 * schedule (a health check every second, a sync cycle every 5 s) and nobody calling "sync
 * now" to recover: a policy edited to deny, a revoked AppRole secret-id and a RoleBinding
 * removed each show in `/stores` or `/clusters` within one cycle and clear by themselves
 * once fixed; the mappings that failed because of them sync again at once, long before
 * their backoff (1 to 2 minutes here) would have retried them. The Vault role and policy,
 * ServiceAccount and RBAC broken here are this suite's own.
 */

jest.setTimeout(240_000);

const BASE = '/api/secrets';
const HEALTH_INTERVAL_MS = 1000;
/** One health cycle, and room for a loaded machine. */
const WITHIN_A_CYCLE_MS = HEALTH_INTERVAL_MS + 4000;
const { databases, ids } = createTestDatabases();
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Polls `read` until `done` holds, for at most `ms`; returns the last value and the time taken. */
async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms: number,
): Promise<{ value: T; tookMs: number }> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - start > ms)
      return { value, tookMs: Date.now() - start };
    await sleep(200);
  }
}

describe('health that names the cause, through the plugin (real stack)', () => {
  const info = readStackInfo();
  const id = uniqueName('health');
  const prefix = `${id}-team`;
  const value = canary('health');
  const payments = cleanup(info, 'payments');
  const restricted = cleanup(info, DEMO.restrictedNamespace);
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;
  let vaultRole: Awaited<ReturnType<typeof testVaultRole>>;
  let identity: Awaited<ReturnType<typeof testEngineIdentity>>;
  const created: string[] = [];

  const s = () => request(backend.server);
  const stores = async (): Promise<StoreStatus[]> =>
    (await s().get(`${BASE}/stores`).set('authorization', callers.member)).body
      .items;
  const clusters = async (): Promise<ClusterInfo[]> =>
    (await s().get(`${BASE}/clusters`).set('authorization', callers.member))
      .body.items;
  const ownStore = async () => (await stores()).find(x => x.name === 'own')!;
  const ownCluster = async () =>
    (await clusters()).find(x => x.name === 'own-cluster')!;
  const mapping = async (mappingId: string): Promise<MappingView> =>
    (
      await s()
        .get(`${BASE}/mappings/${mappingId}`)
        .set('authorization', callers.member)
    ).body;
  const causes = (problems: HealthProblem[]) => problems.map(p => p.cause);

  /** A mapping of payments-api reading the suite's Vault prefix; returns it once Synced. */
  async function syncedMapping(cluster: string, namespace: string) {
    const name = (namespace === 'payments' ? payments : restricted).secret(
      'health',
    );
    const res = await s()
      .post(`${BASE}/entities/component/default/payments-api/mappings`)
      .set('authorization', callers.member)
      .send({
        spec: {
          store: 'own',
          data: [
            {
              secretKey: 'password',
              remoteRef: { key: `${prefix}/app`, property: 'password' },
            },
          ],
          target: { clusters: [cluster], namespace, name },
          refreshInterval: '1h',
        },
      });
    expect(res.status).toBe(201);
    created.push(res.body.id);
    const { value: view } = await until(
      () => mapping(res.body.id),
      v => v.status[0]?.status === 'Synced',
      30_000,
    );
    expect(view.status[0]).toMatchObject({ status: 'Synced' });
    return view;
  }

  /** The engine meets the broken store or cluster: one sync, which fails and backs off. */
  async function failOnce(mappingId: string, reason: string) {
    const res = await s()
      .post(`${BASE}/mappings/${mappingId}/sync`)
      .set('authorization', callers.member);
    expect(res.body.status[0]).toMatchObject({ status: 'SyncedError', reason });
    const retryIn = Date.parse(res.body.status[0].nextDueAt) - Date.now();
    // Backoff 1m: the first retry is 30 to 60 s away.
    expect(retryIn).toBeGreaterThan(25_000);
    return Date.parse(res.body.status[0].nextDueAt);
  }

  /**
   * The same on a scheduled refresh, with nobody asking: the row made due, the engine's
   * own cycle meets the broken cluster rather than trusting a watch that is still open.
   */
  async function failsOnRefresh(mappingId: string, reason: string) {
    await knex('secrets_sync_state')
      .where('mapping_id', mappingId)
      .update({ next_due_at: new Date(0) });
    const { value: view } = await until(
      () => mapping(mappingId),
      v => v.status[0]?.status === 'SyncedError',
      15_000,
    );
    expect(view.status[0]).toMatchObject({ status: 'SyncedError', reason });
    const retryAt = Date.parse(view.status[0].nextDueAt);
    expect(retryAt - Date.now()).toBeGreaterThan(20_000);
    return retryAt;
  }

  /** Synced again by itself, before its backoff would have retried it. */
  async function recoversBefore(mappingId: string, retryAt: number) {
    const { value: view } = await until(
      () => mapping(mappingId),
      v => v.status[0]?.status === 'Synced',
      25_000,
    );
    expect(view.status[0]).toMatchObject({ status: 'Synced' });
    expect(Date.parse(view.status[0].lastSyncedAt!)).toBeLessThan(retryAt);
  }

  beforeAll(async () => {
    [knex] = [await databases.init(ids[0])];
    vaultRole = await testVaultRole(info, `${id}-role`, prefix);
    identity = await testEngineIdentity(info, id, DEMO.restrictedNamespace);
    await writeVaultData(info, `${prefix}/app`, { password: value });
    const [local] =
      stackKubernetesConfig(info).clusterLocatorMethods[0].clusters;
    backend = await startApiBackend({
      knex,
      scheduleByClock: true,
      engine: {
        healthCheckInterval: `${HEALTH_INTERVAL_MS}ms`,
        // Long enough that a recovery within seconds can only be the re-queue.
        backoff: { initial: '1m', max: '2m' },
      },
      extraStores: {
        own: {
          server: info.vault.addr,
          caFile: info.vault.caFile,
          mount: 'secret',
          auth: {
            appRole: {
              roleId: vaultRole.auth.roleId,
              secretId: vaultRole.auth.secretId,
            },
          },
          // A refused login holds the next back for 1 s here (2 minutes by default).
          loginBackoff: { initial: '1s', max: '1s' },
          allowedPaths: [{ prefix }],
        },
      },
      extraClusters: [
        {
          name: 'own-cluster',
          url: local.url,
          caData: local.caData,
          authProvider: 'serviceAccount',
          serviceAccountToken: identity.token,
        },
      ],
      allowedNamespaces: [
        {
          namespace: DEMO.restrictedNamespace,
          owners: ['group:default/team-payments'],
        },
      ],
    });
  });

  afterAll(async () => {
    for (const mappingId of created)
      await s()
        .delete(`${BASE}/mappings/${mappingId}`)
        .set('authorization', callers.member)
        .catch(() => undefined);
    await backend?.stop();
    await vaultRole?.remove();
    await identity?.remove();
    await root(info, 'DELETE', `secret/metadata/${prefix}/app`).catch(
      () => undefined,
    );
  });

  it('reports the stack healthy, with when it was checked', async () => {
    const { value: own } = await until(ownStore, x => x.health.healthy, 10_000);
    expect(own.health).toMatchObject({
      reachable: true,
      sealed: false,
      loggedIn: true,
      healthy: true,
      problems: [],
    });
    expect(Date.now() - Date.parse(own.health.checkedAt)).toBeLessThan(10_000);
    const { value: cluster } = await until(
      ownCluster,
      x => x.health.healthy,
      10_000,
    );
    expect(cluster.health).toMatchObject({ reachable: true, healthy: true });
  });

  it('shows a policy edited to deny within a cycle, and re-queues the failed mapping once it is fixed', async () => {
    const view = await syncedMapping('local', 'payments');
    await vaultRole.deny();
    const shown = await until(
      ownStore,
      x => causes(x.health.problems).includes('VaultDenied'),
      WITHIN_A_CYCLE_MS,
    );
    expect(shown.value.health.problems).toEqual([
      expect.objectContaining({
        cause: 'VaultDenied',
        message: `The engine's Vault policy does not allow read on secret/data/${prefix}/* (allowedPaths prefix "${prefix}")`,
        path: `secret/data/${prefix}/*`,
      }),
    ]);
    expect(shown.tookMs).toBeLessThan(WITHIN_A_CYCLE_MS);
    const retryAt = await failOnce(view.id, 'VaultDenied');

    await vaultRole.allow();
    const healed = await until(
      ownStore,
      x => x.health.healthy,
      WITHIN_A_CYCLE_MS,
    );
    expect(healed.value.health.problems).toEqual([]);
    await recoversBefore(view.id, retryAt);
    expect(loggedText(backend.logger)).toMatch(
      /Store \\"own\\" is healthy again: [1-9]\d* failed sync\(s\) re-queued/,
    );
  });

  it('shows a revoked AppRole secret-id within a cycle, and recovers when it is valid again', async () => {
    await vaultRole.revokeSecretId();
    const shown = await until(
      ownStore,
      x => causes(x.health.problems).includes('VaultLoginFailed'),
      WITHIN_A_CYCLE_MS,
    );
    expect(shown.value.health).toMatchObject({
      healthy: false,
      loggedIn: false,
      problems: [
        expect.objectContaining({
          cause: 'VaultLoginFailed',
          action: expect.stringContaining(
            'Issue a new secret-id for the AppRole role',
          ),
        }),
      ],
    });
    await vaultRole.restoreSecretId();
    const healed = await until(
      ownStore,
      x => x.health.healthy,
      WITHIN_A_CYCLE_MS,
    );
    expect(healed.value.health).toMatchObject({ loggedIn: true, problems: [] });
  });

  it('shows a RoleBinding removed within a cycle, and re-queues the failed mapping once it is back', async () => {
    const view = await syncedMapping('own-cluster', DEMO.restrictedNamespace);
    await identity.unbind();
    try {
      const shown = await until(
        ownCluster,
        x => causes(x.health.problems).includes('KubernetesForbidden'),
        WITHIN_A_CYCLE_MS,
      );
      expect(shown.value.health.problems).toEqual([
        expect.objectContaining({
          cause: 'KubernetesForbidden',
          message: expect.stringMatching(
            new RegExp(
              `^RoleBinding missing in namespace ${DEMO.restrictedNamespace}`,
            ),
          ),
          action: expect.stringContaining('deploy/kubernetes/engine-rbac.yaml'),
          namespace: DEMO.restrictedNamespace,
        }),
      ]);
      expect(shown.tookMs).toBeLessThan(WITHIN_A_CYCLE_MS);
      // The stack's own cluster, where the engine's RBAC is intact, stays healthy.
      expect(
        (await clusters()).find(c => c.name === 'local')!.health.healthy,
      ).toBe(true);
      // The watch opened before the RoleBinding went is still up; the failed health check
      // is what stops the refresh from trusting it.
      const retryAt = await failsOnRefresh(view.id, 'KubernetesForbidden');

      await identity.bind();
      const healed = await until(
        ownCluster,
        x => x.health.healthy,
        WITHIN_A_CYCLE_MS,
      );
      expect(healed.value.health.namespaces).toEqual([
        DEMO.restrictedNamespace,
      ]);
      await recoversBefore(view.id, retryAt);
    } finally {
      await identity.bind().catch(() => undefined);
    }
  });

  it('never shows or logs a credential', async () => {
    const shown = JSON.stringify([await stores(), await clusters()]);
    const logged = loggedText(backend.logger);
    for (const secret of [
      vaultRole.auth.secretId,
      identity.token,
      info.vault.engine.appRole.secretId,
      value,
    ]) {
      expect(shown).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
  });
});
