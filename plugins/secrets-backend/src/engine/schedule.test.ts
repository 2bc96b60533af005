import { NEVER, nextRefresh, nextRetry } from './schedule';

const now = new Date('2026-01-01T00:00:00Z');
const at = (d: Date) => d.getTime() - now.getTime();

describe('nextRefresh', () => {
  it('adds the interval plus up to jitter × interval', () => {
    expect(at(nextRefresh(now, 60_000, 0.1, () => 0))).toBe(60_000);
    expect(at(nextRefresh(now, 60_000, 0.1, () => 0.999))).toBe(65_994);
  });

  it('spreads a thousand mappings due at the same moment over the jitter window', () => {
    const due = Array.from({ length: 1000 }, () =>
      at(nextRefresh(now, 600_000, 0.1)),
    );
    expect(Math.min(...due)).toBeGreaterThanOrEqual(600_000);
    expect(Math.max(...due)).toBeLessThan(660_000);
    expect(new Set(due.map(d => Math.floor(d / 6_000))).size).toBeGreaterThan(
      8,
    );
  });

  it('treats an interval of 0 as "sync once"', () => {
    expect(nextRefresh(now, 0, 0.1)).toBe(NEVER);
  });
});

describe('nextRetry', () => {
  const backoff = { initialMs: 5_000, maxMs: 600_000 };

  it('doubles per failure between half and all of the delay, and caps at max', () => {
    expect(at(nextRetry(now, 1, backoff, () => 0))).toBe(2_500);
    expect(at(nextRetry(now, 1, backoff, () => 1))).toBe(5_000);
    expect(at(nextRetry(now, 3, backoff, () => 1))).toBe(20_000);
    expect(at(nextRetry(now, 50, backoff, () => 1))).toBe(600_000);
    expect(at(nextRetry(now, 50, backoff, () => 0))).toBe(300_000);
  });
});
