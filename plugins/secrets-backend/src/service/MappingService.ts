import type { AuditorService } from '@backstage/backend-plugin-api';
import {
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  getEntityKubernetesNamespace,
  mappingWriteRequestSchema,
  toValidationIssues,
  secretsMappingCreatePermission,
  secretsMappingDeletePermission,
  secretsMappingReadPermission,
  secretsMappingSyncPermission,
  secretsMappingUpdatePermission,
  validateMappingSpec,
  type ApiIssue,
  type Mapping,
  type MappingDeletion,
  type MappingEvent,
  type MappingPreview,
  type MappingSpec,
  type MappingView,
} from '@internal/plugin-secrets-common';
import type { Request } from 'express';
import {
  allowedDynamicPaths,
  allowedNamespaces,
  allowedPrefixes,
  namespaceIssues,
  pathIssues,
  type Caller,
  type EntityAccess,
  type MappingAccess,
} from '../access';
import type { AccessConfig, StoreConfig } from '../config';
import { DesiredSecretError } from '../engine/desired';
import type { SyncState, SyncStateStore } from '../engine/syncState';
import { syncRequestPending } from '../engine/syncState';
import { fromExternalSecret, toExternalSecret } from '../eso';
import type { MappingStore } from '../mappings/MappingStore';
import type { LeaseStore } from '../dynamic';
import { VaultError } from '../vault';
import { audited } from './audited';
import {
  GuardrailError,
  RequestInvalidError,
  under,
  unknownFieldIssues,
} from './errors';
import { maxAgeOf, toDynamicStatus, toStatus } from './toStatus';

/** The engine as the API drives it. */
export interface MappingEngine {
  mappingSaved(mapping: Mapping, actor: string): Promise<void>;
  retire(mapping: Mapping): Promise<MappingDeletion>;
  syncNow(mappingId: string, actor: string): Promise<SyncState[]>;
  /** How long "sync now" waits before the API answers 202 (`secrets.engine.syncNowWait`). */
  readonly syncNowWaitMs: number;
  preview(spec: MappingSpec): Promise<MappingPreview>;
}

export interface MappingServiceOptions {
  mappings: MappingStore;
  state: SyncStateStore;
  /** Leases of dynamic mappings, for their status. */
  leases: Pick<LeaseStore, 'current'>;
  engine: MappingEngine;
  access: MappingAccess;
  auditor: AuditorService;
  stores: ReadonlyMap<string, StoreConfig>;
  clusters: readonly string[];
  accessConfig: AccessConfig;
}

/**
 * The mapping API's rules in one place: who may act (access), what a body may say
 * (validation, then guardrails), what is written (store, then engine), and an audit event
 * for every change. Nothing is written unless every check passed.
 */
export class MappingService {
  constructor(private readonly o: MappingServiceOptions) {}

  async listForEntity(req: Request, entityRef: string) {
    const caller = await this.o.access.caller(req);
    const access = await this.o.access.forEntity(
      caller,
      entityRef,
      secretsMappingReadPermission,
    );
    const items = await this.o.mappings.list({ entityRef: access.entityRef });
    return {
      items: await Promise.all(items.map(m => this.view(m))),
      access: { canEdit: access.canEdit, owners: access.owners },
    };
  }

  async create(req: Request, entityRef: string, body: unknown) {
    return this.audited(req, 'mapping-create', { entityRef }, async caller => {
      const spec = this.parseBody(body, false).spec;
      const access = await this.o.access.forEntity(
        caller,
        entityRef,
        secretsMappingCreatePermission,
      );
      this.checkGuardrails(spec, access);
      const mapping = await this.o.mappings.create(access.entityRef, {
        spec,
        actor: caller.actor,
      });
      await this.o.engine.mappingSaved(mapping, caller.actor);
      return {
        result: await this.view(mapping),
        meta: { mappingId: mapping.id, entityRef: access.entityRef },
      };
    });
  }

  /**
   * ESO interop: an ExternalSecret manifest becomes a mapping of the entity (or, with
   * `dryRun`, only the spec it would be). Fields it cannot honour are refused by name.
   */
  async importExternalSecret(req: Request, entityRef: string, body: unknown) {
    return this.audited(req, 'mapping-import', { entityRef }, async caller => {
      const input = this.parseImportBody(body);
      const access = await this.o.access.forEntity(
        caller,
        entityRef,
        secretsMappingCreatePermission,
      );
      const imported = fromExternalSecret(input.yaml, {
        stores: this.o.stores,
        store: input.store,
        clusters: input.clusters,
        defaultNamespace: getEntityKubernetesNamespace(access.entity),
      });
      if (!imported.spec) throw new RequestInvalidError(imported.issues);
      const spec = this.checkSpec(imported.spec, []);
      this.checkGuardrails(spec, access);
      if (input.dryRun) {
        return {
          result: { spec, notes: imported.notes },
          meta: { dryRun: true },
        };
      }
      const mapping = await this.o.mappings.create(access.entityRef, {
        spec,
        actor: caller.actor,
      });
      await this.o.engine.mappingSaved(mapping, caller.actor);
      return {
        result: { ...(await this.view(mapping)), notes: imported.notes },
        meta: { mappingId: mapping.id, entityRef: access.entityRef },
      };
    });
  }

  /** The mapping as an ExternalSecret manifest; needs only read access. */
  async exportExternalSecret(req: Request, id: string): Promise<string> {
    const caller = await this.o.access.caller(req);
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

  private parseImportBody(body: unknown) {
    const issues: ApiIssue[] = [];
    const b = (
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? body
        : {}
    ) as Record<string, unknown>;
    if (b !== body)
      issues.push({ path: '', message: 'must be a JSON object with yaml' });
    issues.push(
      ...unknownFieldIssues(b, ['yaml', 'store', 'clusters', 'dryRun']),
    );
    if (typeof b.yaml !== 'string' || !b.yaml.trim())
      issues.push({
        path: 'yaml',
        message: 'is required: the ExternalSecret manifest as text',
      });
    if (b.store !== undefined && typeof b.store !== 'string')
      issues.push({ path: 'store', message: 'must be a store name' });
    if (b.dryRun !== undefined && typeof b.dryRun !== 'boolean')
      issues.push({ path: 'dryRun', message: 'must be true or false' });
    let clusters = b.clusters as string[] | undefined;
    if (clusters === undefined) {
      if (this.o.clusters.length === 1) clusters = [...this.o.clusters];
      else
        issues.push({
          path: 'clusters',
          message:
            'is required when more than one cluster is configured (ESO has no equivalent)',
        });
    } else if (
      !Array.isArray(clusters) ||
      clusters.some(c => typeof c !== 'string')
    )
      issues.push({
        path: 'clusters',
        message: 'must be a list of cluster names',
      });
    if (issues.length) throw new RequestInvalidError(issues);
    return {
      yaml: b.yaml as string,
      store: b.store as string | undefined,
      clusters: clusters!,
      dryRun: b.dryRun === true,
    };
  }

  async get(req: Request, id: string): Promise<MappingView> {
    const caller = await this.o.access.caller(req);
    const { mapping } = await this.load(
      caller,
      id,
      secretsMappingReadPermission,
    );
    return this.view(mapping);
  }

  async replace(req: Request, id: string, body: unknown) {
    return this.audited(
      req,
      'mapping-update',
      { mappingId: id },
      async caller => {
        const { spec, revision } = this.parseBody(body, true);
        const { mapping, access } = await this.load(
          caller,
          id,
          secretsMappingUpdatePermission,
        );
        this.checkGuardrails(spec, access);
        const updated = await this.o.mappings.update(mapping.id, {
          spec,
          actor: caller.actor,
          expectedRevision: revision,
        });
        await this.o.engine.mappingSaved(updated, caller.actor);
        return {
          result: await this.view(updated),
          meta: { entityRef: access.entityRef, revision: updated.revision },
        };
      },
    );
  }

  async delete(req: Request, id: string) {
    return this.audited(
      req,
      'mapping-delete',
      { mappingId: id },
      async caller => {
        const { mapping, access } = await this.load(
          caller,
          id,
          secretsMappingDeletePermission,
        );
        if (!(await this.o.mappings.delete(mapping.id)))
          throw new NotFoundError(`No mapping with id ${id}`);
        const result = await this.o.engine.retire(mapping);
        return {
          result,
          meta: {
            entityRef: access.entityRef,
            secrets: result.secrets.map(s => `${s.cluster}:${s.outcome}`),
          },
        };
      },
    );
  }

  async syncNow(req: Request, id: string) {
    return this.audited(
      req,
      'mapping-sync',
      { mappingId: id },
      async caller => {
        const { mapping, access } = await this.load(
          caller,
          id,
          secretsMappingSyncPermission,
        );
        let timer: NodeJS.Timeout | undefined;
        const finished = await Promise.race([
          this.o.engine
            .syncNow(mapping.id, caller.actor)
            .then(states => !states.some(syncRequestPending)),
          new Promise<false>(resolve => {
            // Also bounds a cycle that hangs, which the engine's own wait cannot.
            timer = setTimeout(
              () => resolve(false),
              this.o.engine.syncNowWaitMs,
            );
          }),
        ]).finally(() => clearTimeout(timer));
        const view = await this.view(mapping);
        return {
          result: { ...view, completed: finished },
          meta: {
            entityRef: access.entityRef,
            completed: finished,
            status: view.status.map(s => `${s.cluster}:${s.status}`),
          },
        };
      },
    );
  }

  async events(
    req: Request,
    id: string,
    limit: number,
  ): Promise<MappingEvent[]> {
    const caller = await this.o.access.caller(req);
    const { mapping } = await this.load(
      caller,
      id,
      secretsMappingReadPermission,
    );
    const events = await this.o.state.listEvents(mapping.id, { limit });
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
  async preview(req: Request, body: unknown): Promise<MappingPreview> {
    const caller = await this.o.access.caller(req);
    const b = body as { entityRef?: unknown; spec?: unknown };
    const issues: ApiIssue[] = [];
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new RequestInvalidError([
        { path: '', message: 'must be a JSON object' },
      ]);
    issues.push(
      ...unknownFieldIssues(body as Record<string, unknown>, [
        'entityRef',
        'spec',
      ]),
    );
    if (
      typeof b.entityRef !== 'string' ||
      !b.entityRef ||
      b.entityRef.length > 255
    )
      issues.push({
        path: 'entityRef',
        message:
          'is required: the owning entity, e.g. component:default/payments-api',
      });
    const spec = this.checkSpec(b.spec, issues);
    const access = await this.o.access.forEntity(
      caller,
      b.entityRef as string,
      secretsMappingCreatePermission,
    );
    this.checkGuardrails(spec, access);
    try {
      return await this.o.engine.preview(spec);
    } catch (error) {
      throw previewError(error);
    }
  }

  /** What the caller may use for an entity: path prefixes per store, namespaces. */
  async allowedFor(req: Request, entityRef: string) {
    const caller = await this.o.access.caller(req);
    const access = await this.o.access.forEntity(
      caller,
      entityRef,
      secretsMappingReadPermission,
    );
    return {
      entityRef: access.entityRef,
      canEdit: access.canEdit,
      prefixes: Object.fromEntries(
        [...this.o.stores.values()].map(s => [
          s.name,
          allowedPrefixes(s, access.entity),
        ]),
      ),
      dynamicPaths: Object.fromEntries(
        [...this.o.stores.values()].map(s => [
          s.name,
          allowedDynamicPaths(s, access.entity),
        ]),
      ),
      namespaces: allowedNamespaces(access.entity, this.o.accessConfig),
    };
  }

  /** A mapping and the caller's rights on its entity; 404 for a missing mapping. */
  private async load(
    caller: Caller,
    id: string,
    permission: Parameters<MappingAccess['require']>[2],
  ): Promise<{ mapping: Mapping; access: EntityAccess }> {
    const mapping = await this.o.mappings.get(id);
    if (!mapping) throw new NotFoundError(`No mapping with id ${id}`);
    return {
      mapping,
      access: await this.o.access.forEntity(
        caller,
        mapping.entityRef,
        permission,
      ),
    };
  }

  private async view(mapping: Mapping): Promise<MappingView> {
    const states = await this.o.state.get(mapping.id);
    const maxAge = maxAgeOf(
      mapping.spec,
      this.o.stores.get(mapping.spec.store),
    );
    const view: MappingView = {
      ...mapping,
      status: states.map(s => toStatus(s, maxAge)),
    };
    const lease = mapping.spec.dynamic
      ? await this.o.leases.current(mapping.id)
      : undefined;
    if (lease) view.dynamic = toDynamicStatus(lease);
    return view;
  }

  /** `{ spec, revision? }`: shape, spec rules, and the names of stores and clusters. */
  /** `{ spec }` on create, `{ spec, revision? }` on replace: the shared zod schema, then configured names. */
  private parseBody(
    body: unknown,
    update: boolean,
  ): { spec: MappingSpec; revision?: number } {
    const schema = update
      ? mappingWriteRequestSchema
      : mappingWriteRequestSchema.omit({ revision: true });
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issues = toValidationIssues(parsed.error);
      throw new RequestInvalidError(
        issues.map(i =>
          i.path
            ? i
            : { ...i, path: '', message: 'must be a JSON object with a spec' },
        ),
      );
    }
    const { spec } = parsed.data;
    return {
      spec: this.checkSpec(spec, []),
      revision: (parsed.data as { revision?: number }).revision,
    };
  }

  private checkSpec(input: unknown, issues: ApiIssue[]): MappingSpec {
    if (input === undefined)
      issues.push({ path: 'spec', message: 'is required' });
    const result = input === undefined ? undefined : validateMappingSpec(input);
    if (result && !result.ok) issues.push(...under('spec', result.issues));
    if (result?.ok) {
      const spec = result.value;
      if (!this.o.stores.has(spec.store))
        issues.push({
          path: 'spec.store',
          message: `"${spec.store}" is not a configured store (known: ${
            [...this.o.stores.keys()].join(', ') || 'none'
          })`,
        });
      spec.target.clusters.forEach((c, i) => {
        if (!this.o.clusters.includes(c))
          issues.push({
            path: `spec.target.clusters[${i}]`,
            message: `"${c}" is not a configured cluster (known: ${
              this.o.clusters.join(', ') || 'none'
            })`,
          });
      });
    }
    if (issues.length) throw new RequestInvalidError(issues);
    return (result as { ok: true; value: MappingSpec }).value;
  }

  private checkGuardrails(spec: MappingSpec, access: EntityAccess): void {
    const issues = [
      ...pathIssues(spec, this.o.stores.get(spec.store)!, access.entity),
      ...namespaceIssues(spec, access.entity, this.o.accessConfig),
    ];
    if (issues.length) throw new GuardrailError(issues);
  }

  /** Runs a change with an audit event (medium severity): who, which mapping, the outcome. */
  private audited<T>(
    req: Request,
    eventId: string,
    meta: Record<string, string>,
    fn: (
      caller: Caller,
    ) => Promise<{ result: T; meta: Record<string, unknown> }>,
  ): Promise<T> {
    return audited(this.o, req, { eventId, severityLevel: 'medium', meta }, fn);
  }
}

/** Vault answers of a preview as API errors: a missing path is the caller's to fix. */
function previewError(error: unknown): Error {
  if (error instanceof DesiredSecretError)
    return new RequestInvalidError([
      { path: `spec.${error.field}`, message: error.message },
    ]);
  if (error instanceof VaultError) {
    if (error.kind === 'notFound' || error.kind === 'rejected')
      return new RequestInvalidError([
        { path: 'spec', message: error.message },
      ]);
    // Inside the allowed prefixes but outside the engine's Vault policy: the platform's to fix.
    if (error.kind === 'denied') return new NotAllowedError(error.message);
    return new ServiceUnavailableError(error.message);
  }
  return error as Error;
}
