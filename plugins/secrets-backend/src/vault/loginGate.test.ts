import type { StoreConfig, StoreAuthConfig } from '../config';
import { VaultError } from './errors';
import { LoginGate } from './loginGate';

const store = (auth: StoreAuthConfig): StoreConfig => ({
  name: 'team-kv',
  server: 'https://vault',
  mount: 'secret',
  kvVersion: 2,
  publicUrl: 'https://vault',
  requestTimeoutMs: 1000,
  auth,
  loginBackoff: { initialMs: 120_000, maxMs: 960_000 },
  allowedPaths: [],
  dynamicRoles: [],
  unmanagedRotationPaths: [],
});
const appRole: StoreAuthConfig = {
  method: 'appRole',
  path: 'approle',
  roleId: 'r',
  secretId: 's',
};
const refused = (status = 400) =>
  new VaultError({
    kind: 'loginFailed',
    store: 'team-kv',
    verb: 'login',
    path: 'auth/approle/login',
    status,
    detail: 'invalid role or secret ID',
  });

describe('LoginGate', () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => {
    now = Date.parse('2026-12-02T08:00:00Z');
  });

  it('holds logins back after a refusal, doubling to the max, and lets them through again', async () => {
    const gate = new LoginGate(store(appRole), clock);
    const login = jest.fn().mockRejectedValue(refused());
    await expect(gate.attempt(login)).rejects.toMatchObject({ status: 400 });
    expect(login).toHaveBeenCalledTimes(1);

    // Within the 2 minutes: the refusal again, with when, and no login sent.
    now += 119_000;
    const held = (await gate.attempt(login).catch(e => e)) as VaultError;
    expect(login).toHaveBeenCalledTimes(1);
    expect(held).toMatchObject({ kind: 'loginFailed', status: 400 });
    expect(held.message).toBe(
      'Vault store "team-kv": login auth/approle/login failed, loginFailed (HTTP 400): invalid role or secret ID — not sent again until 2026-12-02T08:02:00.000Z, so that repeated failed logins do not make Vault lock the role out (secrets.stores.team-kv.loginBackoff)',
    );

    // The holds: 2, 4, 8, 16, 16 minutes.
    const gaps: number[] = [];
    let last = Date.parse('2026-12-02T08:00:00Z');
    for (let i = 0; i < 5; i++) {
      now = gate.heldUntil()!.getTime();
      gaps.push((now - last) / 60_000);
      last = now;
      await gate.attempt(login).catch(() => undefined);
    }
    expect(gaps).toEqual([2, 4, 8, 16, 16]);
    expect(login).toHaveBeenCalledTimes(6);

    // Fixed: the next login after the hold succeeds and ends it.
    now = gate.heldUntil()!.getTime();
    login.mockResolvedValue('token');
    await expect(gate.attempt(login)).resolves.toBe('token');
    expect(gate.heldUntil()).toBeUndefined();
    await expect(gate.attempt(login)).resolves.toBe('token');
  });

  it('says user for userpass', async () => {
    const gate = new LoginGate(
      store({
        method: 'userpass',
        path: 'userpass',
        username: 'u',
        password: 'p',
      }),
      clock,
    );
    await gate.attempt(() => Promise.reject(refused())).catch(() => undefined);
    const held = (await gate.attempt(jest.fn()).catch(e => e)) as VaultError;
    expect(held.message).toContain('make Vault lock the user out');
  });

  it.each([
    [
      'a method Vault does not lock out',
      store({
        method: 'kubernetes',
        path: 'kubernetes',
        role: 'r',
      } as StoreAuthConfig),
      refused(),
    ],
    [
      'no answer from Vault',
      store(appRole),
      new VaultError({
        kind: 'loginFailed',
        store: 'team-kv',
        verb: 'login',
        path: 'auth/approle/login',
        detail: 'cannot read the file',
      }),
    ],
    [
      'an unreachable Vault',
      store(appRole),
      new VaultError({
        kind: 'unreachable',
        store: 'team-kv',
        verb: 'login',
        path: 'auth/approle/login',
        detail: 'ECONNREFUSED',
      }),
    ],
    ['a server error', store(appRole), refused(500)],
  ])('does not hold back after %s', async (_what, config, error) => {
    const gate = new LoginGate(config, clock);
    const login = jest.fn().mockRejectedValue(error);
    await gate.attempt(login).catch(() => undefined);
    await gate.attempt(login).catch(() => undefined);
    expect(login).toHaveBeenCalledTimes(2);
    expect(gate.heldUntil()).toBeUndefined();
  });
});
