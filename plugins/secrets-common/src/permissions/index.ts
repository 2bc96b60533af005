import {
  createPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * The catalog's resource type: mapping permissions are decided per owning entity, so a
 * policy can use the catalog's own conditions (`isEntityOwner`) for them.
 */
const CATALOG_ENTITY = 'catalog-entity';

const entityPermission = (
  name: string,
  action: 'read' | 'create' | 'update' | 'delete',
): ResourcePermission<'catalog-entity'> =>
  createPermission({
    name,
    attributes: { action },
    resourceType: CATALOG_ENTITY,
  });

/** See an entity's mappings, their status and history (names and status only). @public */
export const secretsMappingReadPermission = entityPermission(
  'secrets.mapping.read',
  'read',
);
/** Add a mapping to an entity. @public */
export const secretsMappingCreatePermission = entityPermission(
  'secrets.mapping.create',
  'create',
);
/** Replace an entity's mapping. @public */
export const secretsMappingUpdatePermission = entityPermission(
  'secrets.mapping.update',
  'update',
);
/** Remove an entity's mapping (and, by its policy, the Secret it owns). @public */
export const secretsMappingDeletePermission = entityPermission(
  'secrets.mapping.delete',
  'delete',
);
/** Ask for an immediate sync of an entity's mapping. @public */
export const secretsMappingSyncPermission = entityPermission(
  'secrets.mapping.sync',
  'update',
);
/** Rotate or roll back the Vault secret behind an entity's mapping. @public */
export const secretsMappingRotatePermission = entityPermission(
  'secrets.mapping.rotate',
  'update',
);
/** Platform audit: every mapping of every entity, orphans, unmanaged Secrets. @public */
export const secretsAuditPermission = createPermission({
  name: 'secrets.audit',
  attributes: { action: 'read' },
});

/** Every permission of the plugin, for the permissions registry. @public */
export const secretsPermissions = [
  secretsMappingReadPermission,
  secretsMappingCreatePermission,
  secretsMappingUpdatePermission,
  secretsMappingDeletePermission,
  secretsMappingSyncPermission,
  secretsMappingRotatePermission,
  secretsAuditPermission,
];
