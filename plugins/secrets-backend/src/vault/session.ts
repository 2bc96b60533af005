import type { LoggerService } from '@backstage/backend-plugin-api';
import type { StoreConfig } from '../config';
import { VaultError } from './errors';
import type { Credential } from './login';
import type { VaultRequest, VaultResponse, VaultTransport } from './transport';
import type { IssuerStatus, VaultGatewayStats } from './types';

/** Renew (or log in again) when this fraction of the token's TTL has passed. */
const RENEW_AT = 2 / 3;

/**
 * Owns the store's Vault token: obtains it lazily and once for all concurrent callers,
 * renews it before it expires, logs in again when Vault stops accepting it, and
 * revokes it on close. One token per gateway, however many calls (ESO issue #376).
 */
export class TokenSession {
  private current?: Credential;
  private pending?: Promise<Credential>;
  private timer?: NodeJS.Timeout;
  /** TTL of the token when obtained; a renewal that returns less hit the max TTL. */
  private initialTtl = 0;
  private expiresAt = 0;
  private closed = false;
  /**
   * Tokens that issued dynamic leases. Vault revokes a token's leases with it, so these
   * are never revoked here: they expire by themselves, and their leases live until then.
   */
  private readonly leaseHolders = new WeakSet<Credential>();

  constructor(
    private readonly store: StoreConfig,
    private readonly transport: VaultTransport,
    private readonly stats: VaultGatewayStats,
    private readonly logger: LoggerService,
    /** A login, held back while Vault refuses them (see LoginGate). */
    private readonly login: () => Promise<Credential>,
  ) {}

  /**
   * Sends a request with the store's token. On a 403 it asks Vault whether the token
   * itself is dead (lookup-self) rather than the path denied: only then does it obtain a
   * new token and retry, once — a policy denial never causes a login.
   */
  async send(
    verb: string,
    req: VaultRequest,
    /** `issuesLease`: the answer holds a lease; `issuedBy` is set to the token's accessor. */
    options: { issuesLease?: boolean; issuedBy?: string } = {},
  ): Promise<VaultResponse> {
    let cred = await this.credential();
    let res = await this.transport.send(verb, { ...req, token: cred.token });
    if (res.status === 403 && (await this.isDead(cred))) {
      this.drop(cred);
      const fresh = await this.credential();
      if (fresh.token !== cred.token) {
        cred = fresh;
        res = await this.transport.send(verb, { ...req, token: fresh.token });
      }
    }
    if (options.issuesLease && res.status === 200) {
      this.leaseHolders.add(cred);
      options.issuedBy = cred.accessor;
    }
    return res;
  }

  /** The token in use, by accessor and expiry (never the token itself). */
  status(): IssuerStatus & { accessor?: string } {
    const cred = this.current;
    if (!cred) return { state: 'unknown' };
    return {
      state: 'alive',
      accessor: cred.accessor,
      ...(this.expiresAt ? { expiresAt: new Date(this.expiresAt) } : {}),
      creationTtlS: this.initialTtl,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const cred = this.current ?? (await this.pending?.catch(() => undefined));
    this.current = undefined;
    if (cred) await this.revoke(cred);
  }

  private credential(): Promise<Credential> {
    if (this.closed) {
      return Promise.reject(
        new Error(`Vault store "${this.store.name}": the gateway is closed`),
      );
    }
    if (this.current) return Promise.resolve(this.current);
    this.pending ??= this.obtain().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async obtain(): Promise<Credential> {
    const { auth, name } = this.store;
    const cred = await this.login();
    if (cred.byLogin) this.stats.logins += 1;
    this.use(cred);
    this.logger.debug(
      `Vault store "${name}": obtained a token (${auth.method}, ttl ${cred.ttlSeconds}s, renewable ${cred.renewable})`,
    );
    return cred;
  }

  private use(cred: Credential): void {
    this.current = cred;
    this.initialTtl = cred.ttlSeconds;
    this.schedule(cred.ttlSeconds);
  }

  private schedule(ttlSeconds: number): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (ttlSeconds <= 0 || this.closed) return;
    this.expiresAt = Date.now() + ttlSeconds * 1000;
    this.timer = setTimeout(
      () => void this.refresh(),
      ttlSeconds * 1000 * RENEW_AT,
    );
    // Renewal must never keep the backend process (or a test) alive.
    this.timer.unref();
  }

  /** Timer: renew while renewal still extends the token, otherwise log in again. */
  private async refresh(): Promise<void> {
    const cred = this.current;
    if (!cred || this.closed) return;
    const capped = cred.ttlSeconds < this.initialTtl;
    if (cred.renewable && !capped) {
      await this.renew(cred);
    } else if (cred.byLogin) {
      await this.relogin(cred);
    }
  }

  private async renew(cred: Credential): Promise<void> {
    const path = 'auth/token/renew-self';
    let res: VaultResponse | undefined;
    try {
      res = await this.transport.send('renew', {
        method: 'POST',
        path,
        token: cred.token,
        body: {},
      });
    } catch {
      // unreachable: handled below like any other failed renewal
    }
    if (this.current !== cred) return;
    if (res?.status === 200) {
      this.stats.renewals += 1;
      cred.ttlSeconds = Number(res.body?.auth?.lease_duration) || 0;
      cred.renewable = res.body?.auth?.renewable === true;
      this.schedule(cred.ttlSeconds);
      return;
    }
    this.stats.errors += 1;
    const why = res
      ? this.transport.failure('renew', path, res).message
      : 'Vault unreachable';
    const left = this.expiresAt - Date.now();
    if (res?.status === 403 || left < 2000) {
      // The next call obtains a new token.
      this.logger.warn(
        `Vault store "${this.store.name}": token renewal failed, dropping the token: ${why}`,
      );
      this.drop(cred);
    } else {
      this.logger.warn(
        `Vault store "${this.store.name}": token renewal failed, retrying: ${why}`,
      );
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(), left / 2);
      this.timer.unref();
    }
  }

  /** Replaces a token that can no longer be renewed; the old one is revoked. */
  private async relogin(old: Credential): Promise<void> {
    try {
      const fresh = await this.login();
      this.stats.logins += 1;
      if (this.closed || this.current !== old) {
        await this.revoke(fresh);
        return;
      }
      this.use(fresh);
      await this.revoke(old);
    } catch (error) {
      this.stats.errors += 1;
      const why =
        error instanceof VaultError ? error.message : 'unexpected error';
      this.logger.warn(
        `Vault store "${this.store.name}": could not log in before the token expires: ${why}`,
      );
    }
  }

  /** After a 403: does Vault still know this token? Only a dead token is worth a new login. */
  private async isDead(cred: Credential): Promise<boolean> {
    try {
      const res = await this.transport.send('lookup-self', {
        method: 'GET',
        path: 'auth/token/lookup-self',
        token: cred.token,
      });
      return res.status === 403;
    } catch {
      return false;
    }
  }

  private drop(cred: Credential): void {
    if (this.current !== cred) return;
    this.current = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Only tokens the gateway logged in for are revoked: a configured token is not ours. */
  private async revoke(cred: Credential): Promise<void> {
    if (!cred.byLogin || this.leaseHolders.has(cred)) return;
    try {
      await this.transport.send('revoke', {
        method: 'POST',
        path: 'auth/token/revoke-self',
        token: cred.token,
        body: {},
      });
    } catch {
      // Best effort: the token expires by itself.
    }
  }
}
