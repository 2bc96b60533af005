/**
 * From a mapping's spec and what Vault holds to the bytes of the Secret it wants — ESO's
 * ExternalSecret semantics for the Vault provider, in pure logic (all I/O goes through
 * the {@link SecretReader}).
 *
 * - `data[]`: `remoteRef.property` picks a literal top-level key first, otherwise a dot
 *   path (`settings.queue.url`); without a property, the whole secret as JSON.
 * - `dataFrom[].extract`: every top-level key of the secret (or of the object at
 *   `property`) becomes a Secret key. A Vault key that is not a valid Secret key is an
 *   error (ESO's conversionStrategy is not part of the mapping model).
 * - `dataFrom[].find`: as ESO's Vault provider does it — every secret below `path`
 *   (default: the mount root) whose full path (`team/app/db`, relative to the mount)
 *   matches `name.regexp` (unanchored) becomes ONE Secret key: its path with every
 *   character a Secret key may not hold ("/" first) replaced by "_" (`team_app_db`),
 *   holding the whole secret as JSON. Two paths that become the same key are a
 *   `conflict` (ESO: "secret name collision during conversion"). A secret deleted between
 *   the listing and the read is skipped (as ESO); a find matching nothing is `notFound`.
 * - Precedence: `dataFrom` entries in order (a later one wins a key it shares with an
 *   earlier one), then `data[]` on top (a later entry wins a duplicate `secretKey`).
 * - `target.template.data` (when it has keys): every template is rendered with all
 *   collected values as input, and the Secret holds only the templated keys (ESO's
 *   default mergePolicy Replace). An empty `template.data` leaves the collected data
 *   as it is, like ESO.
 * - Values: strings as-is (UTF-8), `null` as empty, other values as JSON with object keys
 *   sorted at every level (the bytes Go's `json.Marshal` gives, less its HTML escaping).
 * - A Vault secret that is gone (`VaultError` kind `notFound`, or a find matching
 *   nothing): under `deletionPolicy: Delete` or `Merge` its keys are dropped, as ESO does,
 *   and only when every source is gone is the error thrown (see {@link isVaultSecretGone}),
 *   so the engine removes the Secret (`Delete`) or empties it (`Merge`). Under `Retain` (the default) it is thrown at once and the
 *   live Secret stays as it is. Any other read failure is thrown first and unchanged.
 *
 * Every read is started at once (the engine's reader shares one Vault read per key and
 * version), and results are used in spec order, so the outcome and the first error
 * reported do not depend on timing.
 */
import type {
  MappingSpec,
  RemoteRef,
} from '@backstage-secrets/plugin-secrets-common';
import { VaultError } from '../../vault/errors';
import {
  DesiredSecretError,
  type DesiredSecret,
  type SecretReader,
} from './types';
import {
  asText,
  canonicalJson,
  decodeValue,
  convertKey,
  isObject,
  isSecretDataKey,
  pickProperty,
  SECRET_DATA_KEY_RULE,
  shownKey,
} from './values';

import { renderTemplates } from './renderTemplates';
import {
  readTemplateFrom,
  type TemplateSourceReader,
  type TemplateText,
} from './templateSources';
import { renameKeys, rewriteKeys } from './rewriteKeys';
import {
  findSecrets,
  settle,
  type ReadResult,
  type Settled,
} from './findSecrets';

/** Distinct (key, version) pairs in first-read order. */
class SourceLog {
  private readonly entries = new Map<
    string,
    { key: string; version?: number; createdTime?: string }
  >();

  add(secret: ReadResult): void {
    const id = JSON.stringify([secret.key, secret.version ?? null]);
    if (!this.entries.has(id)) {
      this.entries.set(id, {
        key: secret.key,
        ...(secret.version === undefined ? {} : { version: secret.version }),
        ...(secret.createdTime ? { createdTime: secret.createdTime } : {}),
      });
    }
  }

  list(): { key: string; version?: number; createdTime?: string }[] {
    return [...this.entries.values()];
  }
}

/**
 * Whether a {@link buildDesiredSecret} failure means the Vault secret is gone (not
 * merely unreadable) — what `deletionPolicy` Delete and Merge act on.
 */
export function isVaultSecretGone(error: unknown): boolean {
  return (
    (error instanceof VaultError && error.kind === 'notFound') ||
    (error instanceof DesiredSecretError && error.reason === 'notFound')
  );
}

/** Kubernetes' limit on a Secret's data: keys and values together. */
export const MAX_SECRET_DATA_BYTES = 1024 * 1024;

/** Builds the Secret a mapping wants; see the module comment for the rules. */
export async function buildDesiredSecret(
  spec: MappingSpec,
  reader: SecretReader,
  templateSources?: TemplateSourceReader,
): Promise<DesiredSecret> {
  const read = async (ref: RemoteRef) => {
    // metadataPolicy Fetch (ESO): the custom metadata stands in for the data.
    if (ref.metadataPolicy === 'Fetch')
      return {
        key: ref.key,
        data: await reader.readCustomMetadata(spec.store, ref.key),
      };
    const secret = await reader.read(spec.store, ref.key, ref.version);
    return {
      key: ref.key,
      data: secret.data,
      version: secret.version,
      createdTime: secret.createdTime,
    };
  };
  const dataFrom = spec.dataFrom ?? [];
  const data = spec.data ?? [];

  const [fromResults, dataResults] = await Promise.all([
    Promise.all(
      dataFrom.map((source, i) =>
        settle<ReadResult[]>(
          'extract' in source
            ? read(source.extract).then(r => [r])
            : findSecrets(
                spec.store,
                reader,
                source.find,
                `dataFrom[${i}].find`,
              ),
        ),
      ),
    ),
    Promise.all(data.map(entry => settle(read(entry.remoteRef)))),
  ]);

  const all: Settled<unknown>[] = [...fromResults, ...dataResults];
  const failures = all.flatMap(r => (r.ok ? [] : [r.error]));
  const hardFailure = failures.find(e => !isVaultSecretGone(e));
  if (hardFailure !== undefined) throw hardFailure;
  if (failures.length > 0) {
    const everythingGone = failures.length === all.length;
    // Delete and Merge drop the vanished keys and write the rest, as ESO does.
    const dropsVanished = (spec.target.deletionPolicy ?? 'Retain') !== 'Retain';
    if (!dropsVanished || everythingGone) throw failures[0];
  }

  const values = new Map<string, string | Buffer>();
  const sources = new SourceLog();

  dataFrom.forEach((source, i) => {
    const result = fromResults[i];
    if (!result.ok) return; // gone, and deletionPolicy drops it
    if ('extract' in source) {
      const [secret] = result.value;
      sources.add(secret);
      const field = `dataFrom[${i}].extract`;
      const object = source.extract.property
        ? property(`${field}.property`, secret, source.extract)
        : secret.data;
      if (!isObject(object)) {
        throw new DesiredSecretError(
          `${field}.property`,
          'property',
          `property "${source.extract.property}" of Vault secret "${secret.key}" does not hold an object of keys`,
        );
      }
      // ESO: a rewrite renames the Vault keys; without one, they are converted by the
      // source's conversionStrategy. Either way the keys must be valid and distinct.
      const entries = source.rewrite?.length
        ? rewriteKeys(Object.entries(object), source.rewrite, `dataFrom[${i}]`)
        : renameKeys(
            Object.entries(object),
            key => convertKey(key, source.extract.conversionStrategy),
            field,
            key => `key ${shownKey(key)} of Vault secret "${secret.key}"`,
          );
      for (const [key, value] of entries) {
        values.set(
          key,
          decoded(
            asText(value),
            source.extract,
            field,
            `key ${shownKey(key)} of Vault secret "${secret.key}"`,
          ),
        );
      }
      return;
    }
    // ESO: a rewrite works on the found paths themselves; without one, each path is
    // converted by the find's conversionStrategy ("/" becomes "_").
    const found = result.value.map(r => [r.key, r] as [string, ReadResult]);
    for (const secret of result.value) sources.add(secret);
    const entries = source.rewrite?.length
      ? rewriteKeys(found, source.rewrite, `dataFrom[${i}]`)
      : renameKeys(
          found,
          key => convertKey(key, source.find.conversionStrategy),
          `dataFrom[${i}].find`,
          key => `Vault secret "${key}"`,
        );
    for (const [key, secret] of entries)
      values.set(key, canonicalJson(secret.data));
  });

  data.forEach((entry, i) => {
    const result = dataResults[i];
    if (!result.ok) return; // gone, and deletionPolicy drops it
    const secret = result.value;
    sources.add(secret);
    if (!isSecretDataKey(entry.secretKey)) {
      throw new DesiredSecretError(
        `data[${i}].secretKey`,
        'invalidKey',
        `${shownKey(entry.secretKey)} ${SECRET_DATA_KEY_RULE}`,
      );
    }
    const value = entry.remoteRef.property
      ? property(`data[${i}].remoteRef.property`, secret, entry.remoteRef)
      : secret.data;
    values.set(
      entry.secretKey,
      decoded(
        asText(value),
        entry.remoteRef,
        `data[${i}].remoteRef`,
        `the value of Vault secret "${secret.key}"${
          entry.remoteRef.property
            ? ` property "${entry.remoteRef.property}"`
            : ''
        }`,
      ),
    );
  });

  const texts = spec.target.template
    ? await readTemplateFrom(spec.target.template, templateSources)
    : [];
  return finishDesiredSecret(spec, values, sources.list(), 'Opaque', texts);
}

/** The `templateFrom` literals as template texts: all a dynamic mapping may have. */
function literalTexts(spec: MappingSpec): TemplateText[] {
  return (spec.target.template?.templateFrom ?? []).flatMap((from, j) =>
    'literal' in from
      ? [
          {
            field: `target.template.templateFrom[${j}].literal`,
            text: from.literal,
            scope: 'KeysAndValues' as const,
            secret: false,
          },
        ]
      : [],
  );
}

/**
 * The last step for every kind of source: templates (when the spec has any) turn the
 * collected values into the Secret's keys, and text becomes bytes.
 */
export function finishDesiredSecret(
  spec: MappingSpec,
  values: Map<string, string | Buffer>,
  sources: DesiredSecret['sources'],
  defaultType = 'Opaque',
  texts: TemplateText[] = literalTexts(spec),
): DesiredSecret {
  const template = spec.target.template;
  let final = values;
  if (
    template &&
    (Object.keys(template.data).length > 0 || template.templateFrom?.length)
  ) {
    const rendered = renderTemplates(template, values, texts);
    // mergePolicy Merge (ESO): the data keys stay and a template wins a shared key.
    final =
      spec.target.template?.mergePolicy === 'Merge'
        ? new Map([...values, ...rendered])
        : rendered;
  }

  const out: Record<string, Buffer> = {};
  let size = 0;
  for (const key of [...final.keys()].sort()) {
    const value = final.get(key)!;
    out[key] = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    size += Buffer.byteLength(key) + out[key].length;
  }
  // Kubernetes' own rule (keys plus values), checked here so the preview says it before a
  // save and a sync fails with the size rather than the API server's bare 422.
  if (size > MAX_SECRET_DATA_BYTES)
    throw new DesiredSecretError(
      'data',
      'tooLarge',
      `the Secret would hold ${size} bytes of keys and values; Kubernetes allows 1 MiB (${MAX_SECRET_DATA_BYTES} bytes)`,
    );
  return { type: spec.target.type ?? defaultType, data: out, sources };
}

/** A value after its decodingStrategy, or a `decoding` error naming where — never the value. */
function decoded(
  text: string,
  ref: RemoteRef,
  field: string,
  what: string,
): string | Buffer {
  const value = decodeValue(text, ref.decodingStrategy);
  if (value === undefined)
    throw new DesiredSecretError(
      `${field}.decodingStrategy`,
      'decoding',
      `${what} is not ${ref.decodingStrategy} (padded, as Go's encoding/base64 writes it)`,
    );
  if (
    ref.nullBytePolicy === 'Fail' &&
    (typeof value === 'string' ? value.includes('\0') : value.includes(0))
  )
    throw new DesiredSecretError(
      `${field}.nullBytePolicy`,
      'decoding',
      `${what} holds a NUL byte, which nullBytePolicy Fail refuses`,
    );
  return value;
}

/** The value at `ref.property`, or a `property` error naming it — never a value. */
function property(field: string, secret: ReadResult, ref: RemoteRef): unknown {
  const value = pickProperty(secret.data, ref.property!);
  if (value === undefined) {
    throw new DesiredSecretError(
      field,
      'property',
      `Vault secret "${secret.key}" has no property "${ref.property}"`,
    );
  }
  return value;
}
