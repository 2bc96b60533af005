import fs from 'node:fs';
import { defaultStackDir, startStack, stopStack } from '../stack.ts';
import type { StackInfo } from '../state.ts';
import { statusOf, vaultClient } from './__testUtils__/clients.ts';

/**
 * Sealing is how later suites prove that a Vault outage never blanks a Secret (seed 002),
 * so the stack must be able to seal its Vault and unseal it again. This uses a stack of its
 * own: sealing the shared one would break suites running beside it.
 */
describe('sealing and unsealing the local Vault', () => {
  const dir = defaultStackDir('seal-smoke');
  let info: StackInfo;

  beforeAll(async () => {
    info = await startStack({ dir });
  }, 120_000);

  afterAll(async () => {
    await stopStack();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const health = async () => {
    const res = await fetch(`${info.vault.addr}/v1/sys/health`);
    return { status: res.status, sealed: (await res.json()).sealed };
  };

  it('reports sealed, refuses reads while sealed, and serves the same token again once unsealed', async () => {
    const engine = vaultClient(info, info.vault.engine.token);
    const secretPath = 'secret/data/payments/payments-api';
    const before = (await engine.read(secretPath)).data.data;

    await vaultClient(info, info.vault.rootToken).write('sys/seal', {});
    await expect(health()).resolves.toEqual({ status: 503, sealed: true });
    expect(await statusOf(engine.read(secretPath))).toBe(503);

    await vaultClient(info).write('sys/unseal', { key: info.vault.unsealKey });
    await expect(health()).resolves.toEqual({ status: 200, sealed: false });
    await expect(
      engine.read(secretPath).then(r => r.data.data),
    ).resolves.toEqual(before);
  }, 60_000);
});
