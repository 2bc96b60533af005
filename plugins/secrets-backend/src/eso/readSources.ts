import type {
  MappingDataEntry,
  MappingDataFrom,
  RemoteRef,
  Rewrite,
} from '@backstage-secrets/plugin-secrets-common';
import type { StoreConfig } from '../config';
import { isObj, type Reader } from './reader';

/**
 * The sources of an ExternalSecret — `data[]`, `dataFrom[]` and their `remoteRef`s — read
 * field by field into a mapping's, every field the engine cannot honour named.
 */

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

/** `conversionStrategy: Unicode` on an extract or a find; undefined for the default, refused otherwise. */
function conversion(
  r: Reader,
  value: unknown,
  path: string,
): 'Unicode' | undefined {
  if (value === undefined || value === 'Default') return undefined;
  if (value === 'Unicode') return 'Unicode';
  r.refuse(path, 'must be Default or Unicode');
  return undefined;
}

function remoteRef(
  r: Reader,
  value: unknown,
  path: string,
  store?: StoreConfig,
  /** An extract's keys are converted (conversionStrategy); a data entry has one key. */
  extract = false,
): RemoteRef & { conversionStrategy?: 'Unicode' } {
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
      ...(extract ? ['conversionStrategy'] : []),
    ],
    REF_DEFAULTS,
  );
  const ref: RemoteRef & { conversionStrategy?: 'Unicode' } = {
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
  if (extract) {
    const strategy = conversion(
      r,
      value.conversionStrategy,
      `${path}.conversionStrategy`,
    );
    if (strategy) ref.conversionStrategy = strategy;
  }
  return ref;
}

export function dataEntries(
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

export function dataFrom(
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
    r.only(entry, path, ['extract', 'find', 'rewrite']);
    const steps = rewrites(r, entry.rewrite, `${path}.rewrite`);
    if (entry.extract !== undefined)
      sources.push({
        extract: remoteRef(r, entry.extract, `${path}.extract`, store, true),
        ...(steps ? { rewrite: steps } : {}),
      });
    if (isObj(entry.find)) {
      const find = entry.find;
      r.only(
        find,
        `${path}.find`,
        ['path', 'name', 'tags', 'conversionStrategy'],
        {
          decodingStrategy: 'None',
        },
      );
      const strategy = conversion(
        r,
        find.conversionStrategy,
        `${path}.find.conversionStrategy`,
      );
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
          ...(strategy ? { conversionStrategy: strategy } : {}),
        },
        ...(steps ? { rewrite: steps } : {}),
      });
    }
    return undefined;
  });
  return sources;
}

/** ESO's `rewrite` steps, field by field; the spec rules then check the patterns. */
function rewrites(
  r: Reader,
  value: unknown,
  path: string,
): Rewrite[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    r.refuse(path, 'must be a list');
    return undefined;
  }
  return value.map((step, j) => {
    const at = `${path}[${j}]`;
    const obj = isObj(step) ? step : {};
    r.only(obj, at, ['regexp', 'transform']);
    if (isObj(obj.regexp)) {
      r.only(obj.regexp, `${at}.regexp`, ['source', 'target']);
      return {
        regexp: {
          source: String(obj.regexp.source ?? ''),
          target: String(obj.regexp.target ?? ''),
        },
      };
    }
    const transform = isObj(obj.transform) ? obj.transform : {};
    r.only(transform, `${at}.transform`, ['template']);
    return { transform: { template: String(transform.template ?? '') } };
  });
}
