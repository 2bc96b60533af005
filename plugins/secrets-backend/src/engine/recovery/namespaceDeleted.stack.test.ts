import {
  adminKubeconfigOptions,
  readKitManifest,
  readStackInfo,
} from '@internal/devstack';
import * as k8s from '@kubernetes/client-node';
import type { Knex } from 'knex';
import request from 'supertest';
import { loggedText } from '../../__testUtils__/recordingLogger';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { canary, uniqueName } from '../../kubernetes/__testUtils__/stack';
import {
  callers,
  startApiBackend,
} from '../../service/__testUtils__/apiBackend';
import { writeVaultData } from '../../__testUtils__/stackAdmin';
import {
  kvSpec,
  liveSecret,
  recordFault,
  recoveryApi,
  report,
  until,
  WITHIN_A_CYCLE_MS,
  type RecoveryApi,
  type RecoveryBackend,
} from './__testUtils__/recovery';

/**
 * The namespace a mapping writes to is deleted, then created again, on the shared stack
 * and by the clock. The local stack runs no controller-manager, so the test does what the
 * namespace controller would: once the namespace is Terminating it deletes what is in it
 * (the Secret, the engine's Role and RoleBinding) and then finalizes it. Re-creating it is
 * what an operator's GitOps would do: the namespace and the engine's RBAC in it.
 */

jest.setTimeout(300_000);

const { databases, ids } = createTestDatabases();

describe('fault matrix: the target namespace deleted and created again, by the clock', () => {
  const info = readStackInfo();
  const namespace = uniqueName('matrix-ns');
  const path = `payments/${namespace}`;
  const values = {
    user: canary('ns-user'),
    password: canary('ns-password'),
  };
  const name = 'db';
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(adminKubeconfigOptions(info));
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
  let knex: Knex;
  let backend: RecoveryBackend;
  let api: RecoveryApi;

  /** The engine's Role and RoleBinding, as the operations kit grants them in payments. */
  const engineRbac = () =>
    readKitManifest('engine-rbac.yaml')
      .filter(o => o.metadata.namespace === 'payments')
      .map(o => ({ ...o, metadata: { ...o.metadata, namespace } }));

  async function createNamespace() {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    for (const object of engineRbac()) await objects.create(object);
  }

  /** What the namespace controller does once a namespace is Terminating. */
  async function finishDeletion() {
    const secrets = await core.listNamespacedSecret({ namespace });
    for (const s of secrets.items)
      await core.deleteNamespacedSecret({ name: s.metadata!.name!, namespace });
    for (const object of engineRbac()) await objects.delete(object);
    await core.replaceNamespaceFinalize({
      name: namespace,
      body: {
        metadata: { name: namespace },
        spec: { finalizers: [] },
      },
    });
  }

  beforeAll(async () => {
    knex = await databases.init(ids[0]);
    await writeVaultData(info, path, values);
    await createNamespace();
    backend = await startApiBackend({
      knex,
      scheduleByClock: true,
      // The product's default backoff: the first retry 5–10 s after a failure.
      engine: {
        healthCheckInterval: '1s',
        backoff: { initial: '5s', max: '10m' },
      },
      allowedNamespaces: [
        { namespace, owners: ['group:default/team-payments'] },
      ],
    });
    api = recoveryApi(backend);
  });

  afterAll(async () => {
    await api?.removeAll();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    await finishDeletion().catch(() => undefined);
  });

  /** The cluster's last health check, as `/clusters` shows it to the owners. */
  async function clusterProblems(): Promise<string[]> {
    const res = await request(backend.server)
      .get('/api/secrets/clusters')
      .set('authorization', callers.member);
    const local = res.body.items.find(
      (c: { name: string }) => c.name === 'local',
    );
    return (local.health.problems ?? []).map(
      (p: { message: string }) => p.message,
    );
  }

  it('says the namespace is being deleted, then that RBAC is gone, and writes the Secret again once both are back', async () => {
    const mappingId = await api.create(
      kvSpec({ store: 'local-kv2', cluster: 'local', path, name, namespace }),
    );
    const synced = await until(
      () => api.status(mappingId),
      s => s.status === 'Synced',
      30_000,
    );
    expect(synced.value.status).toBe('Synced');
    const before = await liveSecret(core, name, namespace);

    // kubectl delete namespace: Terminating; the controller begins with the Secret.
    const deletedAt = Date.now();
    await core.deleteNamespace({ name: namespace });
    await core.deleteNamespacedSecret({ name, namespace });
    const terminating = await until(
      () => api.status(mappingId),
      s => s.status === 'SyncedError',
      WITHIN_A_CYCLE_MS,
    );
    const failedAfterMs = Date.now() - deletedAt;
    expect(terminating.value).toMatchObject({
      status: 'SyncedError',
      reason: 'KubernetesForbidden',
      message: expect.stringContaining(
        `API server answered 403 Forbidden: namespace ${namespace} is being deleted`,
      ),
    });

    // The controller deletes the engine's Role and RoleBinding too, and the namespace goes.
    await finishDeletion();
    const gone = await until(
      () => api.status(mappingId),
      s => /RBAC does not allow/.test(s.message ?? ''),
      60_000,
    );
    expect(gone.value).toMatchObject({
      status: 'SyncedError',
      reason: 'KubernetesForbidden',
      message: expect.stringContaining(
        `(the engine's RBAC does not allow it in namespace ${namespace}: is the namespace there, with the engine's Role and RoleBinding?)`,
      ),
    });
    const problems = await until(
      clusterProblems,
      p => p.some(m => m.includes(namespace)),
      WITHIN_A_CYCLE_MS,
    );
    expect(problems.value).toContainEqual(
      expect.stringMatching(`^RoleBinding missing in namespace ${namespace}`),
    );

    // GitOps puts the namespace and the engine's RBAC back: nobody calls sync now.
    const recreatedAt = Date.now();
    await createNamespace();
    const back = await until(
      () => liveSecret(core, name, namespace).catch(() => undefined),
      s => s?.content.data?.password === before.content.data?.password,
      60_000,
    );
    const recoveredAfterMs = Date.now() - recreatedAt;
    expect(back.value?.content).toEqual({
      ...before.content,
      uid: expect.any(String),
    });
    const after = await until(
      () => api.status(mappingId),
      s => s.status === 'Synced',
      WITHIN_A_CYCLE_MS,
    );
    expect(after.value).toMatchObject({
      status: 'Synced',
      consecutiveFailures: 0,
    });

    const outputs = [
      loggedText(backend.logger),
      JSON.stringify(await api.views()),
      JSON.stringify(backend.audits),
    ].join('\n');
    for (const value of Object.values(values))
      expect(outputs).not.toContain(value);
    recordFault({
      order: 42,
      fault: 'Namespace deleted',
      done: 'deleted the target namespace, did what the namespace controller does (its Secret, then the engine Role and RoleBinding, then finalize), then created the namespace and the engine RBAC again',
      secret:
        'gone with its namespace; written again from Vault with the same data once the namespace and RBAC were back',
      status: `SyncedError, reason KubernetesForbidden: "${
        terminating.value.message
      }", then "…${gone.value.message!.slice(
        gone.value.message!.indexOf('answered'),
      )}"; /clusters: "RoleBinding missing in namespace …"; Synced again by itself`,
      failedAfterMs,
      recoveredAfterMs,
      suite: 'engine/recovery/namespaceDeleted',
    });
    report(
      `namespace deleted: failed after ${failedAfterMs} ms, Secret back ${recoveredAfterMs} ms after the namespace was`,
    );
  });
});
