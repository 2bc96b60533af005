import { ApiException } from '@kubernetes/client-node';
import { DEMO } from '@internal/devstack';
import { ClusterError } from './ClusterError';
import { createClusterGateway } from './createClusterGateway';
import {
  adminKube,
  canary,
  cleanup,
  engineCluster,
  stack,
} from './__testUtils__/stack';
import { loggedText, recordingLogger } from '../__testUtils__/recordingLogger';

async function failure(promise: Promise<unknown>): Promise<ClusterError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ClusterError);
    return error as ClusterError;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

function expectNoCanary(error: ClusterError, logged: string, value: string) {
  expect(error.message).not.toContain(value);
  expect(JSON.stringify(error)).not.toContain(value);
  expect(String(error.cause)).not.toContain(value);
  expect(String(error.stack)).not.toContain(value);
  expect(logged).not.toContain(value);
}

/** Secret data never reaches errors or logs, even when the API server echoes it. */
describe('ClusterGateway error redaction (real kube-apiserver)', () => {
  const info = stack();
  const namespace = DEMO.teamNamespaces[0];
  const track = cleanup(info, namespace);

  it('keeps a canary value out of errors and logs when a key name is invalid', async () => {
    const logger = recordingLogger();
    const gateway = createClusterGateway(engineCluster(info), { logger });
    const value = canary('value');
    const name = track.secret('invalid');

    const created = await failure(
      gateway.createSecret({
        namespace,
        name,
        data: { 'bad key!': Buffer.from(value) },
      }),
    );
    expect(created).toMatchObject({
      kind: 'invalid',
      status: 422,
      reason: 'Invalid',
      message: `Cluster 'local': create Secret ${namespace}/${name} failed: API server answered 422 Invalid`,
    });

    const existing = await gateway.createSecret({
      namespace,
      name,
      data: { ok: Buffer.from('x') },
    });
    const replaced = await failure(
      gateway.replaceSecret({
        namespace,
        name,
        data: { 'bad key!': Buffer.from(value) },
        resourceVersion: existing.resourceVersion,
      }),
    );
    const patched = await failure(
      gateway.patchSecretKeys(namespace, name, {
        set: { 'bad key!': Buffer.from(value) },
        remove: [],
        resourceVersion: existing.resourceVersion,
      }),
    );
    expect([replaced.kind, patched.kind]).toEqual(['invalid', 'invalid']);
    expect(logger.calls.length).toBeGreaterThan(0);
    for (const error of [created, replaced, patched]) {
      expectNoCanary(error, loggedText(logger), value);
    }
  });

  it('keeps a canary out even where the API server echoes it back', async () => {
    const logger = recordingLogger();
    const gateway = createClusterGateway(engineCluster(info), { logger });
    const value = canary('key');
    const secret = {
      namespace,
      name: track.secret('echo'),
      data: { [`bad key! ${value}`]: Buffer.from('x') },
    };

    // Proof that this is a real leak path: client-node's own exception carries it.
    const raw = await adminKube(info)
      .core.createNamespacedSecret({
        namespace,
        body: {
          metadata: { name: secret.name },
          data: { [`bad key! ${value}`]: 'eA==' },
        },
      })
      .catch(e => e);
    expect(raw).toBeInstanceOf(ApiException);
    expect(String(raw.message)).toContain(value);

    const error = await failure(gateway.createSecret(secret));
    expect(error.kind).toBe('invalid');
    expectNoCanary(error, loggedText(logger), value);
  });
});
