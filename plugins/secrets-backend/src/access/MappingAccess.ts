import type {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  isResourcePermission,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { secretsMappingUpdatePermission } from '@backstage-secrets/plugin-secrets-common';
import type { Request } from 'express';
import type { AccessConfig } from '../config';
import { normalizeRef, ownersOf, refOf } from './ownership';
import { decideFor, secretsPolicyDecision } from './secretsPolicy';

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
  /** A user entity ref, or the service subject (`plugin:x`, or an external access subject as configured). */
  actor: string;
  type: 'user' | 'service';
  /** The user and the groups they belong to (lowercase); empty for services. */
  ownershipRefs: string[];
}

/** The entity an allowed action is on, and its owners. */
export interface EntityAccess {
  entity: Entity;
  entityRef: string;
  owners: string[];
}

/**
 * Asks the permission framework about every action (invariant 2) and follows its answer:
 * who owns what is decided once, by {@link secretsPolicyDecision}, which the adopter's
 * policy composes (the demo backend's does). With the permission framework off, Backstage
 * allows everything; a secrets tool must not, so the plugin then applies those same
 * rules itself to the entity it loaded. Services additionally need a `secrets.services`
 * grant. Entities are read from the catalog with the caller's own credentials, so a
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
      /** `permission.enabled`: whether a permission policy answers `authorize`. */
      permissionsEnabled: boolean;
    },
  ) {}

  /** Unauthenticated requests fail here with 401. */
  async caller(req: Request): Promise<Caller> {
    return this.callerFor(
      await this.deps.httpAuth.credentials(req, {
        allow: ['user', 'service'],
      }),
    );
  }

  /** The caller behind credentials that did not come with a request (actions registry). */
  async callerFor(
    credentials: BackstageCredentials<
      BackstageUserPrincipal | BackstageServicePrincipal
    >,
  ): Promise<Caller> {
    if (credentials.principal.type === 'service') {
      return {
        credentials,
        actor: credentials.principal.subject,
        type: 'service',
        ownershipRefs: [],
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

  /** Allows the action on the entity's mappings or throws NotAllowedError (403) saying why. */
  async require(
    caller: Caller,
    entity: Entity,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<EntityAccess> {
    return this.check(caller, entity, permission, false);
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

  /**
   * As {@link MappingAccess.forEntity}, and whether the caller could change the mappings,
   * for the UI to enable its controls. Only views ask: the extra decision costs the
   * permission backend a catalog evaluation.
   */
  async forEntityWithEdit(
    caller: Caller,
    entityRef: string,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<EntityAccess & { canEdit: boolean }> {
    return this.check(
      caller,
      await this.entity(caller, entityRef),
      permission,
      true,
    );
  }

  /**
   * One `authorize` call: the permission, and with `alsoEdit` the update permission too
   * (`canEdit` is false when not asked).
   */
  private async check(
    caller: Caller,
    entity: Entity,
    permission: ResourcePermission<'catalog-entity'>,
    alsoEdit: boolean,
  ): Promise<EntityAccess & { canEdit: boolean }> {
    const entityRef = refOf(entity);
    const owners = ownersOf(entity);
    const asked = alsoEdit
      ? [permission, secretsMappingUpdatePermission]
      : [permission];
    const [verdict, edit] = await this.decide(caller, entity, asked);
    if (verdict !== 'allowed') {
      // Name the owners either way: they are whom the caller should ask.
      const rule = `only its owners (${
        owners.join(', ') || 'none recorded'
      }) or secrets.admins may`;
      const byDefault =
        permission.attributes.action === 'read'
          ? ''
          : ` (by default ${rule} ${actionText(permission)})`;
      if (verdict === 'policy')
        throw new NotAllowedError(
          `${caller.actor} is denied ${permission.name} on ${entityRef} by the permission policy${byDefault}`,
        );
      throw new NotAllowedError(
        `${caller.actor} may not ${actionText(
          permission,
        )} of ${entityRef}: ${rule}`,
      );
    }
    if (caller.type === 'service') this.requireGrant(caller, permission);
    return {
      entity,
      entityRef,
      owners,
      canEdit: caller.type === 'user' && edit === 'allowed',
    };
  }

  /** The platform audit: as the permission framework (or, with it off, the rules) says. */
  async requireAudit(
    caller: Caller,
    permission: BasicPermission,
  ): Promise<void> {
    const [verdict] = await this.decide(caller, undefined, [permission]);
    if (verdict !== 'allowed') {
      if (verdict === 'policy')
        throw new NotAllowedError(
          `${caller.actor} is denied ${permission.name} by the permission policy`,
        );
      throw new NotAllowedError(
        `${caller.actor} may not use the platform audit: only members of secrets.admins may`,
      );
    }
    if (caller.type === 'service') this.requireGrant(caller, permission);
  }

  /**
   * One `authorize` call for all permissions; with the framework off, the rules too.
   * Says who refused: the permission policy, or (framework off) the ownership rules.
   */
  private async decide(
    caller: Caller,
    entity: Entity | undefined,
    permissions: (BasicPermission | ResourcePermission<'catalog-entity'>)[],
  ): Promise<('allowed' | 'policy' | 'rules')[]> {
    const resourceRef = entity ? refOf(entity) : undefined;
    const decisions = await this.deps.permissions.authorize(
      permissions.map(permission =>
        resourceRef && isResourcePermission(permission, 'catalog-entity')
          ? { permission, resourceRef }
          : { permission },
      ) as Parameters<PermissionsService['authorize']>[0],
      { credentials: caller.credentials },
    );
    return permissions.map((permission, i) => {
      if (decisions[i].result !== AuthorizeResult.ALLOW) return 'policy';
      if (this.deps.permissionsEnabled || caller.type === 'service')
        return 'allowed';
      const rules = secretsPolicyDecision(permission, caller.ownershipRefs, {
        admins: this.deps.accessConfig.admins,
      });
      return decideFor(rules, entity) ? 'allowed' : 'rules';
    });
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
}
