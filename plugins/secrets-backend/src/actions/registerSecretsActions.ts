import type { AuditorService } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { MappingAccess } from '../access';
import { audited } from '../router/audited';
import type { MappingService } from '../service';

/**
 * The plugin's actions in Backstage's actions registry (used by MCP clients and other
 * plugins), with the caller's own credentials: the same ownership, permissions, guardrails
 * and audit events as the HTTP API.
 */
export function registerSecretsActions(
  registry: ActionsRegistryService,
  deps: {
    access: Pick<MappingAccess, 'callerFor'>;
    mappingService: Pick<MappingService, 'create' | 'listForEntity'>;
    auditor: AuditorService;
  },
): void {
  registry.register({
    name: 'list-secret-mappings',
    title: 'List secret mappings',
    description:
      "An entity's secret mappings: the Vault store, the Secret each writes and its sync status per cluster. Never a secret value.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe('The entity, e.g. component:default/payments-api'),
        }),
      output: z =>
        z.object({
          mappings: z.array(
            z.object({
              id: z.string(),
              store: z.string(),
              secret: z.string().describe('namespace/name'),
              clusters: z.array(
                z.object({ cluster: z.string(), status: z.string() }),
              ),
            }),
          ),
        }),
    },
    async action({ input, credentials }) {
      const caller = await deps.access.callerFor(credentials as never);
      const { items } = await deps.mappingService.listForEntity(
        caller,
        input.entityRef,
      );
      return {
        output: {
          mappings: items.map(m => ({
            id: m.id,
            store: m.spec.store,
            secret: `${m.spec.target.namespace}/${m.spec.target.name}`,
            clusters: m.status.map(s => ({
              cluster: s.cluster,
              status: s.status,
            })),
          })),
        },
      };
    },
  });

  registry.register({
    name: 'create-secret-mapping',
    title: 'Create a secret mapping',
    description:
      'Creates a mapping of Vault paths into a Kubernetes Secret for an entity the caller owns; the spec is what POST /api/secrets/entities/{kind}/{namespace}/{name}/mappings takes.',
    attributes: { readOnly: false, idempotent: false, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().describe('The owning entity'),
          spec: z
            .record(z.string(), z.unknown())
            .describe(
              'store, target (clusters, namespace, name), data / dataFrom / dynamic',
            ),
        }),
      output: z =>
        z.object({
          mappingId: z.string(),
          secret: z.string().describe('namespace/name'),
        }),
    },
    async action({ input, credentials }) {
      const caller = await deps.access.callerFor(credentials as never);
      const created = await audited(
        deps.auditor,
        undefined,
        caller,
        {
          eventId: 'mapping-create',
          meta: { entityRef: input.entityRef, via: 'actions-registry' },
        },
        () =>
          deps.mappingService.create(caller, input.entityRef, {
            spec: input.spec,
          }),
      );
      return {
        output: {
          mappingId: created.id,
          secret: `${created.spec.target.namespace}/${created.spec.target.name}`,
        },
      };
    },
  });
}
