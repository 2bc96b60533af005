import { DEMO } from '../bootstrap/demoData.ts';
import {
  canary,
  engineKube,
  stack,
  statusOf,
} from './__testUtils__/clients.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Proves the kube-apiserver is real and the engine's RBAC is least-privilege. */
describe('local kube-apiserver (real server)', () => {
  const info = stack();
  const { core } = engineKube(info);
  const name = `smoke-${Date.now()}`;

  it('lets the engine create, read and update a Secret in a team namespace', async () => {
    const first = canary('k8s-first');
    const second = canary('k8s-second');
    const namespace = DEMO.teamNamespaces[0];
    await core.createNamespacedSecret({
      namespace,
      body: {
        metadata: { name },
        type: 'Opaque',
        data: { password: b64(first) },
      },
    });
    const read = await core.readNamespacedSecret({ name, namespace });
    expect(Buffer.from(read.data!.password, 'base64').toString()).toBe(first);

    await core.replaceNamespacedSecret({
      name,
      namespace,
      body: { ...read, data: { password: b64(second) } },
    });
    const updated = await core.readNamespacedSecret({ name, namespace });
    expect(Buffer.from(updated.data!.password, 'base64').toString()).toBe(
      second,
    );
    expect(updated.metadata!.resourceVersion).not.toBe(
      read.metadata!.resourceVersion,
    );
  });

  it('refuses the engine (403) in a namespace it has no RBAC for', async () => {
    const namespace = DEMO.restrictedNamespace;
    expect(
      await statusOf(
        core.createNamespacedSecret({
          namespace,
          body: { metadata: { name }, data: { password: b64('x') } },
        }),
      ),
    ).toBe(403);
    expect(await statusOf(core.listNamespacedSecret({ namespace }))).toBe(403);
  });

  it('refuses the engine (403) a token for any ServiceAccount but its own', async () => {
    const status = await statusOf(
      core.createNamespacedServiceAccountToken({
        name: DEMO.reviewerServiceAccount,
        namespace: DEMO.engineNamespace,
        body: { spec: { audiences: [] } },
      }),
    );
    expect(status).toBe(403);
  });
});
