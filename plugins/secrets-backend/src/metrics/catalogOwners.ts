import type { AuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * The owner of each entity, read from the catalog with the plugin's own credentials and
 * written as a full entity ref (`team-a` in namespace default → `group:default/team-a`).
 */
export async function catalogOwners(
  catalog: CatalogService,
  auth: AuthService,
  entityRefs: string[],
): Promise<Map<string, string>> {
  const { items } = await catalog.getEntitiesByRefs(
    {
      entityRefs,
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.owner'],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  const owners = new Map<string, string>();
  items.forEach((entity, i) => {
    const owner = entity?.spec?.owner;
    if (typeof owner !== 'string' || !owner) return;
    try {
      owners.set(
        entityRefs[i],
        stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: entity?.metadata.namespace ?? 'default',
          }),
        ),
      );
    } catch {
      // An owner the catalog itself would refuse: no label rather than a wrong one.
    }
  });
  return owners;
}
