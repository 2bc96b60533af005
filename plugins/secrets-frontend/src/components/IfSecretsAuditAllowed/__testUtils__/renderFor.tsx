import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { act, screen, waitFor } from '@testing-library/react';
import { IfSecretsAuditAllowed } from '../IfSecretsAuditAllowed';

/** Renders the gate around a sidebar entry with the policy's answer, and waits for it. */
export async function renderFor(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const authorize = jest.fn(() => result);
  await renderInTestApp(
    <TestApiProvider
      apis={[[permissionApiRef, mockApis.permission({ authorize })]]}
    >
      <IfSecretsAuditAllowed>
        <a href="/secrets-audit">Secrets audit</a>
      </IfSecretsAuditAllowed>
      <span>rest of the sidebar</span>
    </TestApiProvider>,
  );
  await screen.findByText('rest of the sidebar');
  // The answer has arrived and been rendered before anything is asserted.
  await waitFor(() => expect(authorize).toHaveBeenCalled());
  await act(() => new Promise(resolve => setTimeout(resolve, 50)));
}
