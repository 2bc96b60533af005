import type { AuditorService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  validateMappingSpec,
  type RotateRequest,
  type RotateResult,
  secretsMappingReadPermission,
  secretsMappingRotatePermission,
  type ApiIssue,
} from '@internal/plugin-secrets-common';
import type { Request } from 'express';
import {
  keyIssues,
  unmanagedRotationAllowed,
  type Caller,
  type MappingAccess,
} from '../access';
import type { StoreConfig } from '../config';
import type { SyncState, SyncStateStore } from '../engine/syncState';
import type { MappingStore } from '../mappings/MappingStore';
import { readingFields } from '../mappings/readingFields';
import { audited } from '../service/audited';
import {
  GuardrailError,
  RequestInvalidError,
  unknownFieldIssues,
} from '../service/errors';
import { VaultError, type VaultGateway } from '../vault';
import {
  generatePassword,
  passwordSpecIssues,
  type PasswordSpec,
} from './generatePassword';

/** Custom metadata the product sets on the KV v2 secrets it wrote. */
export const MANAGED_BY_METADATA = {
  key: 'managed-by',
  value: 'backstage-secrets',
};

/** A rotation as the service runs it: the API body, or a roll back's restored data. */
type RotateInput = RotateRequest & {
  /** Rollback: the whole data of an old version, written as the new one. */
  restore?: Record<string, unknown>;
};

const MAX_VALUE_LENGTH = 65536;

/**
 * Rotation of a KV v2 secret a mapping reads: new values (generated, or given by the owner)
 * written as a new version with check-and-set, then every mapping that reads the path —
 * whichever entity owns it — synced at once, so the owner sees each consumer pick it up.
 */
export class RotationService {
  constructor(
    private readonly o: {
      mappings: MappingStore;
      access: MappingAccess;
      vault(store: string): VaultGateway | undefined;
      stores: ReadonlyMap<string, StoreConfig>;
      syncNow(mappingId: string, actor: string): Promise<SyncState[]>;
      state: Pick<SyncStateStore, 'get'>;
      auditor: AuditorService;
    },
  ) {}

  async rotate(req: Request, id: string, body: unknown): Promise<RotateResult> {
    return this.audited(
      req,
      'secret-rotate',
      { mappingId: id },
      async caller => {
        const input = parse(body);
        const { store, entity } = await this.target(
          caller,
          id,
          input.key,
          secretsMappingRotatePermission,
        );
        const result = await this.writeAndSync(
          store,
          entity,
          input,
          caller.actor,
        );
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
      },
    );
  }

  /**
   * The versions of a path the mapping reads (KV v2): when each was written, whether it was
   * deleted or destroyed, and which one each cluster of the mapping last synced.
   */
  async versions(req: Request, id: string, key: unknown) {
    const caller = await this.o.access.caller(req);
    const { mapping, store } = await this.target(
      caller,
      id,
      key,
      secretsMappingReadPermission,
    );
    const meta = await this.o.vault(store.name)!.metadata(key as string);
    const states = await this.o.state.get(mapping.id);
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
    req: Request,
    id: string,
    body: unknown,
  ): Promise<RotateResult> {
    return this.audited(
      req,
      'secret-rollback',
      { mappingId: id },
      async caller => {
        const b = (
          typeof body === 'object' && body !== null ? body : {}
        ) as Record<string, unknown>;
        const issues = unknownFieldIssues(b, [
          'key',
          'version',
          'expectedVersion',
          'confirmUnmanaged',
        ]);
        for (const field of ['version', 'expectedVersion'])
          if (!Number.isInteger(b[field]) || (b[field] as number) < 1)
            issues.push({
              path: field,
              message: 'is required: a positive whole number (a KV v2 version)',
            });
        if (issues.length) throw new RequestInvalidError(issues);
        const { store, entity } = await this.target(
          caller,
          id,
          b.key,
          secretsMappingRotatePermission,
        );
        const key = b.key as string;
        const old = await this.o
          .vault(store.name)!
          .read(key, { version: b.version as number });
        const result = await this.writeAndSync(
          store,
          entity,
          {
            key,
            expectedVersion: b.expectedVersion as number,
            restore: old.data,
            confirmUnmanaged: b.confirmUnmanaged === true,
          },
          caller.actor,
        );
        return {
          result,
          meta: {
            store: store.name,
            key,
            restored: b.version as number,
            version: result.version,
          },
        };
      },
    );
  }

  /**
   * Push (portal → Vault): an owner writes values into a path below the prefixes the store
   * allows their entity — a new secret (`expectedVersion: 0`) or a new version — with the
   * same check-and-set and managed-by rules as rotation, then every consumer is synced.
   */
  async push(
    req: Request,
    entityRef: string,
    body: unknown,
  ): Promise<RotateResult> {
    return this.audited(req, 'secret-push', { entityRef }, async caller => {
      const input = parsePush(body, this.o.stores);
      const { entity } = await this.o.access.forEntity(
        caller,
        entityRef,
        secretsMappingRotatePermission,
      );
      const store = this.o.stores.get(input.store)!;
      const guard = keyIssues(input.key, store, entity);
      if (guard.length) throw new GuardrailError(guard);
      const result = await this.writeAndSync(
        store,
        entity,
        input,
        caller.actor,
      );
      return {
        result,
        meta: {
          store: store.name,
          key: input.key,
          version: result.version,
          properties: result.properties,
        },
      };
    });
  }

  /** Every write to Vault is audited with high severity; values never reach the event. */
  private audited<T>(
    req: Request,
    eventId: string,
    meta: Record<string, string>,
    fn: (
      caller: Caller,
    ) => Promise<{ result: T; meta: Record<string, unknown> }>,
  ): Promise<T> {
    return audited(this.o, req, { eventId, severityLevel: 'high', meta }, fn);
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
    caller: Awaited<ReturnType<MappingAccess['caller']>>,
    id: string,
    key: unknown,
    permission:
      | typeof secretsMappingRotatePermission
      | typeof secretsMappingReadPermission,
  ) {
    const mapping = await this.o.mappings.get(id);
    if (!mapping) throw new NotFoundError(`No mapping with id ${id}`);
    const { entity } = await this.o.access.forEntity(
      caller,
      mapping.entityRef,
      permission,
    );
    if (typeof key !== 'string' || readingFields(mapping, key).length === 0)
      throw new RequestInvalidError([
        {
          path: 'key',
          message: mapping.spec.dynamic
            ? 'this mapping is dynamic: Vault issues its values and the engine renews them (use "sync now"; there are no KV versions)'
            : 'must be a Vault path this mapping reads (data or dataFrom.extract)',
        },
      ]);
    const store = this.o.stores.get(mapping.spec.store)!;
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
    const gateway = this.o.vault(store.name)!;
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
    const consumers = (await this.o.mappings.list()).filter(
      m => m.spec.store === store && readingFields(m, key).length > 0,
    );
    const out: RotateResult['consumers'] = [];
    for (const m of consumers) {
      const states = await this.o.syncNow(m.id, actor);
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

const PROPERTY = /^[A-Za-z0-9_.-]{1,256}$/;

/** A property name must be safe to show; a value is length-checked, never quoted. */
function propertyIssues(at: string, property: string): ApiIssue[] {
  return PROPERTY.test(property)
    ? []
    : [
        {
          path: at,
          message: 'property must be letters, digits, "_", "." and "-"',
        },
      ];
}

function valueIssues(property: string, value: unknown): ApiIssue[] {
  const at = `values["${property.slice(0, 64)}"]`;
  const issues = propertyIssues(at, property);
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > MAX_VALUE_LENGTH
  )
    issues.push({
      path: at,
      message: `must be a non-empty string of at most ${MAX_VALUE_LENGTH} characters`,
    });
  return issues;
}

function confirmIssues(b: Record<string, unknown>): ApiIssue[] {
  return b.confirmUnmanaged !== undefined &&
    typeof b.confirmUnmanaged !== 'boolean'
    ? [{ path: 'confirmUnmanaged', message: 'must be true or false' }]
    : [];
}

/** The body, every rule checked at once; values are length-checked, never quoted. */
function parse(body: unknown): RotateRequest {
  const issues: ApiIssue[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new RequestInvalidError([
      { path: '', message: 'must be a JSON object' },
    ]);
  const b = body as Record<string, unknown>;
  issues.push(
    ...unknownFieldIssues(b, [
      'key',
      'expectedVersion',
      'generate',
      'values',
      'confirmUnmanaged',
    ]),
  );
  if (typeof b.key !== 'string' || !b.key)
    issues.push({
      path: 'key',
      message: 'is required: a Vault path the mapping reads',
    });

  if (!Number.isInteger(b.expectedVersion) || (b.expectedVersion as number) < 1)
    issues.push({
      path: 'expectedVersion',
      message:
        'is required: the KV v2 version you saw, a positive whole number',
    });
  const generate = b.generate ?? {};
  const values = b.values ?? {};
  if (typeof generate !== 'object' || Array.isArray(generate))
    issues.push({
      path: 'generate',
      message: 'must be a map of property to generator spec',
    });
  if (typeof values !== 'object' || Array.isArray(values))
    issues.push({
      path: 'values',
      message: 'must be a map of property to value',
    });
  const generated = Object.entries(generate as Record<string, unknown>);
  const given = Object.entries(values as Record<string, unknown>);
  if (generated.length + given.length === 0)
    issues.push({
      path: 'generate',
      message: 'name at least one property to generate or set',
    });
  for (const [property, spec] of generated) {
    const at = `generate["${property.slice(0, 64)}"]`;
    issues.push(...propertyIssues(at, property));
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
      issues.push({ path: at, message: 'must be a generator spec object' });
    else
      passwordSpecIssues(spec as PasswordSpec).forEach(i =>
        issues.push({ path: `${at}.${i.path}`, message: i.message }),
      );
  }
  for (const [property, value] of given) {
    issues.push(...valueIssues(property, value));
    if (property in (generate as object))
      issues.push({
        path: `values["${property.slice(0, 64)}"]`,
        message: 'is also in generate; choose one',
      });
  }
  issues.push(...confirmIssues(b));
  if (issues.length) throw new RequestInvalidError(issues);
  return b as unknown as RotateRequest;
}

/** Body of a push: `{ store, key, values, expectedVersion, confirmUnmanaged? }`. */
function parsePush(
  body: unknown,
  stores: ReadonlyMap<string, StoreConfig>,
): RotateInput & { store: string } {
  const b = (
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? body
      : {}
  ) as Record<string, unknown>;
  const issues: ApiIssue[] = [];
  if (b !== body) issues.push({ path: '', message: 'must be a JSON object' });
  issues.push(
    ...unknownFieldIssues(b, [
      'store',
      'key',
      'values',
      'expectedVersion',
      'confirmUnmanaged',
    ]),
  );
  const store = typeof b.store === 'string' ? stores.get(b.store) : undefined;
  if (!store)
    issues.push({
      path: 'store',
      message: `must be a configured store (known: ${
        [...stores.keys()].join(', ') || 'none'
      })`,
    });
  else if (store.kvVersion !== 2)
    issues.push({
      path: 'store',
      message: 'must be a KV v2 store: pushes are written as versions',
    });
  // The path rules of mappings, reused: one place decides what a Vault path may look like.
  const keyCheck = validateMappingSpec({
    store: 'x',
    data: [{ secretKey: 'k', remoteRef: { key: b.key } }],
    target: { clusters: ['x'], namespace: 'x', name: 'x' },
  });
  if (!keyCheck.ok)
    keyCheck.issues
      .filter(i => i.path === 'data[0].remoteRef.key')
      .forEach(i => issues.push({ path: 'key', message: i.message }));
  if (!Number.isInteger(b.expectedVersion) || (b.expectedVersion as number) < 0)
    issues.push({
      path: 'expectedVersion',
      message:
        'is required: the current version you saw, or 0 for a new secret',
    });
  const values = b.values;
  if (
    typeof values !== 'object' ||
    values === null ||
    Array.isArray(values) ||
    Object.keys(values).length === 0
  )
    issues.push({
      path: 'values',
      message: 'must map at least one property to its value',
    });
  else
    for (const [property, value] of Object.entries(values))
      issues.push(...valueIssues(property, value));
  issues.push(...confirmIssues(b));
  if (issues.length) throw new RequestInvalidError(issues);
  return b as unknown as RotateInput & { store: string };
}
