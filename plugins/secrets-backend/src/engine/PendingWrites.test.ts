import { mockServices } from '@backstage/backend-test-utils';
import type { SyncClaim, SyncOutcome, SyncStateStore } from '../database';
import { PendingWrites } from './PendingWrites';

const claim = (mappingId: string) =>
  ({ mappingId, cluster: 'local', token: 't' } as unknown as SyncClaim);
const outcome = { status: 'Synced' } as unknown as SyncOutcome;

function setup(recorded: boolean[]) {
  const calls: string[] = [];
  const state = {
    completeMany: jest.fn(async (items: unknown[]) => {
      calls.push(`completeMany ${items.length}`);
      return recorded;
    }),
    appendEvents: jest.fn(async (events: unknown[]) => {
      calls.push(`appendEvents ${events.length}`);
    }),
  } as unknown as SyncStateStore;
  const logger = mockServices.logger.mock();
  return { calls, logger, pending: new PendingWrites(state, logger) };
}

describe('PendingWrites', () => {
  it('writes all outcomes then all events in one call each, once', async () => {
    const { calls, pending } = setup([true, true]);
    pending.addOutcome({ claim: claim('a'), outcome });
    pending.addOutcome({ claim: claim('b'), outcome });
    pending.addEvents([
      {
        mappingId: 'a',
        cluster: 'local',
        at: new Date(),
        type: 'Synced',
        actor: 'engine',
      },
    ]);
    await pending.write();
    await pending.write();
    expect(calls).toEqual(['completeMany 2', 'appendEvents 1']);
  });

  it('runs the clean-up only of outcomes whose row was gone, and logs one that fails without throwing', async () => {
    const { pending, logger } = setup([true, false, false]);
    const cleaned: string[] = [];
    pending.addOutcome({
      claim: claim('kept'),
      outcome,
      ifLost: async () => {
        cleaned.push('kept');
      },
    });
    pending.addOutcome({
      claim: claim('gone'),
      outcome,
      ifLost: async () => {
        cleaned.push('gone');
      },
    });
    pending.addOutcome({
      claim: claim('broken'),
      outcome,
      ifLost: async () => {
        throw new Error('cluster down');
      },
    });
    await pending.write();
    expect(cleaned).toEqual(['gone']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Cleaning up after deleted mapping broken on local failed',
      ),
    );
  });
});
