import type { Entity } from '@backstage/catalog-model';
import {
  CLUSTERS_ANNOTATION,
  getEntityKubernetesNamespace,
  type ApiIssue,
  type MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import { parseAllDocuments } from 'yaml';
import { namespaceIssues, pathIssues } from '../access';
import type { AccessConfig, StoreConfig } from '../config';
import { fromExternalSecretManifest } from '../eso';
import { isObj, type Obj } from '../eso/reader';
import { RequestInvalidError } from './errors';
import { expandClusterExternalSecret } from './clusterExternalSecret';
import { checkSpec, type ConfiguredNames } from './mappingRequests';

/** ExternalSecret documents read in one go: an entity's declared files, or one bulk import. */
export const MAX_EXTERNAL_SECRET_DOCUMENTS = 50;

/** A YAML file of ExternalSecrets: its URL or name, and its text. */
export interface ExternalSecretFile {
  url: string;
  content: string;
}

/** One ExternalSecret document of a file: a spec that passed every check, or why not. */
export interface ExternalSecretDocument {
  file: string;
  /** `metadata.name`, or `#n` (its position in the file) when it has none. */
  name: string;
  spec?: MappingSpec;
  issues: ApiIssue[];
  /** What was adjusted on the way (a leading "/" dropped, metadata not copied). */
  notes?: ApiIssue[];
}

export interface ExternalSecretDocuments {
  documents: ExternalSecretDocument[];
  /**
   * Files whose documents could not be told apart (not YAML, too many documents): what
   * they declared before is kept, since nothing says it was removed.
   */
  unreadable: Set<string>;
}

const refused = (
  file: string,
  name: string,
  path: string,
  message: string,
): ExternalSecretDocument => ({ file, name, issues: [{ path, message }] });

/** What the documents are checked against. */
export interface DocumentContext {
  entity: Entity;
  stores: ReadonlyMap<string, StoreConfig>;
  /** The configured clusters. */
  clusters: readonly string[];
  accessConfig: AccessConfig;
  /** A store for every document instead of its `secretStoreRef.name` (a bulk import's choice). */
  store?: string;
  /** Clusters for every document instead of its annotation (a bulk import's choice). */
  targetClusters?: string[];
}

/**
 * Every ExternalSecret in the files, checked exactly as a single import through the API is:
 * ESO fields, the spec rules, configured names, then the entity's path prefixes and bound
 * namespaces. Other kinds (SecretStores, Deployments kept in the same folder) are skipped.
 */
export function checkExternalSecretDocuments(
  files: ExternalSecretFile[],
  context: DocumentContext,
): ExternalSecretDocuments {
  const documents: ExternalSecretDocument[] = [];
  const unreadable = new Set<string>();
  const names: ConfiguredNames = {
    stores: context.stores,
    clusters: context.clusters,
  };
  for (const file of files) {
    const parsed = parseAllDocuments(file.content);
    const docs = Array.isArray(parsed) ? parsed : [parsed];
    const errors = docs.flatMap(d => d.errors);
    if (errors.length) {
      unreadable.add(file.url);
      documents.push(
        refused(file.url, '(file)', 'yaml', errors[0].message.split(':\n')[0]),
      );
      continue;
    }
    const seen = new Set<string>();
    let index = 0;
    for (const doc of docs) {
      index++;
      let manifest: unknown;
      try {
        // A bounded alias count stops "billion laughs" documents from expanding.
        manifest = doc.toJS({ maxAliasCount: 50 });
      } catch {
        unreadable.add(file.url);
        documents.push(
          refused(file.url, `#${index}`, 'yaml', 'uses too many aliases'),
        );
        continue;
      }
      if (!isObj(manifest)) continue;
      const kind = manifest.kind;
      if (kind !== 'ExternalSecret' && kind !== 'ClusterExternalSecret')
        continue;
      const metadata = isObj(manifest.metadata) ? manifest.metadata : {};
      const name =
        typeof metadata.name === 'string' && metadata.name
          ? metadata.name.slice(0, 253)
          : `#${index}`;
      if (documents.length >= MAX_EXTERNAL_SECRET_DOCUMENTS) {
        unreadable.add(file.url);
        documents.push(
          refused(
            file.url,
            name,
            '',
            `more than ${MAX_EXTERNAL_SECRET_DOCUMENTS} ExternalSecrets are declared; this one and the rest are not read`,
          ),
        );
        break;
      }
      if (kind === 'ClusterExternalSecret') {
        // One document per namespace, named name/namespace, each checked on its own.
        const expanded = expandClusterExternalSecret(manifest);
        if ('issues' in expanded) {
          documents.push({ file: file.url, name, issues: expanded.issues });
          continue;
        }
        for (const one of expanded) {
          const docName = `${name}/${one.namespace}`;
          if (seen.has(docName)) continue;
          seen.add(docName);
          documents.push({
            file: file.url,
            name: docName,
            ...checkDocument(
              one.manifest,
              one.manifest.metadata as Obj,
              context,
              names,
            ),
          });
        }
        continue;
      }
      if (name.startsWith('#')) {
        documents.push(
          refused(
            file.url,
            name,
            'metadata.name',
            'is required: it identifies the document',
          ),
        );
        continue;
      }
      if (seen.has(name)) {
        documents.push(
          refused(
            file.url,
            name,
            'metadata.name',
            'another ExternalSecret in this file has the same name',
          ),
        );
        continue;
      }
      seen.add(name);
      documents.push({
        file: file.url,
        name,
        ...checkDocument(manifest, metadata, context, names),
      });
    }
  }
  return { documents, unreadable };
}

/** The clusters a document names in its annotation, or the only configured one. */
function clustersOf(
  metadata: Obj,
  clusters: readonly string[],
): { clusters: string[] } | { issue: ApiIssue } {
  const annotations = isObj(metadata.annotations) ? metadata.annotations : {};
  const named = annotations[CLUSTERS_ANNOTATION];
  const path = `metadata.annotations["${CLUSTERS_ANNOTATION}"]`;
  if (typeof named === 'string' && named.trim())
    return {
      clusters: [
        ...new Set(
          named
            .split(',')
            .map(c => c.trim())
            .filter(Boolean),
        ),
      ],
    };
  if (clusters.length === 1) return { clusters: [clusters[0]] };
  return {
    issue: {
      path,
      message: `is required when more than one cluster is configured (known: ${
        clusters.join(', ') || 'none'
      })`,
    },
  };
}

function checkDocument(
  manifest: Obj,
  metadata: Obj,
  context: DocumentContext,
  names: ConfiguredNames,
): { spec?: MappingSpec; issues: ApiIssue[]; notes: ApiIssue[] } {
  const target = context.targetClusters
    ? { clusters: context.targetClusters }
    : clustersOf(metadata, context.clusters);
  if ('issue' in target) return { issues: [target.issue], notes: [] };
  const imported = fromExternalSecretManifest(manifest, {
    stores: context.stores,
    store: context.store,
    clusters: target.clusters,
    defaultNamespace: getEntityKubernetesNamespace(context.entity),
    storeHint: context.store
      ? undefined
      : 'name a configured store in spec.secretStoreRef.name',
  });
  const notes = imported.notes;
  if (!imported.spec) return { issues: imported.issues, notes };
  let spec: MappingSpec;
  try {
    spec = checkSpec(imported.spec, names);
  } catch (error) {
    if (error instanceof RequestInvalidError)
      return { issues: error.issues, notes };
    throw error;
  }
  const guardrails = [
    ...pathIssues(spec, context.stores.get(spec.store)!, context.entity),
    ...namespaceIssues(spec, context.entity, context.accessConfig),
  ];
  return guardrails.length
    ? { issues: guardrails, notes }
    : { spec, issues: [], notes };
}
