import type { SyncState } from '../database';
import { isRotationDue, maxAgeOf, toStatus } from './toStatus';

const state = (createdTime?: string): SyncState => ({
  mappingId: 'm',
  cluster: 'local',
  status: 'Synced',
  syncedVersions: [
    { key: 'a', version: 3, ...(createdTime ? { createdTime } : {}) },
  ],
  dataHmac: 'secret-hmac',
  nextDueAt: '2026-01-01T00:00:00Z',
  consecutiveFailures: 0,
  priority: 0,
});

describe('rotation age', () => {
  const now = Date.parse('2026-04-01T00:00:00Z');

  it('is due when a synced version is older than the limit', () => {
    expect(
      isRotationDue(state('2026-01-01T00:00:00Z'), 30 * 86_400_000, now),
    ).toBe(true);
    expect(
      isRotationDue(state('2026-03-20T00:00:00Z'), 30 * 86_400_000, now),
    ).toBe(false);
    // KV v1 has no version times: never due.
    expect(isRotationDue(state(undefined), 1, now)).toBe(false);
  });

  it("takes the mapping's maxAge over the store's", () => {
    const spec = {
      store: 's',
      target: { clusters: ['c'], namespace: 'n', name: 'x' },
    };
    expect(maxAgeOf({ ...spec, maxAge: '1h' }, { maxAgeMs: 5 } as never)).toBe(
      3_600_000,
    );
    expect(maxAgeOf(spec, { maxAgeMs: 5 } as never)).toBe(5);
    expect(maxAgeOf(spec, undefined)).toBeUndefined();
  });

  it('shows the API neither the HMAC nor queue internals', () => {
    const shown = toStatus(state('2026-01-01T00:00:00Z'), 1000, now);
    expect(shown).not.toHaveProperty('dataHmac');
    expect(shown).not.toHaveProperty('priority');
    expect(shown.rotationDue).toBe(true);
  });
});
