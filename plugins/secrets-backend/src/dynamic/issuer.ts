import type { VaultGateway } from '../vault';
import { issuerRisk } from './plan';

/**
 * What the token behind a lease means for it. The gateway's own token needs no look-up,
 * and new values would hang on that same token: it is only watched (its next renewal, or
 * a new login, is the gateway's business). Another token — an engine that stopped, a token
 * replaced by a new login — is looked up in Vault.
 */
export async function issuerOf(
  vault: VaultGateway,
  accessor: string,
  now: Date,
): Promise<ReturnType<typeof issuerRisk>> {
  const own = vault.ownToken();
  if (own.accessor === accessor) {
    const risk = issuerRisk(own, now);
    if (typeof risk === 'object') return risk;
    // Our token is at its end: the gateway logs in anew (at two thirds of what is left)
    // before it expires. Look again after that, while the old token still lives.
    const left =
      own.state === 'alive' && own.expiresAt
        ? own.expiresAt.getTime() - now.getTime()
        : 0;
    return left > 0
      ? { checkAt: new Date(now.getTime() + Math.floor(left * 0.8)) }
      : {};
  }
  return issuerRisk(await vault.issuerStatus(accessor), now);
}

/** When to look at the token that issued new values; a failed look-up only loses the hint. */
export async function issuerCheck(
  vault: VaultGateway,
  accessor: string | undefined,
  now: Date,
): Promise<Date | undefined> {
  if (!accessor) return undefined;
  try {
    const risk = await issuerOf(vault, accessor, now);
    return typeof risk === 'object' ? risk.checkAt : undefined;
  } catch {
    return undefined;
  }
}
