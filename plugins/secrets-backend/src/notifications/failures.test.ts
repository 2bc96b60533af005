import type { FailingSync } from '../database';
import {
  commonReason,
  failuresByMapping,
  pastGrace,
  splitByStore,
} from './failures';

const row = (
  mappingId: string,
  cluster: string,
  reason: string,
  consecutiveFailures = 1,
  store = 'kv',
): FailingSync => ({
  mappingId,
  cluster,
  reason,
  consecutiveFailures,
  mapping: {
    entityRef: 'component:default/payments-api',
    spec: {
      store,
      target: { clusters: ['a', 'b'], namespace: 'payments', name: mappingId },
    },
  },
});

describe('failuresByMapping', () => {
  it('keeps one entry per mapping with its clusters and the most failures in a row', () => {
    const byMapping = failuresByMapping([
      row('m1', 'a', 'VaultSealed', 2),
      row('m1', 'b', 'VaultSealed', 4),
      row('m2', 'a', 'KubernetesForbidden'),
    ]);
    expect([...byMapping.keys()]).toEqual(['m1', 'm2']);
    expect(byMapping.get('m1')).toMatchObject({
      reason: 'VaultSealed',
      consecutiveFailures: 4,
    });
    expect(byMapping.get('m1')!.clusters.map(c => c.cluster)).toEqual([
      'a',
      'b',
    ]);
  });
});

describe('pastGrace', () => {
  const grace = { failures: 3, durationMs: 600_000 };
  const failure = (n: number) =>
    failuresByMapping([row('m', 'a', 'X', n)]).get('m')!;
  const t0 = new Date('2026-12-10T10:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it('counts failures in a row or time failing, whichever comes first', () => {
    expect(pastGrace(failure(2), t0, at(599_999), grace)).toBe(false);
    expect(pastGrace(failure(3), t0, t0, grace)).toBe(true);
    expect(pastGrace(failure(1), t0, at(600_000), grace)).toBe(true);
  });
});

describe('splitByStore', () => {
  const due = (n: number, reason: string, store = 'kv') => [
    ...failuresByMapping(
      Array.from({ length: n }, (_, i) =>
        row(`${store}-${reason}-${i}`, 'a', reason, 3, store),
      ),
    ).values(),
  ];

  it('summarises a store at the threshold, only for store-level reasons', () => {
    const split = splitByStore(
      [
        ...due(5, 'VaultUnreachable'),
        ...due(5, 'VaultSecretNotFound'),
        ...due(4, 'VaultSealed', 'kv1'),
      ],
      new Set(),
      5,
    );
    expect([...split.summaries.keys()]).toEqual(['kv']);
    expect(split.summaries.get('kv')).toHaveLength(5);
    expect(split.single).toHaveLength(9);
  });

  it('mixes store-level reasons of one store into one summary', () => {
    const split = splitByStore(
      [...due(3, 'VaultSealed'), ...due(2, 'VaultUnreachable')],
      new Set(),
      5,
    );
    expect(split.summaries.get('kv')).toHaveLength(5);
    expect(commonReason(split.summaries.get('kv')!)).toBe('VaultSealed');
  });

  it('adds later failures to a summary already told', () => {
    const split = splitByStore(due(1, 'VaultLoginFailed'), new Set(['kv']), 5);
    expect(split.summaries.get('kv')).toHaveLength(1);
    expect(split.single).toEqual([]);
  });
});
