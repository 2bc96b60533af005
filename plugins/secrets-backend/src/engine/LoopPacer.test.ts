import { LoopPacer } from './LoopPacer';

/** Keeps the event loop busy for `ms`, as a long synchronous task would. */
function block(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose
  }
}
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('LoopPacer', () => {
  let pacer: LoopPacer | undefined;
  afterEach(() => pacer?.stop());

  it('does not wait while the loop keeps up', async () => {
    pacer = new LoopPacer({ budgetMs: 200 });
    pacer.start();
    await sleep(50);
    const at = performance.now();
    await pacer.pace();
    expect(performance.now() - at).toBeLessThan(100);
  });

  it('sees a blocked loop at once, and the delay once the loop runs again', async () => {
    pacer = new LoopPacer({ budgetMs: 20 });
    pacer.start();
    await sleep(30);
    block(120);
    // Still inside the blocking stretch: the next tick is overdue.
    expect(pacer.currentDelayMs()).toBeGreaterThan(90);
    // The overdue tick runs in the timers phase, before the check phase's setImmediate.
    await new Promise(resolve => setImmediate(resolve));
    // The late tick ran and recorded its delay.
    expect(pacer.currentDelayMs()).toBeGreaterThan(90);
  });

  it('waits while the loop lags, until a tick comes in within budget', async () => {
    pacer = new LoopPacer({ budgetMs: 20, maxWaitMs: 5_000 });
    pacer.start();
    await sleep(30);
    block(120);
    let paced = false;
    const pacing = pacer.pace().then(() => (paced = true));
    // pace() sleeps in steps: it has not resolved while the recorded delay is high.
    await Promise.resolve();
    expect(paced).toBe(false);
    await pacing;
    expect(pacer.currentDelayMs()).toBeLessThanOrEqual(20);
  });

  it('does not wait while nothing is in use, however late the loop, and waits again once something is', async () => {
    let inUse = false;
    pacer = new LoopPacer({ budgetMs: 5, maxWaitMs: 200, inUse: () => inUse });
    pacer.start();
    await sleep(30);
    block(120);
    expect(pacer.currentDelayMs()).toBeGreaterThan(90);
    let at = performance.now();
    await pacer.pace();
    expect(performance.now() - at).toBeLessThan(5);
    inUse = true;
    block(120);
    at = performance.now();
    await pacer.pace();
    expect(performance.now() - at).toBeGreaterThanOrEqual(5);
  });

  it('bounds each wait, so the engine goes on when something else keeps the loop busy', async () => {
    pacer = new LoopPacer({ budgetMs: 5, maxWaitMs: 100 });
    pacer.start();
    let busy = true;
    // Another task that blocks the loop for 30 ms in every 40.
    const hog = (async () => {
      while (busy) {
        block(30);
        await sleep(10);
      }
    })();
    const at = performance.now();
    await pacer.pace();
    const waited = performance.now() - at;
    busy = false;
    await hog;
    expect(waited).toBeGreaterThanOrEqual(90);
    expect(waited).toBeLessThan(1_000);
  });

  it('does nothing when off (budget 0) or not started', async () => {
    pacer = new LoopPacer({ budgetMs: 0 });
    pacer.start();
    block(50);
    expect(pacer.currentDelayMs()).toBe(0);
    await pacer.pace();
    const idle = new LoopPacer({ budgetMs: 10 });
    block(50);
    expect(idle.currentDelayMs()).toBe(0);
  });
});
