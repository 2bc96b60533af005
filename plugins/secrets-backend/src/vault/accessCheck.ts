import type { GatewayContext } from './context';
import { VaultError } from './errors';
import type { Credential } from './login';
import type { VaultAccess } from './types';

/** Paths per `sys/capabilities-self` request: keeps each body small whatever the mapping count. */
const PATHS_PER_REQUEST = 100;

const CAPABILITIES_PATH = 'sys/capabilities-self';

/** Anything a login threw, as a VaultError that is safe to show (its message names no secret). */
function asVaultError(
  ctx: GatewayContext,
  error: unknown,
  verb: string,
  path: string,
): VaultError {
  if (error instanceof VaultError) return error;
  return new VaultError({
    kind: verb === 'login' ? 'loginFailed' : 'invalidResponse',
    store: ctx.store.name,
    verb,
    path,
    detail: 'unexpected error',
  });
}

/** Vault answers one key per asked path, at the top level and again under `data`. */
function capabilitiesOf(body: any, path: string): string[] {
  const found = body?.data?.[path] ?? body?.[path];
  return Array.isArray(found)
    ? found.filter((c: unknown): c is string => typeof c === 'string')
    : [];
}

/**
 * The health check's question to Vault: can the engine log in now, and what may that
 * token do on `paths`? A new login each time, not the session's token, because Vault keeps
 * tokens already issued alive when their AppRole secret-id is revoked or the role's
 * bindings change: only a login shows that the next one would fail. `capabilities-self` is
 * allowed by Vault's `default` policy, so the engine's own policy needs nothing for it.
 * The probe token is revoked at once; it never reaches a log, a message or the session.
 */
export async function checkAccess(
  ctx: GatewayContext,
  paths: string[],
): Promise<VaultAccess> {
  let cred: Credential;
  try {
    cred = await ctx.login();
  } catch (error) {
    return { loginError: asVaultError(ctx, error, 'login', 'login') };
  }
  try {
    const capabilities: Record<string, string[]> = {};
    for (let i = 0; i < paths.length; i += PATHS_PER_REQUEST) {
      const chunk = paths.slice(i, i + PATHS_PER_REQUEST);
      const res = await ctx.transport.send('check capabilities', {
        method: 'POST',
        path: CAPABILITIES_PATH,
        token: cred.token,
        body: { paths: chunk },
      });
      if (res.status !== 200) {
        return {
          checkError: ctx.transport.failure(
            'check capabilities',
            CAPABILITIES_PATH,
            res,
          ),
        };
      }
      for (const path of chunk)
        capabilities[path] = capabilitiesOf(res.body, path);
    }
    return { capabilities };
  } catch (error) {
    return {
      checkError: asVaultError(
        ctx,
        error,
        'check capabilities',
        CAPABILITIES_PATH,
      ),
    };
  } finally {
    if (cred.byLogin) await revokeProbe(ctx, cred);
  }
}

/**
 * Best effort: a probe token left behind expires with its TTL. Once revoked it is no
 * longer kept for redaction, so a probe a minute does not push the session's own token
 * out of the transport's bounded list.
 */
async function revokeProbe(ctx: GatewayContext, cred: Credential) {
  try {
    await ctx.transport.send('revoke', {
      method: 'POST',
      path: 'auth/token/revoke-self',
      token: cred.token,
      body: {},
    });
    ctx.transport.secrets.delete(cred.token);
  } catch {
    // unreachable now: the token expires by itself
  }
}
