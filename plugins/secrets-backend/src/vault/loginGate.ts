import type { StoreConfig } from '../config';
import { VaultError } from './errors';

/** The auth methods Vault's user lockout applies to (AppRole, userpass; LDAP is not one of ours). */
const LOCKED_OUT_METHODS: ReadonlySet<string> = new Set([
  'appRole',
  'userpass',
]);

/**
 * Spaces out logins after Vault refused one. Vault locks an AppRole role or a userpass user
 * out after a few failed logins (5 within 15 minutes by default) and then refuses even the
 * right credentials for 15 minutes, so a store whose credentials broke must not try again
 * at every sync and health check. After a refusal the next login waits `loginBackoff.initial`
 * (2 minutes by default), doubling up to `max` (16 minutes: a gap longer than Vault's
 * 15-minute counter reset); until then every caller gets the last refusal, saying when the
 * next attempt is. Any successful login ends the hold. Other methods are not locked out and
 * are not held back.
 */
export class LoginGate {
  private refusal?: { error: VaultError; failures: number; retryAt: number };

  constructor(
    private readonly store: StoreConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `login` unless a refusal holds it back; a refused login starts or lengthens the hold. */
  async attempt<T>(login: () => Promise<T>): Promise<T> {
    this.throwIfHeld();
    try {
      const result = await login();
      this.refusal = undefined;
      return result;
    } catch (error) {
      if (this.isRefusal(error)) this.hold(error);
      throw error;
    }
  }

  /** When the next login may be sent, while one is held back. */
  heldUntil(): Date | undefined {
    const r = this.refusal;
    return r && this.now() < r.retryAt ? new Date(r.retryAt) : undefined;
  }

  private throwIfHeld(): void {
    const r = this.refusal;
    if (!r || this.now() >= r.retryAt) return;
    throw new VaultError({
      kind: 'loginFailed',
      store: r.error.store,
      verb: r.error.verb,
      path: r.error.path,
      status: r.error.status,
      detail: `${r.error.detail} — not sent again until ${new Date(
        r.retryAt,
      ).toISOString()}, so that repeated failed logins do not make Vault lock the ${
        this.store.auth.method === 'userpass' ? 'user' : 'role'
      } out (secrets.stores.${this.store.name}.loginBackoff)`,
    });
  }

  /** Vault answered the login and refused it: not a network failure, not a missing file. */
  private isRefusal(error: unknown): error is VaultError {
    return (
      LOCKED_OUT_METHODS.has(this.store.auth.method) &&
      error instanceof VaultError &&
      error.kind === 'loginFailed' &&
      error.status !== undefined &&
      error.status >= 400 &&
      error.status < 500
    );
  }

  private hold(error: VaultError): void {
    const failures = (this.refusal?.failures ?? 0) + 1;
    const { initialMs, maxMs } = this.store.loginBackoff;
    const delay = Math.min(initialMs * 2 ** Math.min(failures - 1, 30), maxMs);
    this.refusal = { error, failures, retryAt: this.now() + delay };
  }
}
