import { compileTemplate, TemplateError } from './index';

const render = (source: string, data: Record<string, string> = {}) =>
  compileTemplate(source).render(data);

function renderError(
  source: string,
  data: Record<string, string> = {},
): string {
  try {
    render(source, data);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return (e as TemplateError).message;
  }
  throw new Error(`expected ${source} to fail`);
}

/** The rendered text, or null when the render fails. */
function outcome(source: string, data: Record<string, string>): string | null {
  try {
    return render(source, data);
  } catch (e) {
    if (e instanceof TemplateError) return null;
    throw e;
  }
}

const PEMS: Record<string, string> = {
  two: '-----BEGIN X-----\nAAAA\n-----END X-----\n-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
  junk: 'junk before\n-----BEGIN X-----\nAAAA\n-----END X-----\njunk between\n-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\ntrailing',
  crlf: '-----BEGIN PUBLIC KEY-----\r\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\r\n-----END PUBLIC KEY-----\r\n',
  headers:
    '-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES,00\nA: b : c\n\nAAAA\n-----END X-----\n',
  empty: '-----BEGIN X-----\n-----END X-----\n',
  spaces: '-----BEGIN X-----\nA A\tAA\n-----END X-----  \n',
  badb64:
    '-----BEGIN X-----\n!!!!\n-----END X-----\n-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
  mismatch:
    '-----BEGIN X-----\nAAAA\n-----END Y-----\n-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
  long: '-----BEGIN X-----\nQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n-----END X-----\n',
  none: 'no pem here',
  blank: '',
  trailnl:
    '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n\n',
};

// Expected outputs were produced by ESO's filterPEM (Go's encoding/pem); null: Go fails.
describe('filterPEM', () => {
  it.each([
    ['two', 'X', '-----BEGIN X-----\nAAAA\n-----END X-----\n'],
    [
      'two',
      'PUBLIC KEY',
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    ],
    [
      'two',
      'public key',
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    ],
    ['two', 'PRIVATE KEY', ''],
    ['junk', 'X', '-----BEGIN X-----\nAAAA\n-----END X-----\n'],
    [
      'junk',
      'PUBLIC KEY',
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    ],
    [
      'junk',
      'public key',
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    ],
    ['junk', 'PRIVATE KEY', null],
    ['crlf', 'X', ''],
    [
      'crlf',
      'PUBLIC KEY',
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    ],
    [
      'crlf',
      'public key',
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    ],
    ['crlf', 'PRIVATE KEY', ''],
    [
      'headers',
      'X',
      '-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\nA: b : c\nDEK-Info: AES,00\n\nAAAA\n-----END X-----\n',
    ],
    ['headers', 'PUBLIC KEY', ''],
    ['headers', 'public key', ''],
    ['headers', 'PRIVATE KEY', ''],
    ['empty', 'X', '-----BEGIN X-----\n-----END X-----\n'],
    ['empty', 'PUBLIC KEY', ''],
    ['empty', 'public key', ''],
    ['empty', 'PRIVATE KEY', ''],
    ['spaces', 'X', '-----BEGIN X-----\nAAAA\n-----END X-----\n'],
    ['spaces', 'PUBLIC KEY', ''],
    ['spaces', 'public key', ''],
    ['spaces', 'PRIVATE KEY', ''],
    ['badb64', 'X', ''],
    [
      'badb64',
      'PUBLIC KEY',
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    ],
    [
      'badb64',
      'public key',
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    ],
    ['badb64', 'PRIVATE KEY', ''],
    ['mismatch', 'X', ''],
    [
      'mismatch',
      'PUBLIC KEY',
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    ],
    [
      'mismatch',
      'public key',
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    ],
    ['mismatch', 'PRIVATE KEY', ''],
    [
      'long',
      'X',
      '-----BEGIN X-----\nQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\nQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\nQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n-----END X-----\n',
    ],
    ['long', 'PUBLIC KEY', ''],
    ['long', 'public key', ''],
    ['long', 'PRIVATE KEY', ''],
    ['none', 'X', null],
    ['none', 'PUBLIC KEY', null],
    ['none', 'public key', null],
    ['none', 'PRIVATE KEY', null],
    ['blank', 'X', ''],
    ['blank', 'PUBLIC KEY', ''],
    ['blank', 'public key', ''],
    ['blank', 'PRIVATE KEY', ''],
    ['trailnl', 'X', null],
    [
      'trailnl',
      'PUBLIC KEY',
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    ],
    [
      'trailnl',
      'public key',
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n',
    ],
    ['trailnl', 'PRIVATE KEY', null],
  ])('%s, type %j', (name, type, expected) => {
    const data = { p: PEMS[name as string], t: type as string };
    expect(outcome('{{ filterPEM .t .p }}', data)).toBe(expected);
  });

  it('fails on text that holds no block of the type and is not all PEM', () => {
    expect(renderError('{{ filterPEM "X" .p }}', { p: PEMS.none })).toBe(
      'filterPEM: error filtering pem: found junk at 1:4',
    );
  });
});
