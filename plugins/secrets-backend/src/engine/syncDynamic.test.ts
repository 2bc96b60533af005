import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import type { LeaseStore } from '../database';
import type { ClusterGateway } from '../kubernetes';
import type { VaultGateway } from '../vault';
import { syncDynamic } from './syncDynamic';

const mapping = (creationPolicy: 'Owner' | 'Merge') =>
  ({
    id: 'm1',
    entityRef: 'component:default/payments-api',
    spec: {
      store: 'kv',
      dynamic: { engine: 'database', role: 'payments-app' },
      target: {
        clusters: ['local'],
        namespace: 'payments',
        name: 'db',
        creationPolicy,
      },
    },
  } as Mapping & { spec: { dynamic: { engine: 'database'; role: string } } });

/** A Vault that counts what it issues, and a cluster with no Secret (or a foreign one). */
function fakes(live?: { labels: Record<string, string> }) {
  const issued: string[] = [];
  const vault = {
    issue: jest.fn(async (path: string) => {
      issued.push(path);
      return {
        data: { username: 'u', password: 'p' },
        leaseId: `${path}/x`,
        leaseDurationS: 60,
        renewable: true,
      };
    }),
    revokeLease: jest.fn(async () => undefined),
  } as unknown as VaultGateway;
  const cluster = {
    readSecret: jest.fn(async () =>
      live
        ? {
            ...live,
            namespace: 'payments',
            name: 'db',
            uid: 'u1',
            resourceVersion: '1',
            type: 'Opaque',
            data: {},
            annotations: {},
          }
        : undefined,
    ),
  } as unknown as ClusterGateway;
  const leases = {
    current: jest.fn(async () => undefined),
  } as unknown as LeaseStore;
  const deps = {
    leases,
    hmacOf: () => 'v1:h',
    random: () => 0,
    siblings: [] as ClusterGateway[],
  };
  return { issued, vault, cluster, deps };
}

describe('syncDynamic', () => {
  it('refuses before issuing anything when there is no Secret to merge into', async () => {
    const f = fakes();
    await expect(
      syncDynamic(f.deps, mapping('Merge'), f.vault, f.cluster, new Date()),
    ).rejects.toMatchObject({ reason: 'MergeTargetMissing' });
    expect(f.issued).toEqual([]);
  });

  it('refuses before issuing anything when the Secret belongs to someone else', async () => {
    const f = fakes({ labels: { app: 'theirs' } });
    await expect(
      syncDynamic(f.deps, mapping('Owner'), f.vault, f.cluster, new Date()),
    ).rejects.toMatchObject({ reason: 'SecretNotOwned' });
    expect(f.issued).toEqual([]);
  });

  it('revokes credentials it issued but could not write', async () => {
    const f = fakes();
    (f.cluster as any).createSecret = jest.fn(async () => {
      throw new Error('forbidden');
    });
    await expect(
      syncDynamic(f.deps, mapping('Owner'), f.vault, f.cluster, new Date()),
    ).rejects.toThrow('forbidden');
    expect(f.issued).toEqual(['database/creds/payments-app']);
    expect(f.vault.revokeLease).toHaveBeenCalledWith(
      'database/creds/payments-app/x',
    );
  });

  it('writes new credentials reading the Secret once, and keeps the lease', async () => {
    const f = fakes();
    (f.cluster as any).createSecret = jest.fn(async () => undefined);
    (f.deps.leases as any).replace = jest.fn(async () => undefined);
    const result = await syncDynamic(
      f.deps,
      mapping('Owner'),
      f.vault,
      f.cluster,
      new Date(),
    );
    expect(result).toMatchObject({ action: 'created', issued: true });
    expect(f.cluster.readSecret).toHaveBeenCalledTimes(1);
    expect(f.deps.leases.replace).toHaveBeenCalledWith(
      expect.objectContaining({
        mappingId: 'm1',
        leaseId: 'database/creds/payments-app/x',
      }),
      'delete',
    );
  });
});
