import type {
  ApiIssue,
  MappingDataEntry,
  MappingDataFrom,
  MappingSpec,
  RemoteRef,
} from '@backstage-secrets/plugin-secrets-common';
import { parseAllDocuments } from 'yaml';
import type { StoreConfig } from '../config';
import { copiedMetadata } from './copiedMetadata';
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

/** ESO versions are strings ("3"); ours are numbers. */
function version(r: Reader, value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^[1-9]\d*$/.test(text)) {
    r.refuse(path, 'must be a KV v2 version number such as "3"');
    return undefined;
  }
  return Number(text);
}

/**
 * A leading "/", which ESO accepts, is dropped from a key, and a key pasted with the mount
 * (`secret/data/app`) is made relative to it; each change is noted.
 */
function relativeKey(
  r: Reader,
  key: unknown,
  path: string,
  store?: StoreConfig,
): string {
  const given = typeof key === 'string' ? key : '';
  const text = given.replace(/^\/+/, '');
  let prefixes: string[] = [];
  if (store)
    prefixes =
      store.kvVersion === 2
        ? [`${store.mount}/data/`, `${store.mount}/`]
        : [`${store.mount}/`];
  const prefix = prefixes.find(p => text.startsWith(p)) ?? '';
  const kept = text.slice(prefix.length);
  if (kept !== given)
    r.notes.push({
      path,
      message: `"${given}" ${
        prefix ? "starts with the store's mount" : 'starts with "/"'
      }; kept as "${kept}"`,
    });
  return kept;
}

/** The decodings the engine applies besides ESO's default None. */
const DECODING_STRATEGIES = ['Base64', 'Base64URL', 'Auto'];

/** What ESO's CRD writes into every remoteRef: a copy from a live cluster carries them. */
const REF_DEFAULTS = {
  conversionStrategy: 'Default',
  decodingStrategy: 'None',
  metadataPolicy: 'None',
  nullBytePolicy: 'Ignore',
};

function remoteRef(
  r: Reader,
  value: unknown,
  path: string,
  store?: StoreConfig,
): RemoteRef {
  if (!isObj(value)) {
    r.refuse(path, 'must be an object with a key');
    return { key: '' };
  }
  r.only(
    value,
    path,
    [
      'key',
      'property',
      'version',
      'decodingStrategy',
      'nullBytePolicy',
      'metadataPolicy',
    ],
    REF_DEFAULTS,
  );
  const ref: RemoteRef = {
    key: relativeKey(r, value.key, `${path}.key`, store),
  };
  if (value.property !== undefined) ref.property = String(value.property);
  const v = version(r, value.version, `${path}.version`);
  if (v !== undefined) ref.version = v;
  const decoding = value.decodingStrategy;
  if (decoding !== undefined && decoding !== 'None') {
    if (DECODING_STRATEGIES.includes(decoding as string))
      ref.decodingStrategy = decoding as RemoteRef['decodingStrategy'];
    else
      r.refuse(
        `${path}.decodingStrategy`,
        `must be one of None, ${DECODING_STRATEGIES.join(', ')}`,
      );
  }
  if (value.metadataPolicy === 'Fetch') ref.metadataPolicy = 'Fetch';
  else if (
    value.metadataPolicy !== undefined &&
    value.metadataPolicy !== 'None'
  )
    r.refuse(`${path}.metadataPolicy`, 'must be None or Fetch');
  if (value.nullBytePolicy === 'Fail') ref.nullBytePolicy = 'Fail';
  else if (
    value.nullBytePolicy !== undefined &&
    value.nullBytePolicy !== 'Ignore'
  )
    r.refuse(`${path}.nullBytePolicy`, 'must be Ignore or Fail');
  return ref;
}

function dataEntries(
  r: Reader,
  value: unknown,
  store?: StoreConfig,
): MappingDataEntry[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    r.refuse('spec.data', 'must be a list');
    return [];
  }
  return value.map((entry, i) => {
    const path = `spec.data[${i}]`;
    if (!isObj(entry)) {
      r.refuse(path, 'must be an object');
      return { secretKey: '', remoteRef: { key: '' } };
    }
    r.only(entry, path, ['secretKey', 'remoteRef']);
    return {
      secretKey: String(entry.secretKey ?? ''),
      remoteRef: remoteRef(r, entry.remoteRef, `${path}.remoteRef`, store),
    };
  });
}

function dataFrom(
  r: Reader,
  value: unknown,
  store?: StoreConfig,
): MappingDataFrom[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    r.refuse('spec.dataFrom', 'must be a list');
    return [];
  }
  const sources: MappingDataFrom[] = [];
  value.forEach((entry, i) => {
    const path = `spec.dataFrom[${i}]`;
    if (!isObj(entry)) return r.refuse(path, 'must be an object');
    r.only(entry, path, ['extract', 'find']);
    if (entry.extract !== undefined)
      sources.push({
        extract: remoteRef(r, entry.extract, `${path}.extract`, store),
      });
    if (isObj(entry.find)) {
      const find = entry.find;
      r.only(find, `${path}.find`, ['path', 'name', 'tags'], {
        conversionStrategy: 'Default',
        decodingStrategy: 'None',
      });
      const name = isObj(find.name) ? find.name : undefined;
      if (name) r.only(name, `${path}.find.name`, ['regexp']);
      const tags = isObj(find.tags) ? find.tags : undefined;
      sources.push({
        find: {
          ...(find.path !== undefined
            ? { path: relativeKey(r, find.path, `${path}.find.path`, store) }
            : {}),
          ...(name || !tags
            ? { name: { regexp: String(name?.regexp ?? '') } }
            : {}),
          ...(tags
            ? {
                tags: Object.fromEntries(
                  Object.entries(tags).map(([k, v]) => [k, String(v)]),
                ),
              }
            : {}),
        },
      });
    }
    return undefined;
  });
  return sources;
}

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
  r.only(
    target,
    'spec.target',
    ['name', 'creationPolicy', 'deletionPolicy', 'template'],
    { immutable: false },
  );
  if (target.creationPolicy === 'None')
    r.refuse(
      'spec.target.creationPolicy',
      'None is not supported: a mapping always writes a Secret',
    );
  if (target.deletionPolicy === 'Merge')
    r.refuse(
      'spec.target.deletionPolicy',
      'Merge is not supported (use Retain or Delete)',
    );
  const template = isObj(target.template) ? target.template : undefined;
  if (template) {
    r.only(template, 'spec.target.template', [
      'type',
      'engineVersion',
      'metadata',
      'data',
      'mergePolicy',
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
      ...copiedMetadata(r, metadata, template !== undefined),
      ...(isObj(templateMeta.labels)
        ? { labels: templateMeta.labels as Record<string, string> }
        : {}),
      ...(isObj(templateMeta.annotations)
        ? { annotations: templateMeta.annotations as Record<string, string> }
        : {}),
      ...(isObj(template?.data)
        ? {
            template: {
              data: template!.data as Record<string, string>,
              ...(template!.mergePolicy === 'Merge'
                ? { mergePolicy: 'Merge' as const }
                : {}),
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
