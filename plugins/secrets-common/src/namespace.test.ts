import type { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_NAMESPACE_ANNOTATION,
  getEntityKubernetesNamespace,
} from './namespace';
import { SECRETS_PLUGIN_ID } from './constants';

function component(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
  };
}

describe('getEntityKubernetesNamespace', () => {
  it('reads the backstage.io/kubernetes-namespace annotation', () => {
    expect(KUBERNETES_NAMESPACE_ANNOTATION).toBe(
      'backstage.io/kubernetes-namespace',
    );
    expect(
      getEntityKubernetesNamespace(
        component({ 'backstage.io/kubernetes-namespace': 'payments' }),
      ),
    ).toBe('payments');
  });

  it('trims surrounding whitespace', () => {
    expect(
      getEntityKubernetesNamespace(
        component({ 'backstage.io/kubernetes-namespace': '  search \n' }),
      ),
    ).toBe('search');
  });

  it('returns undefined without annotations', () => {
    expect(getEntityKubernetesNamespace(component())).toBeUndefined();
  });

  it('returns undefined when only other annotations are set', () => {
    expect(
      getEntityKubernetesNamespace(
        component({ 'backstage.io/kubernetes-id': 'payments-api' }),
      ),
    ).toBeUndefined();
  });

  it('returns undefined for a blank annotation', () => {
    expect(
      getEntityKubernetesNamespace(
        component({ 'backstage.io/kubernetes-namespace': '   ' }),
      ),
    ).toBeUndefined();
  });
});

describe('SECRETS_PLUGIN_ID', () => {
  it('is the id both plugins are mounted under', () => {
    expect(SECRETS_PLUGIN_ID).toBe('secrets');
  });
});
