import { stackKubernetesConfig } from './appConfig.ts';
import type { StackInfo } from './state.ts';

/**
 * The app-config overlay that points the backend at the local stack. JSON is valid YAML,
 * so no YAML dependency is needed. The `secrets` block follows the plugin's config schema.
 */
export function appConfigOverlay(
  info: Omit<StackInfo, 'appConfigOverlay'>,
): string {
  const store = (mount: string, kvVersion: 1 | 2) => ({
    server: info.vault.addr,
    mount,
    kvVersion,
    publicUrl: info.vault.addr,
    // The dev server's own CA: Vault is reached over verified HTTPS, as in production.
    caFile: info.vault.caFile,
    // Demo secrets live under <system>/<component>, e.g. payments/payments-api.
    allowedPaths: [{ prefix: '{{ system }}' }],
    auth: {
      appRole: {
        path: info.vault.engine.appRole.path,
        roleId: info.vault.engine.appRole.roleId,
        secretId: info.vault.engine.appRole.secretId,
      },
    },
  });
  const overlay = {
    kubernetes: stackKubernetesConfig(info),
    secrets: {
      stores: {
        'local-kv2': {
          ...store('secret', 2),
          // Demo data is written by the bootstrap, not the product: owners may rotate it.
          unmanagedRotationPaths: [{ prefix: '{{ system }}' }],
          // Roles are named after the system: payments-app (database), payments-tls (pki).
          dynamicRoles: [
            { path: 'database/creds/{{ system }}-*' },
            { path: 'pki/issue/{{ system }}-*' },
          ],
        },
        'local-kv1': store('kv', 1),
      },
    },
    ...(info.postgres
      ? {
          backend: {
            database: {
              client: 'pg',
              connection: {
                host: info.postgres.host,
                port: info.postgres.port,
                user: info.postgres.user,
                password: info.postgres.password,
              },
            },
          },
        }
      : {}),
  };
  return `# Written by the local stack at start-up; points the backend at it. Do not edit.\n${JSON.stringify(
    overlay,
    null,
    2,
  )}\n`;
}
