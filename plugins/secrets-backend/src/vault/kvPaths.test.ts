import { InputError } from '@backstage/errors';
import { cleanDetail } from './errors';
import { kvPaths } from './kvPaths';

describe('kvPaths', () => {
  it('builds KV v2 paths from a mount and a key, never parsing either', () => {
    const v2 = kvPaths('secret', 2);
    expect(v2.data('payments/api')).toBe('secret/data/payments/api');
    expect(v2.metadata('payments/api')).toBe('secret/metadata/payments/api');
    expect(v2.list('payments')).toBe('secret/metadata/payments/');
    expect(v2.list('payments/')).toBe('secret/metadata/payments/');
    expect(v2.list('')).toBe('secret/metadata/');
    const data = kvPaths('data', 2);
    expect(data.data('data/app/data')).toBe('data/data/data/app/data');
    expect(data.metadata('data/app/data')).toBe('data/metadata/data/app/data');
    expect(kvPaths('team/kv', 2).data('x')).toBe('team/kv/data/x');
  });

  it('builds KV v1 paths, and refuses metadata there', () => {
    const v1 = kvPaths('kv', 1);
    expect(v1.data('payments/legacy')).toBe('kv/payments/legacy');
    expect(v1.data('data/x')).toBe('kv/data/x');
    expect(v1.list('payments')).toBe('kv/payments/');
    expect(() => v1.metadata('payments/legacy')).toThrow(
      'KV v1 mount "kv" has no versions or metadata (KV v2 only)',
    );
  });

  it.each([
    ['', 'a secret key must be a non-empty string'],
    ['/payments/api', 'must not start with "/"'],
    ['payments//api', 'must not contain empty segments'],
    ['payments/../platform/root', 'must not contain "." or ".." segments'],
    ['..', 'must not contain "." or ".." segments'],
    ['./api', 'must not contain "." or ".." segments'],
    ['payments/', 'must not end with "/" (that is a folder)'],
    ['payments/api?version=1', 'must not contain "?"'],
    ['payments/%2e%2e/x', 'must not contain "?", "#", "%"'],
  ])('rejects the key %j', (key, rule) => {
    const v2 = kvPaths('secret', 2);
    expect(() => v2.data(key)).toThrow(InputError);
    expect(() => v2.data(key)).toThrow(rule);
  });

  it.each(['/payments', 'a//b/', '../x', 'payments//'])(
    'rejects the list prefix %j',
    prefix => {
      expect(() => kvPaths('secret', 2).list(prefix)).toThrow(InputError);
    },
  );
});

describe('cleanDetail', () => {
  it('redacts known secrets and anything shaped like a Vault token or a JWT', () => {
    const out = cleanDetail(
      '1 error occurred:\n\t* bad secret-id-1234 hvs.CAESIJ0aaaaaaaaaaaaaaaaaaaaaaa eyJhbGciOi.eyJzdWIiOi.sig\n\n',
      ['secret-id-1234'],
    );
    expect(out).toBe('bad [redacted] [redacted] [redacted]');
  });
});
