import { findSecrets } from './findSecrets';
import { DesiredSecretError, type SecretReader } from './types';

/** A store holding `keys`, each secret's data naming its own path. */
function reader(keys: string[]): SecretReader {
  return {
    async read(_store, key) {
      return { data: { v: key } };
    },
    async listRecursive() {
      return keys;
    },
    async readCustomMetadata() {
      return {};
    },
  };
}

const found = async (keys: string[], regexp: string) =>
  (
    await findSecrets(
      'kv',
      reader(keys),
      { name: { regexp } },
      'dataFrom[0].find',
    )
  ).map(r => r.key);

describe('findSecrets name.regexp', () => {
  it('matches with Go (RE2) syntax, unanchored', async () => {
    const keys = ['app/DB', 'app/db/replica', 'other/db', 'app/cache'];
    expect(await found(keys, '(?i)^app/(?P<name>db)\\z')).toEqual(['app/DB']);
    expect(await found(keys, 'db')).toEqual(['app/db/replica', 'other/db']);
  });

  it('runs a nested repetition in linear time, where backtracking would hang', async () => {
    const long = `${'a'.repeat(5000)}!`;
    await expect(found([long, 'aa'], '(a+)+$')).resolves.toEqual(['aa']);
  });

  it('names the field of a stored pattern RE2 refuses', async () => {
    await expect(found(['a'], '(?=a)')).rejects.toThrow(
      new DesiredSecretError(
        'dataFrom[0].find.name.regexp',
        'property',
        'is not a valid RE2 regular expression (invalid or unsupported Perl syntax)',
      ),
    );
  });
});
