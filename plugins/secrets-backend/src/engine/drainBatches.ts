/**
 * Works off batches of claimed work with a fixed number of workers, claiming the next batch
 * while the last items of the one before are still running. Claiming a batch only when all
 * of the previous one had finished left every worker but the slowest idle at each batch's
 * end, and the claim between batches idle too: about a tenth of a cold sync's time at
 * 10,000 mappings (docs/benchmark.md).
 *
 * A failure to claim or to work an item stops further claims; the items already started
 * finish, and so does a claim already under way, then the first failure is thrown. Rows
 * claimed but not worked (a failed run's) are left to their lease: no write could be
 * trusted once the run failed, and the next run after the lease takes them.
 */
export async function drainBatches<T>(options: {
  workers: number;
  /** Claims the next batch; `more` is false when nothing else was due. */
  claim(): Promise<{ items: T[]; more: boolean }>;
  work(item: T): Promise<void>;
  /** Asked after each claim that may have left more: whether to claim again. */
  mayClaimAgain(): boolean;
}): Promise<void> {
  const queue: T[] = [];
  let more = true;
  let failure: { error: unknown } | undefined;
  let claiming: Promise<void> | undefined;

  const fail = (error: unknown) => {
    failure ??= { error };
    more = false;
  };
  const claimNext = async () => {
    try {
      const batch = await options.claim();
      queue.push(...batch.items);
      more = batch.more && batch.items.length > 0 && options.mayClaimAgain();
    } catch (error) {
      fail(error);
    }
  };
  /** One claim at a time: a worker that finds one under way waits for it. */
  const refill = () =>
    (claiming ??= claimNext().finally(() => {
      claiming = undefined;
    }));

  const worker = async () => {
    while (!failure) {
      // Claim ahead once fewer items wait than there are workers to take them.
      if (more && queue.length < options.workers) void refill();
      const item = queue.shift();
      if (item !== undefined) {
        try {
          await options.work(item);
        } catch (error) {
          fail(error);
        }
      } else if (claiming) await claiming;
      else if (more) await refill();
      else return;
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  // A claim started before the failure must not outlive the run (the caller's final write follows).
  await claiming;
  if (failure) throw failure.error;
}
