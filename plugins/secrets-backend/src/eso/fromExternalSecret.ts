import type {
  ApiIssue,
  MappingSpec,
  TemplateFrom,
} from '@backstage-secrets/plugin-secrets-common';
import { parseAllDocuments } from 'yaml';
import type { StoreConfig } from '../config';
import { copiedMetadata } from './copiedMetadata';
import { dataEntries, dataFrom } from './readSources';
import { isObj, Reader, type Obj } from './reader';
import { RESTART_TARGETS_ANNOTATION } from './toExternalSecret';

/** The result of reading an ExternalSecret: a spec, or every field that stops it. */
export interface ImportResult {
  /** Present when nothing blocks the import; still validated like any other spec. */
  spec?: MappingSpec;
  /** Fields that cannot be honoured; the import is refused when there are any. */
  issues: ApiIssue[];
  /** What was adjusted on the way (e.g. a mount prefix removed from a key). */
  notes: ApiIssue[];
}

export interface ImportOptions {
  stores: ReadonlyMap<string, StoreConfig>;
  /** A configured store to use when `secretStoreRef.name` names none of ours. */
  store?: string;
  clusters: string[];
  /** Used when the ExternalSecret has no `metadata.namespace`. */
  defaultNamespace?: string;
  /** How to fix a `secretStoreRef.name` naming no configured store; default: the import's `store` field. */
  storeHint?: string;
}

const API_VERSIONS = ['external-secrets.io/v1beta1', 'external-secrets.io/v1'];

function pickStore(
  r: Reader,
  spec: Obj,
  options: ImportOptions,
): StoreConfig | undefined {
  const ref = isObj(spec.secretStoreRef) ? spec.secretStoreRef : {};
  r.only(ref, 'spec.secretStoreRef', ['name', 'kind']);
  const named =
    typeof ref.name === 'string' ? options.stores.get(ref.name) : undefined;
  if (options.store) {
    const chosen = options.stores.get(options.store);
    if (!chosen)
      r.refuse(
        'store',
        `"${options.store}" is not a configured store (known: ${
          [...options.stores.keys()].join(', ') || 'none'
        })`,
      );
    else if (ref.name !== options.store)
      r.notes.push({
        path: 'spec.secretStoreRef.name',
        message: `store "${options.store}" is used instead of "${String(
          ref.name,
        )}"`,
      });
    return chosen;
  }
  if (!named)
    r.refuse(
      'spec.secretStoreRef.name',
      `"${String(ref.name ?? '')}" is not a configured store (known: ${
        [...options.stores.keys()].join(', ') || 'none'
      }); ${options.storeHint ?? 'choose one with "store"'}`,
    );
  return named;
}

/**
 * ESO's `templateFrom` with `literal` sources written into the Secret's data (`target: Data`,
 * the default); ConfigMap and Secret sources, and other targets, are refused by field.
 */
const SOURCE_KEYS = ['literal', 'configMap', 'secret'];

function templateFromEntries(
  r: Reader,
  value: unknown,
): TemplateFrom[] | undefined {
  if (value === undefined) return undefined;
  const path = 'spec.target.template.templateFrom';
  if (!Array.isArray(value)) {
    r.refuse(path, 'must be a list');
    return undefined;
  }
  return value.map((entry, j) => {
    const at = `${path}[${j}]`;
    const obj = isObj(entry) ? entry : {};
    // target Data is ESO's default; Labels, Annotations and others are not supported.
    r.only(obj, at, SOURCE_KEYS, {
      target: 'Data',
      valuesDecodingStrategy: 'None',
    });
    const given = SOURCE_KEYS.filter(k => obj[k] !== undefined);
    // Its shape (exactly one source, name, items, templateAs) is checked with the spec.
    if (given.length !== 1 || given[0] !== 'literal')
      return Object.fromEntries(given.map(k => [k, obj[k]])) as TemplateFrom;
    if (typeof obj.literal !== 'string')
      r.refuse(
        `${at}.literal`,
        'is required: the templated YAML (or a configMap or secret)',
      );
    return { literal: String(obj.literal ?? '') };
  });
}

/** Converts one ExternalSecret manifest into a mapping spec, or names what stops it. */
export function fromExternalSecret(
  text: string,
  options: ImportOptions,
): ImportResult {
  const r = new Reader();
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    for (const error of doc.errors) {
      // The parser's message quotes the offending line; keep only where it is.
      r.refuse('yaml', error.message.split(':\n')[0]);
    }
  }
  if (r.issues.length) return { issues: r.issues, notes: r.notes };
  let manifests: Obj[];
  try {
    // A bounded alias count stops "billion laughs" documents from expanding without limit.
    manifests = list.map(d => d.toJS({ maxAliasCount: 50 })).filter(isObj);
  } catch {
    r.refuse('yaml', 'uses too many aliases');
    return { issues: r.issues, notes: r.notes };
  }
  const external = manifests.filter(m => m.kind === 'ExternalSecret');
  if (external.length !== 1) {
    r.refuse(
      'yaml',
      `must contain exactly one ExternalSecret (found ${external.length})`,
    );
    return { issues: r.issues, notes: r.notes };
  }
  return fromExternalSecretManifest(external[0], options);
}

/** Converts one parsed ExternalSecret (a plain object) into a mapping spec, or names what stops it. */
export function fromExternalSecretManifest(
  es: Obj,
  options: ImportOptions,
): ImportResult {
  const r = new Reader();
  if (!API_VERSIONS.includes(String(es.apiVersion ?? API_VERSIONS[1])))
    r.refuse('apiVersion', `must be one of ${API_VERSIONS.join(', ')}`);
  const metadata = isObj(es.metadata) ? es.metadata : {};
  const spec = isObj(es.spec) ? es.spec : {};
  r.only(spec, 'spec', [
    'secretStoreRef',
    'target',
    'data',
    'dataFrom',
    'refreshInterval',
    'refreshPolicy',
  ]);
  const store = pickStore(r, spec, options);

  const target = isObj(spec.target) ? spec.target : {};
  r.only(target, 'spec.target', [
    'name',
    'creationPolicy',
    'deletionPolicy',
    'immutable',
    'template',
  ]);
  const template = isObj(target.template) ? target.template : undefined;
  if (template) {
    r.only(template, 'spec.target.template', [
      'type',
      'engineVersion',
      'metadata',
      'data',
      'mergePolicy',
      'templateFrom',
    ]);
    if (
      template.mergePolicy !== undefined &&
      template.mergePolicy !== 'Replace' &&
      template.mergePolicy !== 'Merge'
    )
      r.refuse('spec.target.template.mergePolicy', 'must be Replace or Merge');
    if ((template.engineVersion ?? 'v2') !== 'v2')
      r.refuse(
        'spec.target.template.engineVersion',
        'only v2 templates are supported',
      );
  }
  const templateFrom = templateFromEntries(r, template?.templateFrom);
  const templateMeta = isObj(template?.metadata) ? template!.metadata : {};
  r.only(templateMeta, 'spec.target.template.metadata', [
    'labels',
    'annotations',
  ]);

  const namespace =
    typeof metadata.namespace === 'string'
      ? metadata.namespace
      : options.defaultNamespace;
  if (!namespace)
    r.refuse(
      'metadata.namespace',
      'is required: the entity has no namespace to default to',
    );
  const annotations = isObj(metadata.annotations) ? metadata.annotations : {};
  const restart = annotations[RESTART_TARGETS_ANNOTATION];
  const restartTargets =
    typeof restart === 'string' && restart.trim()
      ? restart.split(',').map(entry => {
          const [kind, name = ''] = entry.trim().split('/');
          return { kind, name } as NonNullable<
            MappingSpec['target']['rolloutRestartTargets']
          >[number];
        })
      : undefined;
  const result: MappingSpec = {
    store: store?.name ?? '',
    target: {
      clusters: options.clusters,
      namespace: namespace ?? '',
      name: String(target.name ?? metadata.name ?? ''),
      ...(template?.type !== undefined ? { type: String(template.type) } : {}),
      ...(target.creationPolicy !== undefined
        ? {
            creationPolicy:
              target.creationPolicy as MappingSpec['target']['creationPolicy'],
          }
        : {}),
      ...(target.deletionPolicy !== undefined
        ? {
            deletionPolicy:
              target.deletionPolicy as MappingSpec['target']['deletionPolicy'],
          }
        : {}),
      // false is ESO's default, written into every copy taken from a live cluster.
      ...(target.immutable !== undefined && target.immutable !== false
        ? { immutable: target.immutable as boolean }
        : {}),
      ...copiedMetadata(r, metadata, template !== undefined),
      ...(isObj(templateMeta.labels)
        ? { labels: templateMeta.labels as Record<string, string> }
        : {}),
      ...(isObj(templateMeta.annotations)
        ? { annotations: templateMeta.annotations as Record<string, string> }
        : {}),
      ...(isObj(template?.data) || templateFrom
        ? {
            template: {
              data: (isObj(template!.data) ? template!.data : {}) as Record<
                string,
                string
              >,
              ...(template!.mergePolicy === 'Merge'
                ? { mergePolicy: 'Merge' as const }
                : {}),
              ...(templateFrom ? { templateFrom } : {}),
            },
          }
        : {}),
      ...(restartTargets ? { rolloutRestartTargets: restartTargets } : {}),
    },
  };
  const data = dataEntries(r, spec.data, store);
  if (data.length) result.data = data;
  const from = dataFrom(r, spec.dataFrom, store);
  if (from.length) result.dataFrom = from;
  if (spec.refreshInterval !== undefined)
    result.refreshInterval = String(spec.refreshInterval);
  if (spec.refreshPolicy !== undefined)
    result.refreshPolicy = spec.refreshPolicy as MappingSpec['refreshPolicy'];
  return r.issues.length
    ? { issues: r.issues, notes: r.notes }
    : { spec: result, issues: [], notes: r.notes };
}
