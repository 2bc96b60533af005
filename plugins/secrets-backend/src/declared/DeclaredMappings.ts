import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import {
  EXTERNAL_SECRETS_ANNOTATION,
  getEntityExternalSecretsPattern,
  type DeclaredDocument,
  type DeclaredMappings as DeclaredStatus,
  type Mapping,
} from '@backstage-secrets/plugin-secrets-common';
import type { AccessConfig, StoreConfig } from '../config';
import type { DeclaredStatusStore, MappingStore } from '../database';
import type { MappingEngine } from '../service/MappingService';
import { DeclaredReadError, type DeclaredFile } from './DeclaredFileReader';
import {
  checkExternalSecretDocuments,
  type ExternalSecretDocument,
} from '../service/externalSecretDocuments';

/** Who the history and `updatedBy` name for a change made from a declared file. */
export const DECLARED_ACTOR = 'git';

/** The catalog as the reconciler reads it. */
export interface DeclaredEntities {
  /** Entities carrying the annotation. */
  annotated(): Promise<Entity[]>;
  get(entityRef: string): Promise<Entity | undefined>;
}

export interface DeclaredMappingsOptions {
  mappings: MappingStore;
  statuses: DeclaredStatusStore;
  engine: Pick<MappingEngine, 'mappingSaved' | 'retire'>;
  files: { read(entity: Entity, pattern: string): Promise<DeclaredFile[]> };
  entities: DeclaredEntities;
  stores: ReadonlyMap<string, StoreConfig>;
  clusters: () => readonly string[];
  accessConfig: AccessConfig;
  logger: LoggerService;
}

const keyOf = (file: string, name: string) => `${file}\n${name}`;

/**
 * Keeps each entity's declared mappings in step with the ExternalSecret files its
 * repository holds: a new document creates a mapping, a changed one updates it, a removed
 * one retires it (by its deletionPolicy). A refused document changes nothing — a mapping
 * it made before stays as it was — and files that cannot be read change nothing at all.
 */
export class DeclaredMappings {
  /** One reconcile per entity at a time in this process (the schedule and "refresh" may meet). */
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(private readonly options: DeclaredMappingsOptions) {}

  /** Every annotated entity, then those that declared something before and no longer do. */
  async reconcileAll(): Promise<{ entities: number; retired: number }> {
    const annotated = await this.options.entities.annotated();
    const seen = new Set<string>();
    for (const entity of annotated) {
      const ref = stringifyEntityRef(entity);
      seen.add(ref);
      await this.reconcile(entity, ref).catch(error =>
        this.options.logger.warn(
          `Declared mappings of ${ref} were not reconciled: ${error}`,
        ),
      );
    }
    const before = new Set([
      ...(await this.options.mappings.list({ declared: true })).map(
        m => m.entityRef,
      ),
      ...(await this.options.statuses.entityRefs()),
    ]);
    let retired = 0;
    for (const ref of before) {
      if (seen.has(ref)) continue;
      // Gone from the annotated list: read it once more, a catalog page may have shifted.
      const entity = await this.options.entities.get(ref);
      const status = await this.reconcile(entity, ref);
      if (!status.declared) retired++;
    }
    return { entities: seen.size, retired };
  }

  /**
   * Reads one entity's files and applies them. `entity` undefined (deleted from the
   * catalog) or without the annotation retires all its declared mappings.
   */
  reconcile(
    entity: Entity | undefined,
    entityRef: string,
  ): Promise<DeclaredStatus> {
    const previous = this.running.get(entityRef) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => this.reconcileNow(entity, entityRef));
    this.running.set(entityRef, next);
    return next.finally(() => {
      if (this.running.get(entityRef) === next) this.running.delete(entityRef);
    });
  }

  async status(entityRef: string): Promise<DeclaredStatus> {
    return (
      (await this.options.statuses.get(entityRef)) ?? {
        declared: false,
        documents: [],
      }
    );
  }

  private async reconcileNow(
    entity: Entity | undefined,
    entityRef: string,
  ): Promise<DeclaredStatus> {
    const existing = await this.options.mappings.list({
      entityRef,
      declared: true,
    });
    const pattern = entity
      ? getEntityExternalSecretsPattern(entity)
      : undefined;
    if (!entity || !pattern) {
      for (const mapping of existing) await this.retire(mapping, entityRef);
      await this.options.statuses.delete(entityRef);
      return { declared: false, documents: [] };
    }
    const checkedAt = new Date().toISOString();
    let files: DeclaredFile[];
    try {
      files = await this.options.files.read(entity, pattern);
      // A path that finds nothing is more often a moved file or a renamed branch than an
      // intent to delete every Secret: that takes removing the annotation.
      if (files.length === 0)
        throw new DeclaredReadError(
          `"${pattern}" matches no file (to retire every declared mapping, remove the ${EXTERNAL_SECRETS_ANNOTATION} annotation)`,
        );
    } catch (error) {
      if (!(error instanceof DeclaredReadError)) throw error;
      // Nothing is known about what the files say now: keep every mapping as it is.
      const kept: DeclaredStatus = {
        declared: true,
        pattern,
        checkedAt,
        error: `${error.message}; the declared mappings are kept as they were`,
        documents: existing.map(m => ({
          file: m.source!.url,
          name: m.source!.document,
          outcome: 'unchanged',
          mappingId: m.id,
        })),
      };
      await this.options.statuses.put(entityRef, kept);
      return kept;
    }
    const { documents, unreadable } = checkExternalSecretDocuments(files, {
      entity,
      stores: this.options.stores,
      clusters: this.options.clusters(),
      accessConfig: this.options.accessConfig,
    });
    const byKey = new Map(
      existing.map(m => [keyOf(m.source!.url, m.source!.document), m]),
    );
    const declaredNow = new Set(documents.map(d => keyOf(d.file, d.name)));
    const outcomes: DeclaredDocument[] = [];
    // Retired first, so that a renamed document's Secret is free for its new mapping. A
    // file that could not be parsed keeps what it declared: nothing says it was removed.
    for (const [key, mapping] of byKey) {
      if (declaredNow.has(key)) continue;
      if (unreadable.has(mapping.source!.url)) {
        outcomes.push({
          file: mapping.source!.url,
          name: mapping.source!.document,
          outcome: 'unchanged',
          mappingId: mapping.id,
        });
        continue;
      }
      await this.retire(mapping, entityRef);
    }
    for (const doc of documents) {
      outcomes.push(
        await this.apply(doc, byKey.get(keyOf(doc.file, doc.name)), entityRef),
      );
    }
    const status: DeclaredStatus = {
      declared: true,
      pattern,
      checkedAt,
      documents: outcomes,
    };
    await this.options.statuses.put(entityRef, status);
    return status;
  }

  /** One document: create, update or leave its mapping; a refusal keeps what was there. */
  private async apply(
    doc: ExternalSecretDocument,
    current: Mapping | undefined,
    entityRef: string,
  ): Promise<DeclaredDocument> {
    const base = { file: doc.file, name: doc.name };
    if (!doc.spec) {
      return {
        ...base,
        outcome: 'refused',
        issues: doc.issues,
        ...(current ? { mappingId: current.id } : {}),
      };
    }
    try {
      if (current) {
        if (JSON.stringify(current.spec) === JSON.stringify(doc.spec))
          return { ...base, outcome: 'unchanged', mappingId: current.id };
        const updated = await this.options.mappings.update(current.id, {
          spec: doc.spec,
          actor: DECLARED_ACTOR,
        });
        await this.options.engine.mappingSaved(updated, DECLARED_ACTOR);
        this.options.logger.info(
          `Declared mapping ${updated.id} of ${entityRef} updated from ${doc.file}`,
        );
        return { ...base, outcome: 'updated', mappingId: updated.id };
      }
      const created = await this.options.mappings.create(entityRef, {
        spec: doc.spec,
        actor: DECLARED_ACTOR,
        source: { type: 'git', url: doc.file, document: doc.name },
      });
      await this.options.engine.mappingSaved(created, DECLARED_ACTOR);
      this.options.logger.info(
        `Declared mapping ${created.id} of ${entityRef} created from ${doc.file}`,
      );
      return { ...base, outcome: 'created', mappingId: created.id };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return {
        ...base,
        outcome: 'refused',
        issues: [
          {
            path: 'spec.target',
            message: `${error.message.replace(
              /^target: /,
              '',
            )}; the mapping that claimed it first is kept`,
          },
        ],
        ...(current ? { mappingId: current.id } : {}),
      };
    }
  }

  private async retire(mapping: Mapping, entityRef: string): Promise<void> {
    if (!(await this.options.mappings.delete(mapping.id))) return;
    const result = await this.options.engine.retire(mapping);
    this.options.logger.info(
      `Declared mapping ${mapping.id} of ${entityRef} retired (${
        mapping.source!.url
      } no longer declares ${mapping.source!.document}): ${result.secrets
        .map(s => `${s.cluster}:${s.outcome}`)
        .join(', ')}`,
    );
  }
}
