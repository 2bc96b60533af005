import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { screen } from '@testing-library/react';
import { type SecretsApi, secretsApiRef } from '../../api';
import { EntitySecretsContent } from './EntitySecretsContent';

function component(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-payments',
    },
  };
}

function renderContent(entity: Entity, secretsApi: SecretsApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[secretsApiRef, secretsApi]]}>
      <EntityProvider entity={entity}>
        <EntitySecretsContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntitySecretsContent', () => {
  it('shows the namespace and a healthy backend', async () => {
    const secretsApi: SecretsApi = {
      getHealth: jest.fn().mockResolvedValue({ status: 'ok' }),
    };

    await renderContent(
      component({ 'backstage.io/kubernetes-namespace': 'payments' }),
      secretsApi,
    );

    expect(screen.getByText('Secrets')).toBeInTheDocument();
    expect(screen.getByText('payments')).toBeInTheDocument();
    expect(await screen.findByText('Secrets backend: ok')).toBeInTheDocument();
    expect(
      screen.getByText(/mappings of this entity will appear here/),
    ).toBeInTheDocument();
  });

  it('says when the namespace annotation is missing', async () => {
    const secretsApi: SecretsApi = {
      getHealth: jest.fn().mockResolvedValue({ status: 'ok' }),
    };

    await renderContent(component(), secretsApi);

    expect(
      screen.getByText(/add the backstage.io\/kubernetes-namespace annotation/),
    ).toBeInTheDocument();
  });

  it('shows a loading state until the backend answers', async () => {
    const secretsApi: SecretsApi = {
      getHealth: jest.fn(() => new Promise<never>(() => {})),
    };

    await renderContent(
      component({ 'backstage.io/kubernetes-namespace': 'payments' }),
      secretsApi,
    );

    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByText(/Secrets backend:/)).not.toBeInTheDocument();
  });

  it('shows the error when the backend cannot be reached', async () => {
    const error = await ResponseError.fromResponse(
      new Response('down', { status: 503, statusText: 'Service Unavailable' }),
    );
    const secretsApi: SecretsApi = {
      getHealth: jest.fn().mockRejectedValue(error),
    };

    await renderContent(
      component({ 'backstage.io/kubernetes-namespace': 'payments' }),
      secretsApi,
    );

    expect(
      await screen.findByText(/Secrets backend unavailable/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Secrets backend: ok/)).not.toBeInTheDocument();
  });
});
