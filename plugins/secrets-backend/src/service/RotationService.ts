import type { Entity } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  fieldsReading,
  secretsMappingReadPermission,
  secretsMappingRotatePermission,
  type RotateResult,
} from '@backstage-secrets/plugin-secrets-common';
import {
  keyIssues,
  unmanagedRotationAllowed,
  type Caller,
  type MappingAccess,
} from '../access';
import type { StoreConfig } from '../config';
import type { MappingStore, SyncState, SyncStateStore } from '../database';
import { VaultError, type VaultGateway } from '../vault';
import { GuardrailError, RequestInvalidError } from './errors';
import { generatePassword } from './generatePassword';
import {
  parsePushBody,
  parseRollbackBody,
  parseRotateBody,
  type RotateInput,
} from './rotationRequests';
import type { Audited } from './types';
import { mappingsReading } from './mappingsReading';

/** Custom metadata the product sets on the KV v2 secrets it wrote. */
export const MANAGED_BY_METADATA = {
  key: 'managed-by',
  value: 'backstage-secrets',
};

export interface RotationServiceOptions {
  mappings: MappingStore;
  access: MappingAccess;
  vault(
    store: string,
  ):
    | Pick<VaultGateway, 'metadata' | 'read' | 'write' | 'writeCustomMetadata'>
    | undefined;
  stores: ReadonlyMap<string, StoreConfig>;
  syncNow(mappingId: string, actor: string): Promise<SyncState[]>;
  state: Pick<SyncStateStore, 'get'>;
}

/**
 * Rotation of a KV v2 secret a mapping reads: new values (generated, or given by the owner)
 * written as a new version with check-and-set, then every mapping that reads the path —
 * whichever entity owns it — synced at once, so the owner sees each consumer pick it up.
 */
export class RotationService {
  constructor(private readonly options: RotationServiceOptions) {}

  async rotate(
    caller: Caller,
    id: string,
    body: unknown,
  ): Promise<Audited<RotateResult>> {
    const input = parseRotateBody(body);
    const { store, entity } = await this.target(
      caller,
      id,
      input.key,
      secretsMappingRotatePermission,
    );
    const result = await this.writeAndSync(store, entity, input, caller.actor);
    return {
      result,
      meta: {
        store: store.name,
        key: input.key,
        previousVersion: result.previousVersion,
        version: result.version,
        properties: result.properties,
        consumers: result.consumers.map(c => c.mappingId),
      },
    };
  }

  /**
   * The versions of a path the mapping reads (KV v2): when each was written, whether it was
   * deleted or destroyed, and which one each cluster of the mapping last synced.
   */
  async versions(caller: Caller, id: string, key: unknown) {
    const { mapping, store } = await this.target(
      caller,
      id,
      key,
      secretsMappingReadPermission,
    );
    const meta = await this.options.vault(store.name)!.metadata(key as string);
    const states = await this.options.state.get(mapping.id);
    return {
      store: store.name,
      key: key as string,
      currentVersion: meta.currentVersion,
      managed:
        meta.customMetadata?.[MANAGED_BY_METADATA.key] ===
        MANAGED_BY_METADATA.value,
      versions: Object.entries(meta.versions)
        .map(([n, v]) => ({ version: Number(n), ...v }))
        .sort((a, b) => b.version - a.version),
      synced: states.map(s => ({
        cluster: s.cluster,
        version: s.syncedVersions.find(v => v.key === key)?.version,
      })),
    };
  }

  /**
   * Vault's rollback: an old version's data written again as the new current version (with
   * check-and-set), then every consumer synced. Pinning a mapping to a version instead is an
   * ordinary update of its spec.
   */
  async rollback(
    caller: Caller,
    id: string,
    body: unknown,
  ): Promise<Audited<RotateResult>> {
    const input = parseRollbackBody(body);
    const { store, entity } = await this.target(
      caller,
      id,
      input.key,
      secretsMappingRotatePermission,
    );
    const key = input.key as string;
    const old = await this.options
      .vault(store.name)!
      .read(key, { version: input.version });
    const result = await this.writeAndSync(
      store,
      entity,
      {
        key,
        expectedVersion: input.expectedVersion,
        restore: old.data,
        confirmUnmanaged: input.confirmUnmanaged,
      },
      caller.actor,
    );
    return {
      result,
      meta: {
        store: store.name,
        key,
        restored: input.version,
        version: result.version,
      },
    };
  }

  /**
   * Push (portal → Vault): an owner writes values into a path below the prefixes the store
   * allows their entity — a new secret (`expectedVersion: 0`) or a new version — with the
   * same check-and-set and managed-by rules as rotation, then every consumer is synced.
   */
  async push(
    caller: Caller,
    entityRef: string,
    body: unknown,
  ): Promise<Audited<RotateResult>> {
    const input = parsePushBody(body, this.options.stores);
    const { entity } = await this.options.access.forEntity(
      caller,
      entityRef,
      secretsMappingRotatePermission,
    );
    const store = this.options.stores.get(input.store)!;
    const guard = keyIssues(input.key, store, entity);
    if (guard.length) throw new GuardrailError(guard);
    const result = await this.writeAndSync(store, entity, input, caller.actor);
    return {
      result,
      meta: {
        store: store.name,
        key: input.key,
        version: result.version,
        properties: result.properties,
      },
    };
  }

  /** A new version in Vault, then every mapping that reads the path synced. */
  private async writeAndSync(
    store: StoreConfig,
    entity: Entity,
    input: RotateInput,
    actor: string,
  ): Promise<RotateResult> {
    const result = await this.write(store, entity, input);
    result.consumers = await this.syncConsumers(store.name, input.key, actor);
    return result;
  }

  /** The mapping, its entity's store, and the caller's right to act on a path it reads. */
  private async target(
    caller: Caller,
    id: string,
    key: unknown,
    permission:
      | typeof secretsMappingRotatePermission
      | typeof secretsMappingReadPermission,
  ) {
    const mapping = await this.options.mappings.get(id);
    if (!mapping) throw new NotFoundError(`No mapping with id ${id}`);
    const { entity } = await this.options.access.forEntity(
      caller,
      mapping.entityRef,
      permission,
    );
    if (
      typeof key !== 'string' ||
      fieldsReading(mapping.spec, key).length === 0
    )
      throw new RequestInvalidError([
        {
          path: 'key',
          message: mapping.spec.dynamic
            ? 'this mapping is dynamic: Vault issues its values and the engine renews them (use "sync now"; there are no KV versions)'
            : 'must be a Vault path this mapping reads (data or dataFrom.extract)',
        },
      ]);
    const store = this.options.stores.get(mapping.spec.store)!;
    if (store.kvVersion !== 2)
      throw new RequestInvalidError([
        {
          path: 'key',
          message: `store "${store.name}" is KV v1: versions need KV v2`,
        },
      ]);
    // Writes stay inside what the store allows the entity now, even if the config changed
    // since the mapping was made.
    if (permission !== secretsMappingReadPermission) {
      const guard = keyIssues(key, store, entity);
      if (guard.length) throw new GuardrailError(guard);
    }
    return { mapping, entity, store };
  }

  private async write(
    store: StoreConfig,
    entity: Entity,
    input: RotateInput,
  ): Promise<RotateResult> {
    const gateway = this.options.vault(store.name)!;
    // Version 0 means "a new secret": check-and-set 0 makes Vault refuse if one exists.
    const meta =
      input.expectedVersion === 0
        ? undefined
        : await gateway.metadata(input.key);
    if (meta && meta.currentVersion !== input.expectedVersion) {
      throw new ConflictError(
        `${input.key} is at version ${meta.currentVersion}, not the version ${input.expectedVersion} you saw; reload and try again`,
      );
    }
    const unmanaged =
      meta &&
      meta.customMetadata?.[MANAGED_BY_METADATA.key] !==
        MANAGED_BY_METADATA.value;
    // Data someone else writes is theirs: only where the store allows it, and only knowingly.
    if (unmanaged && !unmanagedRotationAllowed(store, entity, input.key)) {
      throw new ConflictError(
        `${input.key} was not written by Backstage Secrets and store "${store.name}" does not allow changing such data there (secrets.stores.${store.name}.unmanagedRotationPaths)`,
      );
    }
    if (unmanaged && !input.confirmUnmanaged) {
      throw new ConflictError(
        `${input.key} was not written by Backstage Secrets; changing it replaces values someone else manages: confirm with confirmUnmanaged`,
      );
    }
    // A roll back restores an old version exactly; a rotation or push keeps other properties.
    const current =
      input.restore || !meta
        ? { data: {} }
        : await gateway.read(input.key, { version: input.expectedVersion });
    const fresh: Record<string, unknown> = {
      ...(input.restore ?? input.values ?? {}),
    };
    for (const [property, spec] of Object.entries(input.generate ?? {}))
      fresh[property] = generatePassword(spec);
    let version: number;
    try {
      ({ version } = await gateway.write(
        input.key,
        { ...current.data, ...fresh },
        { cas: input.expectedVersion },
      ));
    } catch (error) {
      if (error instanceof VaultError && error.kind === 'conflict') {
        const now = await gateway.metadata(input.key).catch(() => undefined);
        throw new ConflictError(
          `${input.key} changed while writing: you saw version ${
            input.expectedVersion
          }, it is now ${now?.currentVersion ?? 'newer'}; nothing was written`,
        );
      }
      throw error;
    }
    await gateway.writeCustomMetadata(input.key, {
      ...(meta?.customMetadata ?? {}),
      [MANAGED_BY_METADATA.key]: MANAGED_BY_METADATA.value,
    });
    return {
      store: store.name,
      key: input.key,
      previousVersion: input.expectedVersion,
      version,
      properties: Object.keys(fresh).sort(),
      consumers: [],
    };
  }

  /** Every mapping of any entity reading the path, synced now; what each Secret became. */
  private async syncConsumers(store: string, key: string, actor: string) {
    const out: RotateResult['consumers'] = [];
    for (const { mapping: m } of await mappingsReading(
      this.options.mappings,
      store,
      key,
    )) {
      const states = await this.options.syncNow(m.id, actor);
      out.push({
        mappingId: m.id,
        entityRef: m.entityRef,
        secrets: states.map(s => ({
          cluster: s.cluster,
          namespace: m.spec.target.namespace,
          name: m.spec.target.name,
          status: s.status,
          reason: s.reason,
        })),
      });
    }
    return out;
  }
}
