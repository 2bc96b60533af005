import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import { VaultError } from '../../vault/errors';
import { buildDesiredSecret } from './buildDesiredSecret';
import { MAX_TAGGED_CANDIDATES } from './findSecrets';
import type { SecretReader } from './types';

/** Secrets below app/ with their data and custom metadata. */
function reader(
  secrets: Record<string, { tags: Record<string, string> | Error }>,
): SecretReader {
  return {
    async read(_store, key) {
      return { data: { v: key }, version: 1 };
    },
    async listRecursive() {
      return Object.keys(secrets);
    },
    async readCustomMetadata(_store, key) {
      const tags = secrets[key].tags;
      if (tags instanceof Error) throw tags;
      return tags;
    },
  };
}

const spec = (
  find: MappingSpec['dataFrom'] extends (infer S)[] | undefined ? S : never,
): MappingSpec => ({
  store: 'kv',
  dataFrom: [find],
  target: { clusters: ['dev'], namespace: 'ns', name: 's' },
});

describe('find.tags', () => {
  it('keeps the secrets whose custom metadata holds every tag, with or without a name pattern', async () => {
    const secrets = reader({
      'app/a': { tags: { team: 'payments', env: 'prod' } },
      'app/b': { tags: { team: 'payments' } },
      'app/c': { tags: { team: 'search', env: 'prod' } },
    });
    const byTags = await buildDesiredSecret(
      spec({ find: { path: 'app', tags: { team: 'payments', env: 'prod' } } }),
      secrets,
    );
    expect(Object.keys(byTags.data)).toEqual(['app_a']);
    const both = await buildDesiredSecret(
      spec({
        find: {
          path: 'app',
          name: { regexp: 'b$' },
          tags: { team: 'payments' },
        },
      }),
      secrets,
    );
    expect(Object.keys(both.data)).toEqual(['app_b']);
    await expect(
      buildDesiredSecret(
        spec({ find: { path: 'app', tags: { team: 'none' } } }),
        secrets,
      ),
    ).rejects.toThrow(/matches team=none/);
  });

  it('fails rather than drop a secret whose metadata cannot be read, and skips one deleted meanwhile', async () => {
    const denied = new VaultError({
      kind: 'denied',
      store: 'kv',
      verb: 'metadata',
      path: 'app/b',
      detail: 'permission denied',
    });
    const gone = new VaultError({
      kind: 'notFound',
      store: 'kv',
      verb: 'metadata',
      path: 'app/c',
      detail: 'no such secret',
    });
    await expect(
      buildDesiredSecret(
        spec({ find: { path: 'app', tags: { team: 'payments' } } }),
        reader({
          'app/a': { tags: { team: 'payments' } },
          'app/b': { tags: denied },
        }),
      ),
    ).rejects.toBe(denied);
    const skipped = await buildDesiredSecret(
      spec({ find: { path: 'app', tags: { team: 'payments' } } }),
      reader({
        'app/a': { tags: { team: 'payments' } },
        'app/c': { tags: gone },
      }),
    );
    expect(Object.keys(skipped.data)).toEqual(['app_a']);
  });

  it('bounds the metadata reads one sync may make', async () => {
    const many = Object.fromEntries(
      Array.from({ length: MAX_TAGGED_CANDIDATES + 1 }, (_, i) => [
        `app/${i}`,
        { tags: {} },
      ]),
    );
    await expect(
      buildDesiredSecret(
        spec({ find: { path: 'app', tags: { team: 'x' } } }),
        reader(many),
      ),
    ).rejects.toMatchObject({ field: 'dataFrom[0].find.tags' });
  });
});
