import { isSecretsAvailable } from './isSecretsAvailable';

const entity = (kind: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('isSecretsAvailable', () => {
  it('is true for Components, whatever the case of the kind, and false otherwise', () => {
    expect(isSecretsAvailable(entity('Component'))).toBe(true);
    expect(isSecretsAvailable(entity('component'))).toBe(true);
    for (const kind of ['API', 'System', 'Group', 'Resource'])
      expect(isSecretsAvailable(entity(kind))).toBe(false);
  });
});
