import { formatRestartTargets } from './restartTargets';

describe('formatRestartTargets', () => {
  it('writes kind/name pairs, with a chosen separator, and nothing for none', () => {
    const targets = [
      { kind: 'Deployment' as const, name: 'api' },
      { kind: 'StatefulSet' as const, name: 'db' },
    ];
    expect(formatRestartTargets(targets)).toBe(
      'Deployment/api, StatefulSet/db',
    );
    expect(formatRestartTargets(targets, ',')).toBe(
      'Deployment/api,StatefulSet/db',
    );
    expect(formatRestartTargets(undefined)).toBe('');
  });
});
