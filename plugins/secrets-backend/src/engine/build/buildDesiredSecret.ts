import {
  compileTemplate,
  TemplateError,
  type MappingSpec,
  type RemoteRef,
} from '@internal/plugin-secrets-common';
import { asText, pickProperty } from './property';
import {
  DesiredSecretError,
  type DesiredSecret,
  type SecretReader,
} from './types';

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

const validKey = (key: string) => key.length <= 253 && SECRET_KEY.test(key);
/** Key names can come from Vault content: show a bounded, printable form only. */
const keyName = (key: string) => key.replace(/[^\x20-\x7e]/g, '?').slice(0, 64);

/**
 * Resolves a mapping's sources into Secret data, following ESO: `dataFrom` entries in
 * order (a later one wins a key), then `data[]` on top; with `target.template`, the
 * Secret holds only the rendered template keys (ESO's default mergePolicy Replace).
 */
export async function buildDesiredSecret(
  spec: MappingSpec,
  reader: SecretReader,
): Promise<DesiredSecret> {
  const values: Record<string, string> = {};
  const sources = new Map<string, { key: string; version?: number }>();
  const read = async (ref: { key: string; version?: number }) => {
    const secret = await reader.read(spec.store, ref.key, ref.version);
    sources.set(`${ref.key}@${secret.version ?? ''}`, {
      key: ref.key,
      version: secret.version,
    });
    return secret.data;
  };
  const addAll = (field: string, data: unknown) => {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new DesiredSecretError(
        field,
        'property',
        'is not an object of keys',
      );
    }
    for (const [key, value] of Object.entries(data)) {
      if (!validKey(key))
        throw new DesiredSecretError(
          field,
          'invalidKey',
          `Vault key "${keyName(key)}" is not a valid Secret key`,
        );
      values[key] = asText(value);
    }
  };

  for (const [i, source] of (spec.dataFrom ?? []).entries()) {
    if ('extract' in source) {
      const field = `dataFrom[${i}].extract`;
      const data = await read(source.extract);
      addAll(
        field,
        source.extract.property
          ? property(`${field}.property`, data, source.extract)
          : data,
      );
      continue;
    }
    const field = `dataFrom[${i}].find`;
    const pattern = new RegExp(source.find.name.regexp);
    for (const key of await reader.listRecursive(
      spec.store,
      source.find.path ?? '',
    )) {
      if (pattern.test(key)) addAll(field, await read({ key }));
    }
  }
  for (const [i, entry] of (spec.data ?? []).entries()) {
    const data = await read(entry.remoteRef);
    values[entry.secretKey] = asText(
      entry.remoteRef.property
        ? property(`data[${i}].remoteRef.property`, data, entry.remoteRef)
        : data,
    );
  }

  const templates = spec.target.template?.data;
  const finalValues = templates ? render(templates, values) : values;
  return {
    type: spec.target.type ?? 'Opaque',
    data: Object.fromEntries(
      Object.entries(finalValues).map(([k, v]) => [k, Buffer.from(v, 'utf8')]),
    ),
    sources: [...sources.values()],
  };
}

function property(
  field: string,
  data: Record<string, unknown>,
  ref: RemoteRef,
): unknown {
  const value = pickProperty(data, ref.property!);
  if (value === undefined) {
    throw new DesiredSecretError(
      field,
      'property',
      `"${ref.property}" is not in Vault secret ${ref.key}`,
    );
  }
  return value;
}

function render(
  templates: Record<string, string>,
  values: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, source] of Object.entries(templates)) {
    const field = `target.template.data["${key}"]`;
    try {
      out[key] = compileTemplate(source).render(values);
    } catch (error) {
      // Template errors name positions and functions, never the data (see secrets-common).
      if (error instanceof TemplateError)
        throw new DesiredSecretError(field, 'template', error.message);
      throw error;
    }
  }
  return out;
}
