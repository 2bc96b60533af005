import type { VaultGateway } from '../vault';
import { CycleReadCache } from './readCache';

function fakeGateway() {
  const calls: string[] = [];
  const tree: Record<string, string[]> = {
    '': ['a/', 'top'],
    a: ['b/', 'one'],
    'a/b': ['two'],
  };
  const gateway = {
    read: async (key: string, options?: { version?: number }) => {
      calls.push(`read ${key}@${options?.version ?? 'latest'}`);
      await new Promise(r => setTimeout(r, 5));
      return { data: { key }, version: options?.version ?? 3 };
    },
    list: async (prefix: string) => {
      calls.push(`list ${prefix}`);
      return tree[prefix.replace(/\/$/, '')] ?? [];
    },
  } as unknown as VaultGateway;
  return { gateway, calls };
}

describe('CycleReadCache', () => {
  it('reads each store + path + version once, also for concurrent callers', async () => {
    const { gateway, calls } = fakeGateway();
    const cache = new CycleReadCache(() => gateway);
    await Promise.all([
      cache.read('kv', 'x'),
      cache.read('kv', 'x'),
      cache.read('kv', 'x', 2),
      cache.read('other', 'x'),
      cache.read('kv', 'y'),
    ]);
    await cache.read('kv', 'x');
    expect(calls.sort()).toEqual([
      'read x@2',
      'read x@latest',
      'read x@latest',
      'read y@latest',
    ]);
  });

  it('lists recursively, one Vault list per folder', async () => {
    const { gateway, calls } = fakeGateway();
    const cache = new CycleReadCache(() => gateway);
    expect(await cache.listRecursive('kv', '')).toEqual([
      'a/b/two',
      'a/one',
      'top',
    ]);
    expect(await cache.listRecursive('kv', 'a')).toEqual(['a/b/two', 'a/one']);
    expect(calls).toEqual([
      'list ',
      'list a',
      'list a/b',
      'list a',
      'list a/b',
    ]);
  });
});
