import { readStackInfo } from '@internal/devstack';
import type { Knex } from 'knex';
import { loggedText } from '../../__testUtils__/recordingLogger';
import { startTcpProxy, type TcpProxy } from '../../__testUtils__/tcpProxy';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import {
  canary,
  cleanup,
  uniqueName,
} from '../../kubernetes/__testUtils__/stack';
import { startApiBackend } from '../../service/__testUtils__/apiBackend';
import { adminCoreApi, writeVaultData } from '../../__testUtils__/stackAdmin';
import { root } from '../../vault/__testUtils__/vaultStack';
import {
  kvSpec,
  outageAndRecovery,
  RECOVERY_ENGINE,
  recoveryApi,
  report,
  type RecoveryApi,
  type RecoveryBackend,
} from './__testUtils__/recovery';

/**
 * Vault and the API server down and back, by the clock: each is reached through a
 * loopback TCP proxy of this suite's own, which the test cuts (connections refused) and
 * restores, so the shared stack's servers run on untouched for the suites beside it.
 * Nobody calls "sync now": the status turns SyncedError within a cycle, the Secret keeps
 * its data, and the health monitor's re-queue syncs the mapping again well before its
 * backoff would have.
 */

jest.setTimeout(180_000);

const { databases, ids } = createTestDatabases();

describe('recovery from an unreachable Vault or API server, by the clock', () => {
  const info = readStackInfo();
  const id = uniqueName('recovery');
  const path = `payments/${id}`;
  const values = {
    user: canary('recovery-user'),
    password: canary('recovery-password'),
  };
  const payments = cleanup(info, 'payments');
  const core = adminCoreApi(info);
  let knex: Knex;
  let vaultProxy: TcpProxy;
  let kubeProxy: TcpProxy;
  let backend: RecoveryBackend;
  let api: RecoveryApi;

  beforeAll(async () => {
    knex = await databases.init(ids[0]);
    await writeVaultData(info, path, values);
    vaultProxy = await startTcpProxy(info.vault.addr);
    kubeProxy = await startTcpProxy(new URL(info.kubernetes.url).host);
    backend = await startApiBackend({
      knex,
      scheduleByClock: true,
      engine: RECOVERY_ENGINE,
      extraStores: {
        'via-proxy': {
          server: vaultProxy.url,
          caFile: info.vault.caFile,
          mount: 'secret',
          auth: { appRole: info.vault.engine.appRole },
          allowedPaths: [{ prefix: '{{ system }}' }],
        },
      },
      extraClusters: [
        {
          name: 'via-proxy',
          // TLS end to end: the serving certificate's SAN is 127.0.0.1, any port.
          url: `https://127.0.0.1:${kubeProxy.port}`,
          authProvider: 'serviceAccount',
          serviceAccountToken: info.kubernetes.engineToken,
          caData: Buffer.from(info.kubernetes.caPem).toString('base64'),
        },
      ],
    });
    api = recoveryApi(backend);
  });

  afterAll(async () => {
    await api?.removeAll();
    await backend?.stop();
    await vaultProxy?.close();
    await kubeProxy?.close();
    await root(info, 'DELETE', `secret/metadata/${path}`).catch(
      () => undefined,
    );
  });

  it('Vault down and back: SyncedError within a cycle, the Secret unchanged, Synced again by itself', async () => {
    const name = payments.secret('recovery-vault');
    const mappingId = await api.create(
      kvSpec({ store: 'via-proxy', cluster: 'local', path, name }),
    );
    const times = await outageAndRecovery({
      api,
      core,
      mappingId,
      secretName: name,
      reason: 'VaultUnreachable',
      message: /ECONNREFUSED/,
      breakIt: () => vaultProxy.cut(),
      fixIt: () => vaultProxy.restore(),
      marksSecret: true,
      row: {
        order: 11,
        fault: 'Vault unreachable',
        done: 'cut the connection to Vault (connections refused), restored it',
        suite: 'engine/recovery/unreachable',
      },
    });
    report(`Vault down: ${JSON.stringify(times)}`);
    expect(loggedText(backend.logger)).toMatch(
      /Store \\"via-proxy\\" is healthy again: [1-9]\d* failed sync\(s\) re-queued/,
    );
  });

  it('API server down and back: SyncedError within a cycle, the Secret unchanged, Synced again by itself', async () => {
    const name = payments.secret('recovery-kube');
    const mappingId = await api.create(
      kvSpec({ store: 'local-kv2', cluster: 'via-proxy', path, name }),
    );
    const times = await outageAndRecovery({
      api,
      core,
      mappingId,
      secretName: name,
      reason: 'KubernetesUnreachable',
      message: /ECONNREFUSED/,
      breakIt: () => kubeProxy.cut(),
      fixIt: () => kubeProxy.restore(),
      marksSecret: false,
      row: {
        order: 30,
        fault: 'Kubernetes API server unreachable',
        done: 'cut the connection to the API server (connections refused), restored it',
        suite: 'engine/recovery/unreachable',
      },
    });
    report(`API server down: ${JSON.stringify(times)}`);
    expect(loggedText(backend.logger)).toMatch(
      /Cluster \\"via-proxy\\" is healthy again: [1-9]\d* failed sync\(s\) re-queued/,
    );
    // The engine really went through the proxy (and so through the outage).
    expect(kubeProxy.accepted()).toBeGreaterThan(0);
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
