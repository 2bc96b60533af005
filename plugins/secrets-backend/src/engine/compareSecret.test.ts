import { compareKeys } from './compareSecret';

describe('compareKeys', () => {
  it('names each key match, differ, missing or extra, sorted, by bytes', () => {
    const b = (s: string) => Buffer.from(s);
    expect(
      compareKeys(
        { a: b('1'), b: b('2'), c: b('3'), bin: Buffer.from([0, 255]) },
        { a: b('1'), b: b('x'), d: b('4'), bin: Buffer.from([0, 255]) },
      ),
    ).toEqual([
      { key: 'a', status: 'match' },
      { key: 'b', status: 'differ' },
      { key: 'bin', status: 'match' },
      { key: 'c', status: 'missing' },
      { key: 'd', status: 'extra' },
    ]);
  });
});
