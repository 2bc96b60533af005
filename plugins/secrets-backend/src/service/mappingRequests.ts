import {
  mappingWriteRequestSchema,
  toValidationIssues,
  validateMappingSpec,
  type ApiIssue,
  type MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import type { StoreConfig } from '../config';
import { RequestInvalidError, under, unknownFieldIssues } from './errors';

/** The stores and clusters a spec may name: those the configuration has. */
export interface ConfiguredNames {
  stores: ReadonlyMap<string, StoreConfig>;
  clusters: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Issues for a valid spec that names a store or cluster the configuration lacks. */
function configuredNameIssues(
  spec: MappingSpec,
  names: ConfiguredNames,
): ApiIssue[] {
  const issues: ApiIssue[] = [];
  if (!names.stores.has(spec.store))
    issues.push({
      path: 'spec.store',
      message: `"${spec.store}" is not a configured store (known: ${
        [...names.stores.keys()].join(', ') || 'none'
      })`,
    });
  // Custom metadata exists in KV v2 only.
  if (names.stores.get(spec.store)?.kvVersion === 1) {
    const refs = [
      ...(spec.data ?? []).map((d, i) => ({
        ref: d.remoteRef,
        path: `spec.data[${i}].remoteRef`,
      })),
      ...(spec.dataFrom ?? []).flatMap((d, i) =>
        'extract' in d
          ? [{ ref: d.extract, path: `spec.dataFrom[${i}].extract` }]
          : [],
      ),
    ];
    for (const { ref, path } of refs)
      if (ref.metadataPolicy === 'Fetch')
        issues.push({
          path: `${path}.metadataPolicy`,
          message: `Fetch needs a KV v2 store; "${spec.store}" is KV v1`,
        });
  }
  spec.target.clusters.forEach((c, i) => {
    if (!names.clusters.includes(c))
      issues.push({
        path: `spec.target.clusters[${i}]`,
        message: `"${c}" is not a configured cluster (known: ${
          names.clusters.join(', ') || 'none'
        })`,
      });
  });
  return issues;
}

/**
 * A spec found inside another body (an import's result, a preview): the rules of
 * `validateMappingSpec` once, then configured names. `issues` already found elsewhere in
 * the body are thrown together with the spec's, so a caller sees every problem at once.
 */
export function checkSpec(
  input: unknown,
  names: ConfiguredNames,
  issues: ApiIssue[] = [],
): MappingSpec {
  const found = [...issues];
  if (input === undefined) {
    found.push({ path: 'spec', message: 'is required' });
    throw new RequestInvalidError(found);
  }
  const result = validateMappingSpec(input);
  if (!result.ok) found.push(...under('spec', result.issues));
  else found.push(...configuredNameIssues(result.value, names));
  if (found.length || !result.ok) throw new RequestInvalidError(found);
  return result.value;
}

/**
 * `{ spec }` on create, `{ spec, revision? }` on replace: the shared schema (which runs the
 * spec rules once), then configured names.
 */
export function parseWriteBody(
  body: unknown,
  names: ConfiguredNames,
  options: { update: boolean },
): { spec: MappingSpec; revision?: number } {
  const schema = options.update
    ? mappingWriteRequestSchema
    : mappingWriteRequestSchema.omit({ revision: true });
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new RequestInvalidError(
      toValidationIssues(parsed.error).map(i =>
        i.path
          ? i
          : { ...i, path: '', message: 'must be a JSON object with a spec' },
      ),
    );
  }
  const { spec } = parsed.data;
  const issues = configuredNameIssues(spec, names);
  if (issues.length) throw new RequestInvalidError(issues);
  return { spec, revision: (parsed.data as { revision?: number }).revision };
}

/** What an ESO import asks for. */
export interface ImportInput {
  yaml: string;
  store?: string;
  clusters: string[];
  dryRun: boolean;
}

/** `{ yaml, store?, clusters?, dryRun? }`; clusters default to the only one configured. */
export function parseImportBody(
  body: unknown,
  configuredClusters: readonly string[],
): ImportInput {
  const issues: ApiIssue[] = [];
  const b = isObject(body) ? body : {};
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
    if (configuredClusters.length === 1) clusters = [...configuredClusters];
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

/** `{ entityRef, spec }` of a preview; every problem of both fields at once. */
export function parsePreviewBody(
  body: unknown,
  names: ConfiguredNames,
): { entityRef: string; spec: MappingSpec } {
  if (!isObject(body))
    throw new RequestInvalidError([
      { path: '', message: 'must be a JSON object' },
    ]);
  const issues = unknownFieldIssues(body, ['entityRef', 'spec']);
  const entityRef = body.entityRef;
  if (typeof entityRef !== 'string' || !entityRef || entityRef.length > 255)
    issues.push({
      path: 'entityRef',
      message:
        'is required: the owning entity, e.g. component:default/payments-api',
    });
  const spec = checkSpec(body.spec, names, issues);
  return { entityRef: entityRef as string, spec };
}

/** Files one bulk import may carry (the body limit bounds their size). */
export const MAX_IMPORT_FILES = 20;

/** What a bulk import asks for. */
export interface BulkImportInput {
  files: { name: string; yaml: string }[];
  store?: string;
  /** Every document's clusters; without it, each document's annotation or the only cluster. */
  clusters?: string[];
  /** `dryRun` writes nothing; `all` writes only if every document passes; `valid` writes those that do. */
  mode: 'dryRun' | 'all' | 'valid';
}

const IMPORT_MODES = ['dryRun', 'all', 'valid'] as const;

/** `{ files: [{ name, yaml }], store?, clusters?, mode? }`; every problem at once. */
export function parseBulkImportBody(body: unknown): BulkImportInput {
  const issues: ApiIssue[] = [];
  const b = isObject(body) ? body : {};
  if (b !== body)
    issues.push({ path: '', message: 'must be a JSON object with files' });
  issues.push(...unknownFieldIssues(b, ['files', 'store', 'clusters', 'mode']));
  const files = Array.isArray(b.files) ? b.files : [];
  if (files.length === 0 || files.length > MAX_IMPORT_FILES)
    issues.push({
      path: 'files',
      message: `must hold 1 to ${MAX_IMPORT_FILES} files of ExternalSecret YAML`,
    });
  files.slice(0, MAX_IMPORT_FILES).forEach((f, i) => {
    if (
      !isObject(f) ||
      typeof f.name !== 'string' ||
      !f.name.trim() ||
      f.name.length > 255
    )
      issues.push({
        path: `files[${i}].name`,
        message: 'is required: the file name, up to 255 characters',
      });
    if (!isObject(f) || typeof f.yaml !== 'string' || !f.yaml.trim())
      issues.push({
        path: `files[${i}].yaml`,
        message: 'is required: the YAML text',
      });
  });
  if (b.store !== undefined && typeof b.store !== 'string')
    issues.push({ path: 'store', message: 'must be a store name' });
  if (
    b.clusters !== undefined &&
    (!Array.isArray(b.clusters) ||
      b.clusters.length === 0 ||
      b.clusters.some(c => typeof c !== 'string'))
  )
    issues.push({
      path: 'clusters',
      message: 'must be a list of cluster names',
    });
  if (
    b.mode !== undefined &&
    !IMPORT_MODES.includes(b.mode as BulkImportInput['mode'])
  )
    issues.push({
      path: 'mode',
      message: `must be one of ${IMPORT_MODES.join(', ')}`,
    });
  if (issues.length) throw new RequestInvalidError(issues);
  return {
    files: (files as { name: string; yaml: string }[]).map(f => ({
      name: f.name,
      yaml: f.yaml,
    })),
    store: b.store as string | undefined,
    clusters: b.clusters as string[] | undefined,
    mode: (b.mode as BulkImportInput['mode']) ?? 'dryRun',
  };
}
