import { DEMO } from '@internal/devstack';
import { createClusterGateway } from './createClusterGateway';
import { engineCluster, stack } from './__testUtils__/stack';
import { recordingLogger } from '../__testUtils__/recordingLogger';

/** TokenRequest as the engine, and the token's use: Vault's kubernetes auth. */
describe('ClusterGateway.requestServiceAccountToken (real kube-apiserver and Vault)', () => {
  const info = stack();
  const gateway = createClusterGateway(engineCluster(info), {
    logger: recordingLogger(),
  });

  it('issues a token for the engine that logs in to Vault', async () => {
    const jwt = await gateway.requestServiceAccountToken({
      namespace: info.kubernetes.engineNamespace,
      serviceAccount: info.kubernetes.engineServiceAccount,
      expirationSeconds: 600,
    });
    const claims = JSON.parse(
      Buffer.from(jwt.split('.')[1], 'base64url').toString(),
    );
    expect(claims.sub).toBe(
      `system:serviceaccount:${info.kubernetes.engineNamespace}:${info.kubernetes.engineServiceAccount}`,
    );
    expect(claims.exp - claims.iat).toBe(600);

    const { mountPath, role } = info.vault.engine.kubernetes;
    const res = await fetch(`${info.vault.addr}/v1/auth/${mountPath}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role, jwt }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.auth.client_token).toBeTruthy();
    expect(body.auth.policies).toContain(DEMO.enginePolicy);
  });

  it('issues audience-bound tokens', async () => {
    const jwt = await gateway.requestServiceAccountToken({
      namespace: info.kubernetes.engineNamespace,
      serviceAccount: info.kubernetes.engineServiceAccount,
      audiences: [DEMO.jwtAudience],
    });
    const claims = JSON.parse(
      Buffer.from(jwt.split('.')[1], 'base64url').toString(),
    );
    expect(claims.aud).toEqual([DEMO.jwtAudience]);
  });

  it('is forbidden a token for another ServiceAccount', async () => {
    await expect(
      gateway.requestServiceAccountToken({
        namespace: info.kubernetes.engineNamespace,
        serviceAccount: DEMO.reviewerServiceAccount,
      }),
    ).rejects.toMatchObject({
      kind: 'forbidden',
      message: `Cluster 'local': request token for ServiceAccount ${DEMO.engineNamespace}/${DEMO.reviewerServiceAccount} failed: API server answered 403 Forbidden (the engine's RBAC does not allow it in namespace ${DEMO.engineNamespace}: is the namespace there, with the engine's Role and RoleBinding?)`,
    });
  });
});
