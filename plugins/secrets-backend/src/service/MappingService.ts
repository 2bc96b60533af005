import { NotFoundError } from '@backstage/errors';
import {
  getEntityKubernetesNamespace,
  secretsMappingCreatePermission,
  secretsMappingDeletePermission,
  secretsMappingReadPermission,
  secretsMappingSyncPermission,
  secretsMappingUpdatePermission,
  type Mapping,
  type MappingDeletion,
  type MappingEvent,
  type MappingPreview,
  type MappingSpec,
  type MappingView,
} from '@backstage-secrets/plugin-secrets-common';
import {
  allowedDynamicPaths,
  allowedNamespaces,
  allowedPrefixes,
  namespaceIssues,
  normalizeRef,
  pathIssues,
  type Caller,
  type EntityAccess,
  type MappingAccess,
} from '../access';
import type { AccessConfig, StoreConfig } from '../config';
import {
  syncRequestPending,
  type DynamicLease,
  type LeaseStore,
  type MappingStore,
  type SyncState,
  type SyncStateStore,
} from '../database';
import {
  fromExternalSecret,
  toExternalSecret,
  toExternalSecrets,
} from '../eso';
import { refuseDeclared, vaultReadError } from './engineErrors';
import { GuardrailError, RequestInvalidError } from './errors';
import {
  checkSpec,
  parseImportBody,
  parsePreviewBody,
  parseWriteBody,
  type ConfiguredNames,
} from './mappingRequests';
import type { Audited } from './types';
import { maxAgeOf, toDynamicStatus, toStatus } from './toStatus';

/** The engine as the API drives it. */
export interface MappingEngine {
  /** Queues a saved mapping's sync first in line for the next cycle. */
  mappingSaved(mapping: Mapping, actor: string): Promise<void>;
  retire(mapping: Mapping): Promise<MappingDeletion>;
  /** Waits on the mapping's state, up to `secrets.engine.syncNowWait`; never longer. */
  syncNow(mappingId: string, actor: string): Promise<SyncState[]>;
  preview(spec: MappingSpec): Promise<MappingPreview>;
}

export interface MappingServiceOptions {
  mappings: MappingStore;
  state: Pick<SyncStateStore, 'get' | 'ofEntity' | 'listEvents'>;
  /** Leases of dynamic mappings, for their status. */
  leases: Pick<LeaseStore, 'current' | 'currentOfEntity'>;
  engine: MappingEngine;
  access: MappingAccess;
  stores: ReadonlyMap<string, StoreConfig>;
  /** The clusters known now (a catalog locator adds and removes some while running). */
  clusters: () => readonly string[];
  accessConfig: AccessConfig;
}

/**
 * The mapping API's rules in one place: who may act (access), what a body may say
 * (validation, then guardrails), what is written (store, then engine). Nothing is written
 * unless every check passed. Each change returns what its audit event records.
 */
export class MappingService {
  private readonly names: ConfiguredNames;

  constructor(private readonly options: MappingServiceOptions) {
    this.names = {
      stores: options.stores,
      get clusters() {
        return options.clusters();
      },
    };
  }

  async listForEntity(caller: Caller, entityRef: string) {
    // Access, the mappings, their states and leases are read at once: on a busy backend
    // each wait in turn queues behind the engine's work. Nothing read is returned unless
    // access allows it.
    const requested = normalizeRef(entityRef);
    const read = (ref: string) =>
      Promise.all([
        this.options.mappings.list({ entityRef: ref }),
        this.options.state.ofEntity(ref),
        this.options.leases.currentOfEntity(ref),
      ]);
    const [access, listed] = await Promise.all([
      this.options.access.forEntityWithEdit(
        caller,
        entityRef,
        secretsMappingReadPermission,
      ),
      read(requested),
    ]);
    const [items, states, leases] =
      access.entityRef === requested ? listed : await read(access.entityRef);
    return {
      items: items.map(m =>
        this.toView(m, states.get(m.id) ?? [], leases.get(m.id)),
      ),
      access: { canEdit: access.canEdit, owners: access.owners },
    };
  }

  async create(
    caller: Caller,
    entityRef: string,
    body: unknown,
  ): Promise<Audited<MappingView>> {
    const { spec } = parseWriteBody(body, this.names, { update: false });
    const access = await this.options.access.forEntity(
      caller,
      entityRef,
      secretsMappingCreatePermission,
    );
    this.checkGuardrails(spec, access);
    const mapping = await this.options.mappings.create(access.entityRef, {
      spec,
      actor: caller.actor,
    });
    await this.options.engine.mappingSaved(mapping, caller.actor);
    return {
      result: await this.view(mapping),
      meta: { mappingId: mapping.id, entityRef: access.entityRef },
    };
  }

  /**
   * ESO interop: an ExternalSecret manifest becomes a mapping of the entity (or, with
   * `dryRun`, only the spec it would be). Fields it cannot honour are refused by name.
   */
  async importExternalSecret(caller: Caller, entityRef: string, body: unknown) {
    const input = parseImportBody(body, this.options.clusters());
    const access = await this.options.access.forEntity(
      caller,
      entityRef,
      secretsMappingCreatePermission,
    );
    const imported = fromExternalSecret(input.yaml, {
      stores: this.options.stores,
      store: input.store,
      clusters: input.clusters,
      defaultNamespace: getEntityKubernetesNamespace(access.entity),
    });
    if (!imported.spec) throw new RequestInvalidError(imported.issues);
    const spec = checkSpec(imported.spec, this.names);
    this.checkGuardrails(spec, access);
    if (input.dryRun) {
      return {
        result: { spec, notes: imported.notes },
        meta: { dryRun: true },
      };
    }
    const mapping = await this.options.mappings.create(access.entityRef, {
      spec,
      actor: caller.actor,
    });
    await this.options.engine.mappingSaved(mapping, caller.actor);
    return {
      result: { ...(await this.view(mapping)), notes: imported.notes },
      meta: { mappingId: mapping.id, entityRef: access.entityRef },
    };
  }

  /** The mapping as an ExternalSecret manifest; needs only read access. */
  async exportExternalSecret(caller: Caller, id: string): Promise<string> {
    const { mapping } = await this.load(
      caller,
      id,
      secretsMappingReadPermission,
    );
    if (mapping.spec.dynamic)
      throw new RequestInvalidError([
        {
          path: 'spec.dynamic',
          message:
            'a dynamic mapping has no ExternalSecret form here (ESO would need a VaultDynamicSecret generator)',
        },
      ]);
    return toExternalSecret(mapping);
  }

  /** Every mapping of the entity as ExternalSecret documents; dynamic ones are named in a comment. */
  async exportEntity(caller: Caller, entityRef: string): Promise<string> {
    const access = await this.options.access.forEntity(
      caller,
      entityRef,
      secretsMappingReadPermission,
    );
    const items = await this.options.mappings.list({
      entityRef: access.entityRef,
    });
    return toExternalSecrets(items, `${access.entityRef} has no mappings`);
  }

  async get(caller: Caller, id: string): Promise<MappingView> {
    const { mapping } = await this.load(
      caller,
      id,
      secretsMappingReadPermission,
    );
    return this.view(mapping);
  }

  async replace(
    caller: Caller,
    id: string,
    body: unknown,
  ): Promise<Audited<MappingView>> {
    const { spec, revision } = parseWriteBody(body, this.names, {
      update: true,
    });
    const { mapping, access } = await this.load(
      caller,
      id,
      secretsMappingUpdatePermission,
    );
    refuseDeclared(mapping, 'changed');
    this.checkGuardrails(spec, access);
    const updated = await this.options.mappings.update(mapping.id, {
      spec,
      actor: caller.actor,
      expectedRevision: revision,
    });
    await this.options.engine.mappingSaved(updated, caller.actor);
    return {
      result: await this.view(updated),
      meta: { entityRef: access.entityRef, revision: updated.revision },
    };
  }

  async delete(caller: Caller, id: string): Promise<Audited<MappingDeletion>> {
    const { mapping, access } = await this.load(
      caller,
      id,
      secretsMappingDeletePermission,
    );
    refuseDeclared(mapping, 'deleted');
    if (!(await this.options.mappings.delete(mapping.id)))
      throw new NotFoundError(`No mapping with id ${id}`);
    const result = await this.options.engine.retire(mapping);
    return {
      result,
      meta: {
        entityRef: access.entityRef,
        secrets: result.secrets.map(s => `${s.cluster}:${s.outcome}`),
      },
    };
  }

  async syncNow(
    caller: Caller,
    id: string,
  ): Promise<Audited<MappingView & { completed: boolean }>> {
    const { mapping, access } = await this.load(
      caller,
      id,
      secretsMappingSyncPermission,
    );
    const states = await this.options.engine.syncNow(mapping.id, caller.actor);
    const finished = !states.some(syncRequestPending);
    const view = await this.view(mapping, states);
    return {
      result: { ...view, completed: finished },
      meta: {
        entityRef: access.entityRef,
        completed: finished,
        status: view.status.map(s => `${s.cluster}:${s.status}`),
      },
    };
  }

  async events(
    caller: Caller,
    id: string,
    limit: number,
  ): Promise<MappingEvent[]> {
    const { mapping } = await this.load(
      caller,
      id,
      secretsMappingReadPermission,
    );
    const events = await this.options.state.listEvents(mapping.id, { limit });
    return events.map(e => ({
      id: e.id,
      cluster: e.cluster,
      at: e.at,
      type: e.type,
      actor: e.actor,
      reason: e.reason,
      message: e.message,
    }));
  }

  /** Needs create permission on the entity: a preview reads Vault on its behalf. */
  async preview(caller: Caller, body: unknown): Promise<MappingPreview> {
    const { entityRef, spec } = parsePreviewBody(body, this.names);
    const access = await this.options.access.forEntity(
      caller,
      entityRef,
      secretsMappingCreatePermission,
    );
    this.checkGuardrails(spec, access);
    try {
      return await this.options.engine.preview(spec);
    } catch (error) {
      throw vaultReadError(error);
    }
  }

  /** What the caller may use for an entity: path prefixes per store, namespaces. */
  async allowedFor(caller: Caller, entityRef: string) {
    const access = await this.options.access.forEntity(
      caller,
      entityRef,
      secretsMappingReadPermission,
    );
    const stores = [...this.options.stores.values()];
    return {
      entityRef: access.entityRef,
      prefixes: Object.fromEntries(
        stores.map(s => [s.name, allowedPrefixes(s, access.entity)]),
      ),
      dynamicPaths: Object.fromEntries(
        stores.map(s => [s.name, allowedDynamicPaths(s, access.entity)]),
      ),
      namespaces: allowedNamespaces(access.entity, this.options.accessConfig),
    };
  }

  /** A mapping and the caller's rights on its entity; 404 for a missing mapping. */
  private async load(
    caller: Caller,
    id: string,
    permission: Parameters<MappingAccess['require']>[2],
  ): Promise<{ mapping: Mapping; access: EntityAccess }> {
    const mapping = await this.options.mappings.get(id);
    if (!mapping) throw new NotFoundError(`No mapping with id ${id}`);
    return {
      mapping,
      access: await this.options.access.forEntity(
        caller,
        mapping.entityRef,
        permission,
      ),
    };
  }

  /** The mapping with its status; `known` states (just read by the caller) are not read again. */
  private async view(
    mapping: Mapping,
    known?: SyncState[],
  ): Promise<MappingView> {
    const states = known ?? (await this.options.state.get(mapping.id));
    const lease = mapping.spec.dynamic
      ? await this.options.leases.current(mapping.id)
      : undefined;
    return this.toView(mapping, states, lease);
  }

  private toView(
    mapping: Mapping,
    states: SyncState[],
    lease: DynamicLease | undefined,
  ): MappingView {
    const maxAge = maxAgeOf(
      mapping.spec,
      this.options.stores.get(mapping.spec.store),
    );
    const view: MappingView = {
      ...mapping,
      status: states.map(s => toStatus(s, maxAge)),
    };
    if (lease) view.dynamic = toDynamicStatus(lease);
    return view;
  }

  private checkGuardrails(spec: MappingSpec, access: EntityAccess): void {
    const issues = [
      ...pathIssues(spec, this.options.stores.get(spec.store)!, access.entity),
      ...namespaceIssues(spec, access.entity, this.options.accessConfig),
    ];
    if (issues.length) throw new GuardrailError(issues);
  }
}
