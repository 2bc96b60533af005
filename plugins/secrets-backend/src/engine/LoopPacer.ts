/** How often the event loop's delay is sampled. */
const TICK_MS = 10;

/**
 * Keeps the engine from saturating the backend's event loop, which every plugin of the
 * backend and every HTTP request shares. A timer measures how late the loop runs it; while
 * that delay is over the budget (`secrets.engine.loopDelayBudget`), the engine's workers
 * wait before starting their next mapping, so requests queued meanwhile are served first.
 * A cold sync of many mappings then takes longer, but the Secrets tab, the catalog and the
 * rest of the backend stay responsive. Each wait is bounded, so the engine still makes
 * progress when something else keeps the loop busy. With `inUse`, workers only wait while
 * it says someone waits for the backend: with nobody to yield to, waiting only slows the
 * sync (the engine's own work is what makes the loop late then).
 */
export class LoopPacer {
  /** Delay of the last tick, in ms. */
  private delay = 0;
  /** When the next tick is due (performance.now()). */
  private due = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly options: {
      /** Above this delay (ms), workers wait; 0 turns pacing off. */
      budgetMs: number;
      /** The longest one worker waits before its next mapping, whatever the delay. */
      maxWaitMs?: number;
      /** Whether anything waits for the loop (e.g. HTTP requests); absent: always. */
      inUse?: () => boolean;
    },
  ) {}

  /** Starts measuring (an unref'd timer: it never keeps the process alive). */
  start(): void {
    if (this.timer || this.options.budgetMs <= 0) return;
    this.due = performance.now() + TICK_MS;
    this.timer = setInterval(() => {
      const now = performance.now();
      this.delay = Math.max(0, now - this.due);
      this.due = now + TICK_MS;
    }, TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.delay = 0;
  }

  /**
   * The loop's delay now: the last tick's, or how overdue the next one is, when the caller
   * itself runs in the stretch that keeps it waiting.
   */
  currentDelayMs(): number {
    if (!this.timer) return 0;
    return Math.max(this.delay, performance.now() - this.due);
  }

  /**
   * Resolves once the loop's delay is within budget, or after `maxWaitMs`; at once when
   * nothing is in use.
   */
  async pace(): Promise<void> {
    if (!this.timer || this.options.inUse?.() === false) return;
    const until = performance.now() + (this.options.maxWaitMs ?? 100);
    while (
      this.currentDelayMs() > this.options.budgetMs &&
      performance.now() < until
    )
      await new Promise(resolve => setTimeout(resolve, TICK_MS));
  }
}
