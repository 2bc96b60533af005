import { BackgroundRun } from './BackgroundRun';

/** A run the test lets finish by hand. */
function gatedRun() {
  const releases: (() => void)[] = [];
  const run = jest.fn(
    () => new Promise<void>(resolve => releases.push(resolve)),
  );
  const releaseNext = async () => {
    releases.shift()?.();
    // Let the runner's loop see the end of the run.
    await new Promise(resolve => setImmediate(resolve));
  };
  return { run, releaseNext };
}

describe('BackgroundRun', () => {
  it('runs once per wake when idle, and once more for wakes during a run', async () => {
    const { run, releaseNext } = gatedRun();
    const background = new BackgroundRun(run, jest.fn());
    background.wake();
    background.wake();
    background.wake();
    expect(run).toHaveBeenCalledTimes(1);
    await releaseNext();
    // The two wakes during the first run make one more round, not two.
    expect(run).toHaveBeenCalledTimes(2);
    await releaseNext();
    expect(run).toHaveBeenCalledTimes(2);
    background.wake();
    expect(run).toHaveBeenCalledTimes(3);
    await releaseNext();
  });

  it('reports a failed run and keeps serving later wakes', async () => {
    const onError = jest.fn();
    const run = jest
      .fn()
      .mockRejectedValueOnce(new Error('vault down'))
      .mockResolvedValue(undefined);
    const background = new BackgroundRun(run, onError);
    background.wake();
    await background.stop().catch(() => {});
    expect(onError).toHaveBeenCalledWith(new Error('vault down'));
  });

  it('stops starting runs once stopped, after the one in progress ends', async () => {
    const { run, releaseNext } = gatedRun();
    const background = new BackgroundRun(run, jest.fn());
    background.wake();
    background.wake();
    let stopped = false;
    const stopping = background.stop().then(() => (stopped = true));
    await new Promise(resolve => setImmediate(resolve));
    expect(stopped).toBe(false);
    await releaseNext();
    await stopping;
    expect(stopped).toBe(true);
    background.wake();
    expect(run).toHaveBeenCalledTimes(1);
  });
});
