import fs from 'node:fs';
import path from 'node:path';
import { startStack, stopStack, type StackInfo } from '@internal/devstack';
import { createVaultGateway } from './createVaultGateway';
import type { VaultGateway } from './types';
import { capturingLogger, root, storeConfig } from './__testUtils__/vaultStack';

/**
 * A sealed Vault, on a stack of this suite's own: sealing the shared one would break
 * the suites running beside it.
 */
describe('VaultGateway against a sealed Vault (own stack)', () => {
  const dir = path.resolve(
    __dirname,
    '../../../../.devstack/vault-gateway-sealed',
  );
  let info: StackInfo;
  let tokenGateway: VaultGateway;
  let appRoleGateway: VaultGateway;
  const key = 'payments/payments-api';

  beforeAll(async () => {
    info = await startStack({ dir });
    const logger = capturingLogger();
    tokenGateway = createVaultGateway(
      storeConfig(info, {
        method: 'token',
        token: { value: info.vault.engine.token },
      }),
      { logger },
    );
    appRoleGateway = createVaultGateway(
      storeConfig(info, { method: 'appRole', ...info.vault.engine.appRole }),
      { logger },
    );
  }, 120_000);

  afterAll(async () => {
    await tokenGateway?.close();
    await appRoleGateway?.close();
    await stopStack();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports sealed from health, read and login, and recovers once unsealed', async () => {
    const before = await tokenGateway.read(key);
    await root(info, 'POST', 'sys/seal');

    await expect(tokenGateway.health()).resolves.toEqual({
      store: 'test-store',
      reachable: true,
      initialized: true,
      sealed: true,
      standby: true,
      version: expect.any(String),
      error: 'Vault store "test-store" is sealed',
    });
    await expect(tokenGateway.read(key)).rejects.toMatchObject({
      name: 'VaultError',
      kind: 'sealed',
      status: 503,
    });
    // The first login happens while sealed: sealed, not loginFailed.
    await expect(appRoleGateway.read(key)).rejects.toMatchObject({
      kind: 'sealed',
    });

    await fetch(`${info.vault.addr}/v1/sys/unseal`, {
      method: 'POST',
      body: JSON.stringify({ key: info.vault.unsealKey }),
    });
    await expect(tokenGateway.health()).resolves.toMatchObject({
      sealed: false,
    });
    await expect(tokenGateway.read(key)).resolves.toEqual(before);
    await expect(appRoleGateway.read(key)).resolves.toEqual(before);
  }, 60_000);
});
