import fs from 'node:fs/promises';
import { VaultError } from './errors';

/** A login that could not be made: refused, or its credentials could not be obtained. */
export function loginError(
  store: string,
  path: string,
  detail: string,
): VaultError {
  return new VaultError({
    kind: 'loginFailed',
    store,
    verb: 'login',
    path,
    detail,
  });
}

/** Reads a credential file (token, JWT, PEM) again at each login; names the file, never its content. */
export async function readSecretFile(
  store: string,
  path: string,
  file: string,
  what: string,
): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch (error: any) {
    throw loginError(
      store,
      path,
      `cannot read the ${what} file ${file} (${error?.code ?? 'error'})`,
    );
  }
}
