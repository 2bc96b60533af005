import { DEMO } from '@internal/devstack';
import { ClusterError } from './ClusterError';
import { createClusterGateway } from './createClusterGateway';
import { MANAGED_BY_LABEL, managedMetadata } from './managedMetadata';
import {
  adminKube,
  cleanup,
  engineCluster,
  stack,
  uniqueName,
} from './__testUtils__/stack';
import { recordingLogger } from '../__testUtils__/recordingLogger';

const buf = (s: string) => Buffer.from(s);
const text = (data: Record<string, Buffer>) =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.toString()]));

async function kindOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ClusterError);
    return (error as ClusterError).kind;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

// The paging test makes (and the clean-up deletes) 520 Secrets.
jest.setTimeout(60_000);

/** Secrets through the gateway as the engine's ServiceAccount (real kube-apiserver). */
describe('ClusterGateway Secrets (real kube-apiserver)', () => {
  const info = stack();
  const admin = adminKube(info);
  const gateway = createClusterGateway(engineCluster(info), {
    logger: recordingLogger(),
  });
  const namespace = DEMO.teamNamespaces[0];
  const track = cleanup(info, namespace);
  const meta = (mappingId: string) =>
    managedMetadata({
      mappingId,
      entityRef: 'component:default/payments-api',
      dataHmac: 'test-hmac',
    });

  it('creates, reads and replaces a Secret', async () => {
    const name = track.secret('create');
    const created = await gateway.createSecret({
      namespace,
      name,
      data: { password: buf('one'), binary: Buffer.from([0, 255, 10]) },
      ...meta('m-create'),
    });
    expect(created).toMatchObject({ namespace, name, type: 'Opaque' });
    expect(created.uid).toBeTruthy();

    const read = await gateway.readSecret(namespace, name);
    expect(read!.data.binary).toEqual(Buffer.from([0, 255, 10]));
    expect(read!.labels[MANAGED_BY_LABEL]).toBe('backstage-secrets');
    expect(read!.annotations['secrets.backstage.io/entity-ref']).toBe(
      'component:default/payments-api',
    );

    const replaced = await gateway.replaceSecret({
      namespace,
      name,
      data: { password: buf('two') },
      resourceVersion: read!.resourceVersion,
      ...meta('m-create'),
    });
    expect(text(replaced.data)).toEqual({ password: 'two' });
    expect(replaced.resourceVersion).not.toBe(read!.resourceVersion);
    expect(text((await gateway.readSecret(namespace, name))!.data)).toEqual({
      password: 'two',
    });
  });

  it('reads a missing Secret as undefined and refuses to create over an existing one', async () => {
    expect(await gateway.readSecret(namespace, uniqueName('absent'))).toBe(
      undefined,
    );
    const name = track.secret('exists');
    await gateway.createSecret({ namespace, name, data: { a: buf('1') } });
    expect(
      await kindOf(
        gateway.createSecret({ namespace, name, data: { a: buf('2') } }),
      ),
    ).toBe('conflict');
  });

  it('refuses a replace or patch with a stale resourceVersion (conflict)', async () => {
    const name = track.secret('stale');
    const first = await gateway.createSecret({
      namespace,
      name,
      data: { a: buf('1') },
    });
    await gateway.replaceSecret({
      namespace,
      name,
      data: { a: buf('2') },
      resourceVersion: first.resourceVersion,
    });
    expect(
      await kindOf(
        gateway.replaceSecret({
          namespace,
          name,
          data: { a: buf('3') },
          resourceVersion: first.resourceVersion,
        }),
      ),
    ).toBe('conflict');
    expect(
      await kindOf(
        gateway.patchSecretKeys(namespace, name, {
          set: { a: buf('4') },
          remove: [],
          resourceVersion: first.resourceVersion,
        }),
      ),
    ).toBe('conflict');
    expect(text((await gateway.readSecret(namespace, name))!.data)).toEqual({
      a: '2',
    });
  });

  it('patches only the given keys and leaves foreign keys and metadata intact', async () => {
    const name = track.secret('merge');
    // A Secret another tool owns, with our key already in it.
    await admin.core.createNamespacedSecret({
      namespace,
      body: {
        metadata: {
          name,
          labels: { team: 'payments' },
          annotations: { 'other.tool/note': 'keep' },
        },
        data: {
          foreign: buf('theirs').toString('base64'),
          ours: buf('old').toString('base64'),
          stale: buf('gone soon').toString('base64'),
        },
      },
    });
    const live = (await gateway.readSecret(namespace, name))!;
    const patched = await gateway.patchSecretKeys(namespace, name, {
      set: { ours: buf('new'), added: buf('fresh') },
      remove: ['stale', 'never-existed'],
      resourceVersion: live.resourceVersion,
      annotations: { 'secrets.backstage.io/data-hmac': 'h2' },
      labels: { 'secrets.backstage.io/mapping-id': 'm-merge' },
    });
    expect(text(patched.data)).toEqual({
      foreign: 'theirs',
      ours: 'new',
      added: 'fresh',
    });
    expect(patched.labels).toEqual({
      team: 'payments',
      'secrets.backstage.io/mapping-id': 'm-merge',
    });
    expect(patched.annotations).toEqual({
      'other.tool/note': 'keep',
      'secrets.backstage.io/data-hmac': 'h2',
    });
  });

  it('deletes only with matching preconditions; a wrong uid leaves the Secret', async () => {
    const name = track.secret('delete');
    const created = await gateway.createSecret({
      namespace,
      name,
      data: { a: buf('1') },
    });
    expect(
      await kindOf(
        gateway.deleteSecret(namespace, name, {
          uid: '00000000-0000-0000-0000-000000000000',
        }),
      ),
    ).toBe('conflict');
    expect(await gateway.readSecret(namespace, name)).toBeDefined();

    expect(
      await kindOf(
        gateway.deleteSecret(namespace, name, {
          uid: created.uid,
          resourceVersion: '1',
        }),
      ),
    ).toBe('conflict');
    expect(await gateway.readSecret(namespace, name)).toBeDefined();

    await gateway.deleteSecret(namespace, name, {
      uid: created.uid,
      resourceVersion: created.resourceVersion,
    });
    expect(await gateway.readSecret(namespace, name)).toBeUndefined();
    // Already gone counts as deleted.
    await gateway.deleteSecret(namespace, name, { uid: created.uid });
  });

  it('is forbidden to read or create in a namespace without RBAC', async () => {
    const restricted = DEMO.restrictedNamespace;
    const read = gateway.readSecret(restricted, 'anything');
    await expect(read).rejects.toMatchObject({
      kind: 'forbidden',
      status: 403,
      message: expect.stringContaining(
        "Cluster 'local': read Secret restricted/anything failed",
      ),
    });
    expect(
      await kindOf(
        gateway.createSecret({
          namespace: restricted,
          name: 'anything',
          data: { a: buf('1') },
        }),
      ),
    ).toBe('forbidden');
  });

  it('lists only Secrets labelled as managed', async () => {
    const managed = track.secret('managed');
    const foreign = track.secret('foreign');
    await gateway.createSecret({
      namespace,
      name: managed,
      data: { a: buf('1') },
      ...meta('m-list'),
    });
    await gateway.createSecret({
      namespace,
      name: foreign,
      data: { a: buf('1') },
    });
    const listed = await gateway.listManagedSecrets(namespace);
    const names = listed.map(s => s.name);
    expect(names).toContain(managed);
    expect(names).not.toContain(foreign);
    // Other suites may add managed Secrets meanwhile: check each, not the total.
    for (const secret of listed) {
      expect(secret.labels[MANAGED_BY_LABEL]).toBe('backstage-secrets');
    }
  });

  it('lists more managed Secrets than a page, a page at a time, and watches on from the list', async () => {
    // 520 managed Secrets of this test: more than one page of 500.
    const names = Array.from({ length: 520 }, () => track.secret('paged'));
    for (let i = 0; i < names.length; i += 20)
      await Promise.all(
        names.slice(i, i + 20).map(name =>
          gateway.createSecret({
            namespace,
            name,
            data: { a: buf('1') },
            ...meta('m-paged'),
          }),
        ),
      );
    const seen = new Set<string>();
    const end = await gateway.listManagedSecretsAt(namespace, async s => {
      seen.add(s.name);
    });
    expect(names.filter(n => !seen.has(n))).toEqual([]);
    expect(end.count).toBe(seen.size);
    // The version of the paged list is one to watch from: a later change arrives.
    const abort = new AbortController();
    const changed = new Promise<string>(
      resolve =>
        void gateway.watchManagedSecrets(
          namespace,
          end.resourceVersion,
          async event => {
            if (event.secret.name === names[0]) resolve(event.type);
          },
          abort.signal,
        ),
    );
    await admin.core.deleteNamespacedSecret({ name: names[0], namespace });
    await expect(changed).resolves.toBe('DELETED');
    abort.abort();
  });
});
