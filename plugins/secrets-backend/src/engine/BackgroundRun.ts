/**
 * One background run at a time, started on demand: `wake()` starts `run` unless it is
 * already going, in which case the run goes round once more when it ends, so work that
 * arrived meanwhile is not left for the next timer. A failed run is reported, never thrown
 * at whoever woke it. `stop()` ends the rounds and waits for the one in progress.
 */
export class BackgroundRun {
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.run();
        } catch (error) {
          this.onError(error);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}
