import { ConflictError } from '@backstage/errors';
import {
  secretsMappingCreatePermission,
  type BulkImportResult,
  type Mapping,
  type MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import type { Caller, MappingAccess } from '../access';
import type { AccessConfig, StoreConfig } from '../config';
import { secretTargetKey, type MappingStore } from '../database';
import { RequestInvalidError } from './errors';
import {
  checkExternalSecretDocuments,
  type ExternalSecretDocument,
} from './externalSecretDocuments';
import type { MappingEngine } from './MappingService';
import { parseBulkImportBody } from './mappingRequests';
import type { Audited } from './types';

type BulkImportDocument = BulkImportResult['documents'][number];

/**
 * Many ExternalSecrets at once — a multi-document file or a folder of them — checked one by
 * one as a single import is, plus the Secrets they would claim (already written by another
 * mapping, or twice in this import). A dry run only reports; `all` writes nothing unless
 * every document passes; `valid` writes the documents that pass. Mappings are queued for
 * their first sync only once all of them are written, so an import undone on a conflict
 * never synced anything.
 */
export class BulkImportService {
  constructor(
    private readonly options: {
      mappings: MappingStore;
      engine: Pick<MappingEngine, 'mappingSaved'>;
      access: MappingAccess;
      stores: ReadonlyMap<string, StoreConfig>;
      clusters: () => readonly string[];
      accessConfig: AccessConfig;
    },
  ) {}

  async importAll(
    caller: Caller,
    entityRef: string,
    body: unknown,
  ): Promise<Audited<BulkImportResult>> {
    const input = parseBulkImportBody(body);
    const access = await this.options.access.forEntity(
      caller,
      entityRef,
      secretsMappingCreatePermission,
    );
    const { documents } = checkExternalSecretDocuments(
      input.files.map(f => ({ url: f.name, content: f.yaml })),
      {
        entity: access.entity,
        stores: this.options.stores,
        clusters: this.options.clusters(),
        accessConfig: this.options.accessConfig,
        store: input.store,
        targetClusters: input.clusters,
      },
    );
    const results = await this.withClaims(documents);
    const refused = results.filter(r => r.outcome === 'refused');
    const meta = {
      entityRef: access.entityRef,
      mode: input.mode,
      accepted: results.length - refused.length,
      refused: refused.length,
    };
    // The specs stay here: the report names documents, outcomes and fields.
    const report = () => results.map(({ spec: _spec, ...rest }) => rest);
    if (input.mode === 'dryRun')
      return { result: { mode: input.mode, documents: report() }, meta };
    if (input.mode === 'all' && refused.length)
      throw new RequestInvalidError(
        refused.flatMap(r =>
          (r.issues ?? []).map(i => ({
            path: `${r.file}: ${r.name}${i.path ? `: ${i.path}` : ''}`,
            message: i.message,
          })),
        ),
      );
    const created = await this.write(
      access.entityRef,
      caller,
      input.mode,
      results,
    );
    return {
      result: { mode: input.mode, documents: report() },
      meta: {
        ...meta,
        refused: results.filter(r => r.outcome === 'refused').length,
        created: created.map(m => m.id),
      },
    };
  }

  /** Each passing document, refused when a Secret it writes is taken by a mapping or by an earlier document. */
  private async withClaims(
    documents: ExternalSecretDocument[],
  ): Promise<(BulkImportDocument & { spec?: MappingSpec })[]> {
    // Only the Secrets these documents write are looked up, not every mapping.
    const writers = await this.options.mappings.writersOf(
      documents.flatMap(({ spec }) =>
        (spec?.target.clusters ?? []).map(cluster => ({
          cluster,
          namespace: spec!.target.namespace,
          name: spec!.target.name,
        })),
      ),
    );
    const taken = new Map<string, string>(
      [...writers].map(([key, w]) => [
        key,
        `mapping ${w.mappingId} of ${w.entityRef}`,
      ]),
    );
    return documents.map(doc => {
      const base = {
        file: doc.file,
        name: doc.name,
        ...(doc.notes?.length ? { notes: doc.notes } : {}),
      };
      if (!doc.spec)
        return { ...base, outcome: 'refused' as const, issues: doc.issues };
      const t = doc.spec.target;
      const keys = t.clusters.map(cluster =>
        secretTargetKey({ ...t, cluster }),
      );
      const clash = keys.find(k => taken.has(k));
      if (clash)
        return {
          ...base,
          outcome: 'refused' as const,
          issues: [
            {
              path: 'spec.target',
              message: `Secret ${t.namespace}/${t.name} in cluster ${
                clash.split('/')[0]
              } is already written by ${taken.get(
                clash,
              )}; a Secret belongs to one mapping`,
            },
          ],
        };
      for (const k of keys)
        taken.set(k, `document "${doc.name}" of ${doc.file}`);
      return { ...base, outcome: 'accepted' as const, spec: doc.spec };
    });
  }

  /** Creates the accepted documents' mappings; `all` undoes every one on a conflict. */
  private async write(
    entityRef: string,
    caller: Caller,
    mode: 'all' | 'valid',
    results: (BulkImportDocument & { spec?: MappingSpec })[],
  ): Promise<Mapping[]> {
    const created: Mapping[] = [];
    for (const r of results) {
      if (r.outcome !== 'accepted' || !r.spec) continue;
      try {
        const mapping = await this.options.mappings.create(entityRef, {
          spec: r.spec,
          actor: caller.actor,
        });
        created.push(mapping);
        r.outcome = 'created';
        r.mappingId = mapping.id;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        if (mode === 'all') {
          for (const m of created) await this.options.mappings.delete(m.id);
          throw new ConflictError(
            `${r.file}: ${r.name}: ${error.message}; nothing was imported`,
          );
        }
        r.outcome = 'refused';
        r.issues = [{ path: 'spec.target', message: error.message }];
      }
    }
    for (const m of created)
      await this.options.engine.mappingSaved(m, caller.actor);
    return created;
  }
}
