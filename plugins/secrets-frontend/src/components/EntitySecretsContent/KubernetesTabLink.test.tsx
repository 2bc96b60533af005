import type { Entity } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { KubernetesTabLink } from './KubernetesTabLink';

// The Kubernetes plugin registers its API under this id.
const kubernetesApiRef = createApiRef<object>({
  id: 'plugin.kubernetes.service',
});

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default', annotations },
});

const render = (e: Entity, withKubernetes: boolean) => {
  const host = (
    <div data-testid="host">
      <KubernetesTabLink entity={e} />
    </div>
  );
  return renderInTestApp(
    withKubernetes ? (
      <TestApiProvider apis={[[kubernetesApiRef, {}]]}>{host}</TestApiProvider>
    ) : (
      host
    ),
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
};

describe('KubernetesTabLink', () => {
  it('links to the entity’s Kubernetes tab through the catalog’s entity route', async () => {
    await render(
      entity({ 'backstage.io/kubernetes-id': 'payments-api' }),
      true,
    );
    expect(
      screen.getByRole('link', { name: 'Workloads in the Kubernetes tab' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/kubernetes',
    );
  });

  it('also for an entity found by label selector', async () => {
    await render(
      entity({ 'backstage.io/kubernetes-label-selector': 'app=payments' }),
      true,
    );
    expect(screen.getByRole('link')).toBeInTheDocument();
  });

  it('is absent when the Kubernetes plugin is not installed', async () => {
    await render(
      entity({ 'backstage.io/kubernetes-id': 'payments-api' }),
      false,
    );
    expect(screen.getByTestId('host')).toBeEmptyDOMElement();
  });

  it('is absent when the entity names no workloads', async () => {
    await render(
      entity({ 'backstage.io/kubernetes-namespace': 'payments' }),
      true,
    );
    expect(screen.getByTestId('host')).toBeEmptyDOMElement();
  });
});
