import { drainBatches } from './drainBatches';

/** A promise settled from outside, to hold an item's work until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>(resolve => (open = resolve));
  return { open, opened };
}
const tick = () => new Promise(resolve => setImmediate(resolve));

describe('drainBatches', () => {
  it('works every item of every batch once, at most `workers` at a time, until a batch says nothing more is due', async () => {
    const batches = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11]];
    let claims = 0;
    let running = 0;
    let most = 0;
    const worked: number[] = [];
    await drainBatches({
      workers: 3,
      claim: async () => {
        const items = batches[claims++];
        return { items, more: claims < batches.length };
      },
      work: async item => {
        running++;
        most = Math.max(most, running);
        await tick();
        worked.push(item);
        running--;
      },
      mayClaimAgain: () => true,
    });
    expect(claims).toBe(3);
    expect(worked.sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
    ]);
    expect(most).toBe(3);
  });

  it('claims the next batch while the slowest item of the one before still runs', async () => {
    const slow = gate();
    const events: string[] = [];
    let claims = 0;
    const drained = drainBatches({
      workers: 2,
      claim: async () => {
        claims++;
        events.push(`claim ${claims}`);
        return claims === 1
          ? { items: ['slow', 'quick'], more: true }
          : { items: ['next'], more: false };
      },
      work: async item => {
        if (item === 'slow') await slow.opened;
        events.push(`done ${item}`);
      },
      mayClaimAgain: () => true,
    });
    for (let i = 0; i < 10; i++) await tick();
    // Claimed ahead, as fewer items waited than there are workers; worked by the free one.
    expect(events).toEqual(['claim 1', 'claim 2', 'done quick', 'done next']);
    slow.open();
    await drained;
    expect(events.at(-1)).toBe('done slow');
  });

  it('claims no more once mayClaimAgain says no', async () => {
    let claims = 0;
    await drainBatches({
      workers: 2,
      claim: async () => {
        claims++;
        return { items: [1, 2], more: true };
      },
      work: async () => undefined,
      mayClaimAgain: () => claims < 2,
    });
    expect(claims).toBe(2);
  });

  it('on a failed claim, lets the started items finish, claims nothing more and throws it', async () => {
    const slow = gate();
    let claims = 0;
    let finished = 0;
    const drained = drainBatches({
      workers: 2,
      claim: async () => {
        claims++;
        if (claims === 2) throw new Error('database gone');
        return { items: ['slow', 'quick'], more: true };
      },
      work: async item => {
        if (item === 'slow') await slow.opened;
        finished++;
      },
      mayClaimAgain: () => true,
    });
    const outcome = drained.catch(error => error);
    for (let i = 0; i < 10; i++) await tick();
    expect(finished).toBe(1);
    slow.open();
    expect(await outcome).toEqual(new Error('database gone'));
    expect(finished).toBe(2);
    expect(claims).toBe(2);
  });

  it('on a failed item, lets the others finish, starts no new one and throws it', async () => {
    const slow = gate();
    const started: number[] = [];
    let finished = 0;
    const drained = drainBatches({
      workers: 2,
      claim: async () => ({ items: [1, 2, 3, 4], more: false }),
      work: async item => {
        started.push(item);
        if (item === 1) await slow.opened;
        if (item === 2) throw new Error('item 2 failed');
        finished++;
      },
      mayClaimAgain: () => true,
    }).catch(error => error);
    for (let i = 0; i < 10; i++) await tick();
    slow.open();
    expect(await drained).toEqual(new Error('item 2 failed'));
    expect(started).toEqual([1, 2]);
    expect(finished).toBe(1);
  });

  it('on a failed item, waits for a claim already under way before it throws', async () => {
    const claimHeld = gate();
    const events: string[] = [];
    let claims = 0;
    const drained = drainBatches({
      workers: 2,
      claim: async () => {
        claims++;
        if (claims === 1) return { items: [1, 2], more: true };
        await claimHeld.opened;
        events.push('claim 2 settled');
        return { items: [3, 4], more: true };
      },
      work: async item => {
        events.push(`start ${item}`);
        if (item === 1) throw new Error('item 1 failed');
      },
      mayClaimAgain: () => true,
    }).then(
      () => events.push('resolved'),
      error => events.push(`threw ${error.message}`),
    );
    for (let i = 0; i < 10; i++) await tick();
    expect(events).toEqual(['start 1', 'start 2']);
    claimHeld.open();
    await drained;
    expect(events).toEqual([
      'start 1',
      'start 2',
      'claim 2 settled',
      'threw item 1 failed',
    ]);
    expect(claims).toBe(2);
  });
});
