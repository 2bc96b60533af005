import type { AuditorService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  secretsMappingRotatePermission,
  type ApiIssue,
} from '@internal/plugin-secrets-common';
import type { Request } from 'express';
import { pathIssues, type MappingAccess } from '../access';
import type { StoreConfig } from '../config';
import type { SyncState } from '../engine/syncState';
import type { MappingStore } from '../mappings/MappingStore';
import { readingFields } from '../mappings/readingFields';
import { GuardrailError, RequestInvalidError } from '../service/errors';
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

/** Body of `POST /mappings/{id}/rotate`. Values are write-only: never echoed or logged. */
export interface RotateRequest {
  /** A Vault path the mapping reads. */
  key: string;
  /** The version the owner saw; a newer one means someone else changed it (409). */
  expectedVersion: number;
  /** New generated values, by property. */
  generate?: Record<string, PasswordSpec>;
  /** Owner-supplied values, by property. */
  values?: Record<string, string>;
  /** Required to overwrite a secret the product did not write. */
  confirmUnmanaged?: boolean;
}

export interface RotateResult {
  store: string;
  key: string;
  previousVersion: number;
  version: number;
  properties: string[];
  consumers: {
    mappingId: string;
    entityRef: string;
    secrets: {
      cluster: string;
      namespace: string;
      name: string;
      status: string;
      reason?: string;
    }[];
  }[];
}

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
      auditor: AuditorService;
    },
  ) {}

  async rotate(req: Request, id: string, body: unknown): Promise<RotateResult> {
    const caller = await this.o.access.caller(req);
    const event = await this.o.auditor.createEvent({
      eventId: 'secret-rotate',
      severityLevel: 'high',
      request: req,
      meta: { mappingId: id, actor: caller.actor },
    });
    try {
      const mapping = await this.o.mappings.get(id);
      if (!mapping) throw new NotFoundError(`No mapping with id ${id}`);
      const entity = await this.o.access.entity(caller, mapping.entityRef);
      await this.o.access.require(
        caller,
        entity,
        secretsMappingRotatePermission,
      );
      const input = parse(
        body,
        readingFields(mapping, (body as RotateRequest)?.key ?? '').length > 0,
      );
      const store = this.o.stores.get(mapping.spec.store)!;
      if (store.kvVersion !== 2)
        throw new RequestInvalidError([
          {
            path: 'key',
            message: `store "${store.name}" is KV v1: rotation needs KV v2 versions`,
          },
        ]);
      const guard = pathIssues(
        {
          ...mapping.spec,
          data: [{ secretKey: 'k', remoteRef: { key: input.key } }],
          dataFrom: [],
        },
        store,
        entity,
      );
      if (guard.length)
        throw new GuardrailError(guard.map(i => ({ ...i, path: 'key' })));
      const result = await this.write(store, input);
      result.consumers = await this.syncConsumers(
        store.name,
        input.key,
        caller.actor,
      );
      await event.success({
        meta: {
          store: store.name,
          key: input.key,
          previousVersion: result.previousVersion,
          version: result.version,
          properties: result.properties,
          consumers: result.consumers.map(c => c.mappingId),
        },
      });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  private async write(
    store: StoreConfig,
    input: RotateRequest,
  ): Promise<RotateResult> {
    const gateway = this.o.vault(store.name)!;
    const meta = await gateway.metadata(input.key);
    if (meta.currentVersion !== input.expectedVersion) {
      throw new ConflictError(
        `${input.key} is at version ${meta.currentVersion}, not the version ${input.expectedVersion} you saw; reload and try again`,
      );
    }
    if (
      meta.customMetadata?.[MANAGED_BY_METADATA.key] !==
        MANAGED_BY_METADATA.value &&
      !input.confirmUnmanaged
    ) {
      throw new ConflictError(
        `${input.key} was not written by Backstage Secrets; rotating it replaces values someone else manages: confirm with confirmUnmanaged`,
      );
    }
    const current = await gateway.read(input.key, {
      version: input.expectedVersion,
    });
    const fresh: Record<string, string> = { ...(input.values ?? {}) };
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
          `${input.key} changed while rotating: you saw version ${
            input.expectedVersion
          }, it is now ${now?.currentVersion ?? 'newer'}; nothing was written`,
        );
      }
      throw error;
    }
    await gateway.writeCustomMetadata(input.key, {
      ...(meta.customMetadata ?? {}),
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

/** The body, every rule checked at once; values are length-checked, never quoted. */
function parse(body: unknown, keyIsRead: boolean): RotateRequest {
  const issues: ApiIssue[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new RequestInvalidError([
      { path: '', message: 'must be a JSON object' },
    ]);
  const b = body as Record<string, unknown>;
  const known = [
    'key',
    'expectedVersion',
    'generate',
    'values',
    'confirmUnmanaged',
  ];
  for (const k of Object.keys(b))
    if (!known.includes(k))
      issues.push({
        path: k.slice(0, 64),
        message: `is not a known field (known: ${known.join(', ')})`,
      });
  if (typeof b.key !== 'string' || !b.key)
    issues.push({
      path: 'key',
      message: 'is required: a Vault path the mapping reads',
    });
  else if (!keyIsRead)
    issues.push({
      path: 'key',
      message:
        'must be a Vault path this mapping reads (data or dataFrom.extract)',
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
    if (!PROPERTY.test(property))
      issues.push({
        path: at,
        message: 'property must be letters, digits, "_", "." and "-"',
      });
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
      issues.push({ path: at, message: 'must be a generator spec object' });
    else
      passwordSpecIssues(spec as PasswordSpec).forEach(i =>
        issues.push({ path: `${at}.${i.path}`, message: i.message }),
      );
  }
  for (const [property, value] of given) {
    const at = `values["${property.slice(0, 64)}"]`;
    if (!PROPERTY.test(property))
      issues.push({
        path: at,
        message: 'property must be letters, digits, "_", "." and "-"',
      });
    if (
      typeof value !== 'string' ||
      value.length === 0 ||
      value.length > MAX_VALUE_LENGTH
    )
      issues.push({
        path: at,
        message: `must be a non-empty string of at most ${MAX_VALUE_LENGTH} characters`,
      });
    if (property in (generate as object))
      issues.push({ path: at, message: 'is also in generate; choose one' });
  }
  if (
    b.confirmUnmanaged !== undefined &&
    typeof b.confirmUnmanaged !== 'boolean'
  )
    issues.push({ path: 'confirmUnmanaged', message: 'must be true or false' });
  if (issues.length) throw new RequestInvalidError(issues);
  return b as unknown as RotateRequest;
}
