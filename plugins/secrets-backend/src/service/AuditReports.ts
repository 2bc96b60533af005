import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KUBERNETES_NAMESPACE_ANNOTATION,
  secretsAuditPermission,
  type AuditFilter,
  type AuditMapping,
} from '@backstage-secrets/plugin-secrets-common';
import {
  normalizeRef,
  ownersOf,
  type Caller,
  type MappingAccess,
} from '../access';
import type { AccessConfig, StoreConfig } from '../config';
import type {
  LeaseStore,
  MappingStore,
  SyncState,
  SyncStateStore,
} from '../database';
import {
  ENTITY_REF_ANNOTATION,
  MAPPING_ID_LABEL,
  type ClusterGateway,
} from '../kubernetes';
import { mappingsReading } from './mappingsReading';
import { maxAgeOf, toDynamicStatus, toStatus } from './toStatus';

export interface AuditReportsOptions {
  mappings: MappingStore;
  state: Pick<SyncStateStore, 'list'>;
  catalog: CatalogService;
  clusters: ReadonlyMap<string, ClusterGateway>;
  /** Who may audit, and the namespace grants the unmanaged-Secrets scan covers. */
  access: MappingAccess;
  accessConfig: AccessConfig;
  /** For each mapping's rotation age limit. */
  stores: ReadonlyMap<string, StoreConfig>;
  /** For dynamic mappings' lease and certificate times. */
  leases: Pick<LeaseStore, 'currentOf'>;
  clock?: () => Date;
}

/**
 * The platform team's reports, over every entity's mappings: what no operator can
 * answer because it does not know the catalog. Each report first checks that the caller
 * may audit (`secrets.audit`).
 */
export class AuditReports {
  constructor(private readonly options: AuditReportsOptions) {}

  /** Every mapping with status and owners, filtered. */
  async mappings(
    caller: Caller,
    filter: AuditFilter = {},
  ): Promise<AuditMapping[]> {
    const all = await this.all(await this.auditCredentials(caller));
    const owner = filter.owner && normalizeRef(filter.owner);
    return all.filter(
      m =>
        (!owner || m.owners.includes(owner)) &&
        (!filter.store || m.spec.store === filter.store) &&
        (!filter.cluster || m.spec.target.clusters.includes(filter.cluster)) &&
        (!filter.status || m.status.some(s => s.status === filter.status)),
    );
  }

  /** Mappings whose entity left the catalog, or whose owners did. */
  async orphans(caller: Caller) {
    const credentials = await this.auditCredentials(caller);
    const all = await this.all(credentials);
    const ownerRefs = [...new Set(all.flatMap(m => m.owners))];
    const found = ownerRefs.length
      ? (
          await this.options.catalog.getEntitiesByRefs(
            {
              entityRefs: ownerRefs,
              fields: ['kind', 'metadata.name', 'metadata.namespace'],
            },
            { credentials },
          )
        ).items
      : [];
    const existing = new Set(ownerRefs.filter((_, i) => found[i]));
    const items = [];
    for (const m of all) {
      const { owners, entityExists, ...mapping } = m;
      if (!entityExists) {
        items.push({
          mapping,
          reason: 'EntityMissing',
          message: `${m.entityRef} is not in the catalog`,
        });
      } else if (!owners.some(o => existing.has(o))) {
        items.push({
          mapping,
          reason: 'OwnerMissing',
          message: `No owner of ${m.entityRef} is in the catalog (${
            owners.join(', ') || 'none recorded'
          })`,
        });
      }
    }
    return items;
  }

  /**
   * Secrets labelled as ours whose mapping is gone, in every namespace a mapping, an
   * entity annotation or a config grant points at. Names only: the data is never read out.
   */
  async unmanaged(caller: Caller) {
    const credentials = await this.auditCredentials(caller);
    // The namespaces from the targets' index; the mappings named by the Secrets found are
    // then read by id: the report does not read every mapping.
    const namespaces = new Set([
      ...(await this.options.mappings.targetNamespaces()).map(t => t.namespace),
      ...this.options.accessConfig.namespaces.map(n => n.namespace),
      ...(await this.annotatedNamespaces(credentials)),
    ]);
    const items: {
      cluster: string;
      namespace: string;
      name: string;
      mappingId?: string;
      entityRef?: string;
    }[] = [];
    const errors: { cluster: string; namespace: string; message: string }[] =
      [];
    for (const [cluster, gateway] of this.options.clusters) {
      for (const namespace of [...namespaces].sort()) {
        try {
          for (const secret of await gateway.listManagedSecrets(namespace)) {
            const mappingId = secret.labels[MAPPING_ID_LABEL];
            items.push({
              cluster,
              namespace,
              name: secret.name,
              mappingId,
              entityRef: secret.annotations[ENTITY_REF_ANNOTATION],
            });
          }
        } catch (error) {
          errors.push({
            cluster,
            namespace,
            message: (error as Error).message,
          });
        }
      }
    }
    const known = await this.options.mappings.getMany([
      ...new Set(items.flatMap(i => (i.mappingId ? [i.mappingId] : []))),
    ]);
    return {
      items: items.filter(i => !i.mappingId || !known.has(i.mappingId)),
      errors,
    };
  }

  /** Mappings failing now, or not synced successfully for longer than `staleAfterMs`. */
  async failing(caller: Caller, staleAfterMs: number) {
    const credentials = await this.auditCredentials(caller);
    const now = (this.options.clock ?? (() => new Date()))().getTime();
    const items = [];
    for (const m of await this.all(credentials)) {
      const { owners, entityExists, status, ...mapping } = m;
      for (const s of status) {
        const last = s.lastSyncedAt
          ? Date.parse(s.lastSyncedAt)
          : Date.parse(m.createdAt);
        const stale = now - last > staleAfterMs;
        if (s.status !== 'SyncedError' && !stale && !s.rotationDue) continue;
        items.push({ mapping: { ...mapping, status }, ...s, stale });
      }
    }
    return items;
  }

  /** Reverse lookup: every mapping, cluster and Secret that reads `key` of `store`. */
  async consumers(caller: Caller, store: string, key: string) {
    await this.auditCredentials(caller);
    const items = [];
    for (const { mapping: m, fields } of await mappingsReading(
      this.options.mappings,
      store,
      key,
    )) {
      for (const field of fields) {
        for (const cluster of m.spec.target.clusters) {
          items.push({
            mappingId: m.id,
            entityRef: m.entityRef,
            cluster,
            namespace: m.spec.target.namespace,
            secretName: m.spec.target.name,
            field,
          });
        }
      }
    }
    return items;
  }

  /** The caller's credentials, once the access rules let them audit. */
  private async auditCredentials(
    caller: Caller,
  ): Promise<BackstageCredentials> {
    await this.options.access.requireAudit(caller, secretsAuditPermission);
    return caller.credentials;
  }

  private async all(
    credentials: BackstageCredentials,
  ): Promise<AuditMapping[]> {
    const mappings = await this.options.mappings.list();
    const states = new Map<string, SyncState[]>();
    for (const s of await this.options.state.list()) {
      states.set(s.mappingId, [...(states.get(s.mappingId) ?? []), s]);
    }
    const refs = [...new Set(mappings.map(m => m.entityRef))];
    const entities = refs.length
      ? (
          await this.options.catalog.getEntitiesByRefs(
            { entityRefs: refs },
            { credentials },
          )
        ).items
      : [];
    const byRef = new Map<string, Entity | undefined>(
      refs.map((r, i) => [r, entities[i]]),
    );
    const dynamicIds = mappings.filter(m => m.spec.dynamic).map(m => m.id);
    const leases = dynamicIds.length
      ? await this.options.leases.currentOf(dynamicIds)
      : new Map();
    return mappings.map(m => {
      const entity = byRef.get(m.entityRef);
      const lease = leases.get(m.id);
      return {
        ...m,
        ...(lease ? { dynamic: toDynamicStatus(lease) } : {}),
        status: (states.get(m.id) ?? []).map(s =>
          toStatus(s, maxAgeOf(m.spec, this.options.stores.get(m.spec.store))),
        ),
        owners: entity ? ownersOf(entity) : [],
        entityExists: Boolean(entity),
      };
    });
  }

  private async annotatedNamespaces(
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${KUBERNETES_NAMESPACE_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: [`metadata.annotations`],
      },
      { credentials },
    );
    return items
      .map(e =>
        e.metadata.annotations?.[KUBERNETES_NAMESPACE_ANNOTATION]?.trim(),
      )
      .filter(
        (n): n is string =>
          Boolean(n) && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n!),
      );
  }
}
