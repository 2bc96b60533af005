import {
  DATA_HMAC_ANNOTATION,
  ENTITY_REF_ANNOTATION,
  isManagedBy,
  managedMetadata,
  MANAGED_BY_LABEL,
  MAPPING_ID_LABEL,
} from './managedMetadata';

describe('managedMetadata', () => {
  it('puts selectable ids in labels and refs and HMACs in annotations', () => {
    expect(
      managedMetadata({
        mappingId: 'm-0f3a',
        entityRef: 'component:default/payments-api',
        dataHmac: 'hmac-sha256:abc',
      }),
    ).toEqual({
      labels: {
        [MANAGED_BY_LABEL]: 'backstage-secrets',
        [MAPPING_ID_LABEL]: 'm-0f3a',
      },
      annotations: {
        [ENTITY_REF_ANNOTATION]: 'component:default/payments-api',
        [DATA_HMAC_ANNOTATION]: 'hmac-sha256:abc',
      },
    });
  });

  it.each(['', 'a/b', 'x'.repeat(64), '-leading'])(
    'refuses mapping id %p, which cannot be a label value',
    mappingId => {
      expect(() =>
        managedMetadata({
          mappingId,
          entityRef: 'component:default/a',
          dataHmac: 'h',
        }),
      ).toThrow('cannot be a Kubernetes label value');
    },
  );

  it('tells managed Secrets from foreign ones', () => {
    const ours = {
      labels: {
        [MANAGED_BY_LABEL]: 'backstage-secrets',
        [MAPPING_ID_LABEL]: 'm1',
      },
    };
    expect(isManagedBy(ours)).toBe(true);
    expect(isManagedBy(ours, 'm1')).toBe(true);
    expect(isManagedBy(ours, 'm2')).toBe(false);
    expect(isManagedBy({ labels: { [MANAGED_BY_LABEL]: 'helm' } })).toBe(false);
    expect(isManagedBy({})).toBe(false);
  });
});
