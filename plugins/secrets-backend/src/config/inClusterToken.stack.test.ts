import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { stackKubernetesConfig } from '@internal/devstack';
import { createClusterGateway } from '../kubernetes/createClusterGateway';
import { readClusters } from '../kubernetes/readClusters';
import { loggedText, recordingLogger } from '../__testUtils__/recordingLogger';
import { createVaultGateway } from '../vault/createVaultGateway';
import {
  canary,
  capturingLogger,
  kubeTokenSource,
  root,
  stack,
  unique,
} from '../vault/__testUtils__/vaultStack';
import { readSecretsConfig } from './readSecretsConfig';

/**
 * In-cluster mode: with no token in the configuration, the engine uses the pod's mounted
 * ServiceAccount token, for the cluster and for Vault's kubernetes and jwt logins. Here the
 * "mounted" path is a file the test rotates as the kubelet would: a broken token is noticed
 * on the next use and a fresh one is picked up without a restart.
 */
describe('in-cluster mode: the mounted ServiceAccount token, re-read as it rotates (real servers)', () => {
  const info = stack();
  const mounted = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'in-cluster-')),
    'token',
  );
  const issuer = kubeTokenSource(info);
  const rotate = async (audiences?: readonly string[]) =>
    fs.writeFileSync(
      mounted,
      await issuer.requestToken({
        namespace: info.kubernetes.engineNamespace,
        serviceAccount: info.kubernetes.engineServiceAccount,
        audiences: audiences && [...audiences],
        expirationSeconds: 600,
      }),
    );
  const broken = canary('not-a-token');

  it('the cluster: no serviceAccountToken means the mounted token, read on every request', async () => {
    const kubernetes = stackKubernetesConfig(info);
    delete (kubernetes.clusterLocatorMethods[0].clusters[0] as any)
      .serviceAccountToken;
    const [cluster] = readClusters(new ConfigReader({ kubernetes }), {
      inClusterTokenFile: mounted,
    });
    expect(cluster.credentials).toMatchObject({
      type: 'tokenFile',
      path: mounted,
    });
    const logger = recordingLogger();
    const gateway = createClusterGateway(cluster, { logger });
    const missing = unique('in-cluster');

    await rotate();
    await expect(gateway.readSecret('payments', missing)).resolves.toBe(
      undefined,
    );

    fs.writeFileSync(mounted, broken);
    const error = await gateway.readSecret('payments', missing).catch(e => e);
    expect(error).toMatchObject({ name: 'ClusterError', kind: 'unauthorized' });
    expect(String(error.message)).not.toContain(broken);

    await rotate();
    await expect(gateway.readSecret('payments', missing)).resolves.toBe(
      undefined,
    );
    expect(loggedText(logger)).not.toContain(broken);
  });

  it.each([
    ['kubernetes', undefined],
    ['jwt', [info.vault.engine.jwt.audience]],
  ] as const)(
    'Vault %s auth: no tokenFile or serviceAccountRef means the mounted token, read at each login',
    async (method, audiences) => {
      const key = `payments/${unique(`in-cluster-${method}`)}`;
      const value = canary(method);
      await root(info, 'POST', `secret/data/${key}`, { data: { value } });
      const settings =
        method === 'kubernetes'
          ? {
              mountPath: info.vault.engine.kubernetes.mountPath,
              role: info.vault.engine.kubernetes.role,
            }
          : {
              path: info.vault.engine.jwt.path,
              role: info.vault.engine.jwt.role,
            };
      const { stores } = readSecretsConfig(
        new ConfigReader({
          secrets: {
            stores: {
              local: {
                server: info.vault.addr,
                caFile: info.vault.caFile,
                mount: 'secret',
                kvVersion: 2,
                auth: { [method]: settings },
              },
            },
          },
        }),
        { inClusterTokenFile: mounted },
      );
      const store = stores.get('local')!;
      expect(store.auth).toMatchObject({ method, tokenFile: mounted });
      const logger = capturingLogger();

      await rotate(audiences);
      const first = createVaultGateway(store, { logger });
      await expect(first.read(key)).resolves.toMatchObject({
        data: { value },
      });
      await first.close();

      // Each login reads the file again: a broken token fails the next login, clearly...
      fs.writeFileSync(mounted, broken);
      const second = createVaultGateway(store, { logger });
      const error = await second.read(key).catch(e => e);
      expect(error).toMatchObject({ name: 'VaultError', kind: 'loginFailed' });
      expect(String(error.message)).not.toContain(broken);

      // ...and the rotated one is used by the same gateway's next login.
      await rotate(audiences);
      await expect(second.read(key)).resolves.toMatchObject({
        data: { value },
      });
      expect(second.stats().logins).toBe(1);
      await second.close();
      expect(logger.lines.join('\n')).not.toContain(broken);
      expect(logger.lines.join('\n')).not.toContain(value);
    },
  );
});
