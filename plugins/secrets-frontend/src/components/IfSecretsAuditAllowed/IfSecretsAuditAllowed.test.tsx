import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen } from '@testing-library/react';
import { renderFor } from './__testUtils__/renderFor';

// One outcome per file: usePermission caches answers for the module's lifetime.
describe('IfSecretsAuditAllowed', () => {
  it('shows the audit entry to those the policy lets audit', async () => {
    await renderFor(AuthorizeResult.ALLOW);
    expect(await screen.findByText('Secrets audit')).toBeInTheDocument();
  });
});
