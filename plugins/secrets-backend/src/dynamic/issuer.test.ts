import type { IssuerStatus, VaultGateway } from '../vault';
import { issuerCheck, issuerOf } from './issuer';

const now = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);

function vault(own: IssuerStatus & { accessor?: string }, other: IssuerStatus) {
  const issuerStatus = jest.fn(async () => other);
  return {
    gateway: { ownToken: () => own, issuerStatus } as unknown as VaultGateway,
    issuerStatus,
  };
}

describe('the token behind a lease', () => {
  it('watches the gateway’s own token without asking Vault, and never re-issues on it', async () => {
    const live = vault(
      {
        state: 'alive',
        accessor: 'mine',
        expiresAt: at(60_000),
        creationTtlS: 100,
      },
      { state: 'gone' },
    );
    // 60 s left of 100: look again when a fifth (20 s) is left.
    expect(await issuerOf(live.gateway, 'mine', now)).toEqual({
      checkAt: at(40_000),
    });
    expect(live.issuerStatus).not.toHaveBeenCalled();

    // At its end our own token is replaced by a new login first; look again after that.
    const ending = vault(
      {
        state: 'alive',
        accessor: 'mine',
        expiresAt: at(10_000),
        creationTtlS: 100,
      },
      { state: 'gone' },
    );
    expect(await issuerOf(ending.gateway, 'mine', now)).toEqual({
      checkAt: at(8_000),
    });
  });

  it('asks Vault about another token: gone, ending, or when to look again', async () => {
    const own = {
      state: 'alive' as const,
      accessor: 'mine',
      creationTtlS: 100,
    };
    expect(
      await issuerOf(vault(own, { state: 'gone' }).gateway, 'theirs', now),
    ).toBe('gone');
    expect(
      await issuerOf(
        vault(own, { state: 'alive', expiresAt: at(10_000), creationTtlS: 100 })
          .gateway,
        'theirs',
        now,
      ),
    ).toBe('ending');
    const v = vault(own, {
      state: 'alive',
      expiresAt: at(90_000),
      creationTtlS: 100,
    });
    expect(await issuerCheck(v.gateway, 'theirs', now)).toEqual(at(70_000));
    expect(v.issuerStatus).toHaveBeenCalledWith('theirs');
  });

  it('gives no hint when the look-up fails or there is no accessor', async () => {
    const failing = {
      ownToken: () => ({ state: 'unknown' }),
      issuerStatus: async () => {
        throw new Error('unreachable');
      },
    } as unknown as VaultGateway;
    expect(await issuerCheck(failing, 'theirs', now)).toBeUndefined();
    expect(await issuerCheck(failing, undefined, now)).toBeUndefined();
  });
});
