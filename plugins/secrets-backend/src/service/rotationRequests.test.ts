import { testSecretsConfig } from '../__testUtils__/fakes';
import {
  parsePushBody,
  parseRollbackBody,
  parseRotateBody,
} from './rotationRequests';

const paths = (parse: () => unknown): string[] => {
  try {
    parse();
  } catch (error) {
    return ((error as { issues?: { path: string }[] }).issues ?? []).map(
      i => i.path,
    );
  }
  throw new Error('expected the body to be refused');
};

describe('rotation bodies', () => {
  it('rotate: needs a key, the version seen, and something to write', () => {
    expect(
      parseRotateBody({ key: 'p/a', expectedVersion: 2, values: { a: 'x' } }),
    ).toMatchObject({ key: 'p/a', expectedVersion: 2 });
    expect(paths(() => parseRotateBody({}))).toEqual([
      'key',
      'expectedVersion',
      'generate',
    ]);
    expect(
      paths(() =>
        parseRotateBody({
          key: 'p/a',
          expectedVersion: 1,
          generate: { a: { length: 0 } },
          values: { a: 'x', 'bad name': 'y' },
        }),
      ),
    ).toEqual(
      expect.arrayContaining([
        'generate["a"].length',
        'values["bad name"]',
        'values["a"]',
      ]),
    );
  });

  it('never quotes a value in an issue', () => {
    const secret = 'x'.repeat(70_000);
    let message = '';
    try {
      parseRotateBody({
        key: 'p/a',
        expectedVersion: 1,
        values: { a: secret },
      });
    } catch (error) {
      message = JSON.stringify(error);
    }
    expect(message).toContain('values[\\"a\\"]');
    expect(message).not.toContain(secret.slice(0, 32));
  });

  it('rollback: versions are positive whole numbers', () => {
    expect(
      parseRollbackBody({ key: 'p/a', version: 1, expectedVersion: 3 }),
    ).toEqual({
      key: 'p/a',
      version: 1,
      expectedVersion: 3,
      confirmUnmanaged: false,
    });
    expect(
      paths(() =>
        parseRollbackBody({ version: 0, expectedVersion: 'x', y: 1 }),
      ),
    ).toEqual(['y', 'version', 'expectedVersion']);
  });

  it('push: a KV v2 store, a valid path, values, and 0 for a new secret', () => {
    const { stores } = testSecretsConfig();
    expect(
      parsePushBody(
        { store: 'kv2', key: 'p/a', values: { a: 'x' }, expectedVersion: 0 },
        stores,
      ),
    ).toMatchObject({ store: 'kv2', expectedVersion: 0 });
    expect(
      paths(() =>
        parsePushBody(
          { store: 'kv1', key: '../x', values: {}, expectedVersion: -1 },
          stores,
        ),
      ),
    ).toEqual(['store', 'key', 'expectedVersion', 'values']);
  });
});
