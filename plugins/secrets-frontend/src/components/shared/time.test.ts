import { relativeTime } from './time';
import { vaultUiLink } from './vaultLinks';

describe('relativeTime', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  it.each([
    [undefined, 'never'],
    ['2026-01-01T11:57:00Z', '3 minutes ago'],
    ['2026-01-01T14:00:00Z', 'in 2 hours'],
    ['9999-12-31T00:00:00Z', 'on change or on demand'],
  ])('%s → %s', (iso, text) => {
    expect(relativeTime(iso, now)).toBe(text);
  });
});

describe('vaultUiLink', () => {
  it('links KV v2 secrets to their details page, at a version', () => {
    expect(
      vaultUiLink(
        {
          publicUrl: 'https://vault.example.com/',
          mount: 'secret',
          kvVersion: 2,
        },
        'payments/api',
        3,
      ),
    ).toBe(
      'https://vault.example.com/ui/vault/secrets/secret/kv/payments%2Fapi/details?version=3',
    );
  });
  it('links KV v1 secrets to their show page, encoding each segment', () => {
    expect(
      vaultUiLink(
        { publicUrl: 'http://v', mount: 'kv', kvVersion: 1 },
        'a b/c',
      ),
    ).toBe('http://v/ui/vault/secrets/kv/show/a%20b/c');
  });
});
