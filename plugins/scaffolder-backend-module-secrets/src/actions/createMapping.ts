import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { SECRETS_PLUGIN_ID } from '@backstage-secrets/plugin-secrets-common';

/** How long to wait, by default, for a just-registered entity to reach the catalog. */
const DEFAULT_WAIT_SECONDS = 60;
const POLL_MS = 2_000;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('the task was cancelled'));
    });
  });

/** The API's error body as one line: its message and each field's issue. */
async function describeFailure(res: Response): Promise<string> {
  const body = await res.json().catch(() => undefined);
  const message: string = body?.error?.message ?? res.statusText;
  const issues: { path: string; message: string }[] = body?.issues ?? [];
  const fields = issues.length
    ? ` (${issues.map(i => `${i.path}: ${i.message}`).join('; ')})`
    : '';
  return `${message}${fields}`;
}

/**
 * `secrets:mapping:create`: a software template creates a Vault-to-Kubernetes secret
 * mapping for the entity it just made. It calls the secrets backend as the user who runs
 * the template, so the same ownership, permissions and guardrails apply as in the UI: a
 * user who does not own the entity gets the backend's 403, naming the owners. A template
 * usually registers the entity a step before; the action waits for the catalog to have it.
 *
 * @public
 */
export function createSecretsMappingCreateAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  return createTemplateAction({
    id: 'secrets:mapping:create',
    description:
      'Creates a secret mapping (Vault paths into a Kubernetes Secret) for a catalog entity, as the user running the template',
    supportsDryRun: true,
    examples: [
      {
        description: 'The database password of a new service',
        example: `steps:
  - id: secrets
    action: secrets:mapping:create
    input:
      entityRef: component:default/\${{ parameters.name }}
      spec:
        store: platform-kv
        target:
          clusters: [prod-eu]
          namespace: \${{ parameters.namespace }}
          name: \${{ parameters.name }}-db
        data:
          - secretKey: password
            remoteRef:
              key: \${{ parameters.system }}/\${{ parameters.name }}
              property: db_password`,
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The entity that owns the mapping, e.g. component:default/my-service',
            ),
        spec: z =>
          z
            .record(z.string(), z.unknown())
            .describe(
              'The mapping: store, target (clusters, namespace, name) and data, dataFrom or dynamic, as the secrets API takes it',
            ),
        waitForEntitySeconds: z =>
          z
            .number()
            .int()
            .min(0)
            .max(600)
            .optional()
            .describe(
              `How long to wait for the entity to appear in the catalog (default ${DEFAULT_WAIT_SECONDS})`,
            ),
      },
      output: {
        mappingId: z => z.string().describe('The new mapping'),
        secret: z =>
          z.string().describe('The Secret it writes, as namespace/name'),
      },
    },
    async handler(ctx) {
      const { entityRef, spec } = ctx.input;
      const ref = parseEntityRef(entityRef, { defaultKind: 'component' });
      const target = (spec.target ?? {}) as {
        namespace?: string;
        name?: string;
      };
      const secret = `${target.namespace}/${target.name}`;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create a mapping writing Secret ${secret} for ${entityRef}`,
        );
        ctx.output('mappingId', '00000000-0000-0000-0000-000000000000');
        ctx.output('secret', secret);
        return;
      }
      const base = await options.discovery.getBaseUrl(SECRETS_PLUGIN_ID);
      const url = `${base}/entities/${[ref.kind, ref.namespace, ref.name]
        .map(encodeURIComponent)
        .join('/')}/mappings`;
      const deadline =
        Date.now() +
        1000 * (ctx.input.waitForEntitySeconds ?? DEFAULT_WAIT_SECONDS);
      // A retried task must not create a second mapping: the checkpoint keeps the first.
      const mappingId = await ctx.checkpoint({
        key: `secrets-mapping-${entityRef}-${secret}`,
        fn: async () => {
          for (;;) {
            const { token } = await options.auth.getPluginRequestToken({
              onBehalfOf: await ctx.getInitiatorCredentials(),
              targetPluginId: SECRETS_PLUGIN_ID,
            });
            const res = await fetch(url, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${token}`,
                'content-type': 'application/json',
              },
              body: JSON.stringify({ spec }),
              signal: ctx.signal,
            });
            if (res.status === 201)
              return ((await res.json()) as { id: string }).id;
            if (res.status === 404 && Date.now() < deadline) {
              ctx.logger.info(
                `Waiting for ${entityRef} to appear in the catalog`,
              );
              await sleep(POLL_MS, ctx.signal);
              continue;
            }
            throw new Error(
              `Could not create the mapping for ${entityRef}: ${
                res.status
              } ${await describeFailure(res)}`,
            );
          }
        },
      });
      ctx.logger.info(`Created mapping ${mappingId} writing Secret ${secret}`);
      ctx.output('mappingId', mappingId);
      ctx.output('secret', secret);
    },
  });
}
