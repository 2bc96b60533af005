import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen } from '@testing-library/react';
import { renderFor } from './__testUtils__/renderFor';

// One outcome per file: usePermission caches answers for the module's lifetime.
describe('IfSecretsAuditAllowed', () => {
  it('shows nothing to those the policy does not let audit', async () => {
    await renderFor(AuthorizeResult.DENY);
    expect(screen.queryByText('Secrets audit')).not.toBeInTheDocument();
  });
});
