import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import type { AccessConfig } from '../config';
import { normalizeRef, ownersOf, refOf } from './ownership';

/** What a permission lets one do, for refusal messages. */
const actionText = (p: ResourcePermission<'catalog-entity'>) =>
  ({
    'secrets.mapping.create': 'add mappings',
    'secrets.mapping.update': 'change the mappings',
    'secrets.mapping.delete': 'delete the mappings',
    'secrets.mapping.sync': 'sync the mappings',
    'secrets.mapping.rotate': 'rotate the secrets',
  }[p.name] ?? `${p.name} the mappings`);

/** Who is calling, resolved once per request. */
export interface Caller {
  credentials: BackstageCredentials;
  /** A user entity ref, or the service subject (`plugin:x`, `external:y`). */
  actor: string;
  type: 'user' | 'service';
  /** The user and the groups they belong to (lowercase); empty for services. */
  ownershipRefs: string[];
  /** Member of `secrets.admins`. */
  isAdmin: boolean;
}

/** What the caller may do with one entity's mappings, for the UI to enable controls. */
export interface EntityAccess {
  entity: Entity;
  entityRef: string;
  owners: string[];
  canEdit: boolean;
}

/**
 * Decides who may do what (invariant 2). A user may change an entity's mappings only if
 * one of their ownership refs owns the entity, or they are a configured admin — and the
 * permission framework allows it too. Services get exactly what `secrets.services`
 * grants. Entities are read from the catalog with the caller's own credentials, so a
 * caller who may not see an entity gets 404 for its mappings.
 */
export class MappingAccess {
  constructor(
    private readonly deps: {
      httpAuth: HttpAuthService;
      userInfo: UserInfoService;
      permissions: PermissionsService;
      catalog: CatalogService;
      accessConfig: AccessConfig;
    },
  ) {}

  /** Unauthenticated requests fail here with 401. */
  async caller(req: Request): Promise<Caller> {
    const credentials = await this.deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (credentials.principal.type === 'service') {
      return {
        credentials,
        actor: credentials.principal.subject,
        type: 'service',
        ownershipRefs: [],
        isAdmin: false,
      };
    }
    const principal = credentials.principal as { userEntityRef: string };
    const info = await this.deps.userInfo.getUserInfo(credentials);
    const ownershipRefs = [
      ...new Set(
        [principal.userEntityRef, ...info.ownershipEntityRefs].map(
          normalizeRef,
        ),
      ),
    ];
    return {
      credentials,
      actor: principal.userEntityRef,
      type: 'user',
      ownershipRefs,
      isAdmin: ownershipRefs.some(r =>
        this.deps.accessConfig.admins.includes(r),
      ),
    };
  }

  /** The entity as the caller may see it; 404 when it does not exist for them. */
  async entity(caller: Caller, entityRef: string): Promise<Entity> {
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials: caller.credentials,
    });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    return entity;
  }

  /**
   * Allows the action on the entity's mappings or throws NotAllowedError (403) saying why.
   * Reads need only the permission (names and status are not secret); every other
   * action needs ownership or admin as well.
   */
  async require(
    caller: Caller,
    entity: Entity,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<EntityAccess> {
    const entityRef = refOf(entity);
    const owners = ownersOf(entity);
    const owns = caller.ownershipRefs.some(r => owners.includes(r));
    const mutating = permission.attributes.action !== 'read';
    if (caller.type === 'service') {
      this.requireGrant(caller, permission);
      return { entity, entityRef, owners, canEdit: false };
    }
    if (mutating && !owns && !caller.isAdmin) {
      throw new NotAllowedError(
        `${caller.actor} may not ${actionText(
          permission,
        )} of ${entityRef}: only its owners (${
          owners.join(', ') || 'none recorded'
        }) or secrets.admins may`,
      );
    }
    await this.authorize(caller, permission, entityRef);
    return { entity, entityRef, owners, canEdit: owns || caller.isAdmin };
  }

  /** The entity as the caller may see it, and the action allowed on it (else 404 / 403). */
  async forEntity(
    caller: Caller,
    entityRef: string,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<EntityAccess> {
    return this.require(
      caller,
      await this.entity(caller, entityRef),
      permission,
    );
  }

  /** Platform audit: admins, and only if the permission framework agrees. */
  async requireAudit(
    caller: Caller,
    permission: BasicPermission,
  ): Promise<void> {
    if (caller.type === 'service') {
      this.requireGrant(caller, permission);
      return;
    }
    if (!caller.isAdmin) {
      throw new NotAllowedError(
        `${caller.actor} may not use the platform audit: only members of secrets.admins may`,
      );
    }
    await this.authorize(caller, permission);
  }

  private requireGrant(
    caller: Caller,
    permission: BasicPermission | ResourcePermission<'catalog-entity'>,
  ): void {
    const grant = this.deps.accessConfig.services.find(
      s => s.subject === caller.actor,
    );
    if (!grant?.permissions.includes(permission.name)) {
      throw new NotAllowedError(
        `Service ${caller.actor} is not granted ${permission.name} (secrets.services)`,
      );
    }
  }

  private async authorize(
    caller: Caller,
    permission: BasicPermission | ResourcePermission<'catalog-entity'>,
    resourceRef?: string,
  ): Promise<void> {
    const [decision] = await this.deps.permissions.authorize(
      [
        resourceRef ? { permission, resourceRef } : { permission },
      ] as Parameters<PermissionsService['authorize']>[0],
      { credentials: caller.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${caller.actor} is denied ${permission.name}${
          resourceRef ? ` on ${resourceRef}` : ''
        } by the permission policy`,
      );
    }
  }
}
