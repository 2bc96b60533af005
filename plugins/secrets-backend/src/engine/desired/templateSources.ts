import type { MappingTarget } from '@backstage-secrets/plugin-secrets-common';
import type { ClusterGateway } from '../../kubernetes';
import { DesiredSecretError } from './types';

/**
 * Reads the ConfigMaps and Secrets that `templateFrom` names, in the target namespace of
 * one cluster; `undefined` when there is none of that name.
 */
export interface TemplateSourceReader {
  configMap(name: string): Promise<Record<string, string> | undefined>;
  secret(name: string): Promise<Record<string, Buffer> | undefined>;
}

/** The reader for one cluster and namespace: through the engine's own gateway and RBAC. */
export function clusterTemplateSources(
  gateway: ClusterGateway,
  namespace: string,
): TemplateSourceReader {
  return {
    configMap: name => gateway.readConfigMap(namespace, name),
    secret: async name => (await gateway.readSecret(namespace, name))?.data,
  };
}

/** One template of `templateFrom`, as text, with how its output becomes Secret keys. */
export interface TemplateText {
  /** The spec path it came from, for errors. */
  field: string;
  text: string;
  /** `KeysAndValues`: renders YAML whose entries are keys; `Values`: renders `key`'s value. */
  scope: 'Values' | 'KeysAndValues';
  key?: string;
  /** Read from a Secret: its errors must not quote it (it may hold a secret). */
  secret: boolean;
}

// A template read from the cluster may be larger than one typed into the form, not unbounded.
const MAX_TEMPLATE_BYTES = 256 * 1024;

/**
 * Every `templateFrom` entry as template texts, in order: literals as they are, ConfigMap
 * and Secret items read through `sources` (each object read once). A missing object or key
 * fails the sync naming it, as ESO does; it is never taken for a vanished Vault secret.
 */
export async function readTemplateFrom(
  template: NonNullable<MappingTarget['template']>,
  sources: TemplateSourceReader | undefined,
): Promise<TemplateText[]> {
  const texts: TemplateText[] = [];
  for (const [j, from] of (template.templateFrom ?? []).entries()) {
    const at = `target.template.templateFrom[${j}]`;
    if ('literal' in from) {
      texts.push({
        field: `${at}.literal`,
        text: from.literal,
        scope: 'KeysAndValues',
        secret: false,
      });
      continue;
    }
    const kind = 'configMap' in from ? 'configMap' : 'secret';
    const ref = 'configMap' in from ? from.configMap : from.secret;
    const what = kind === 'configMap' ? 'ConfigMap' : 'Secret';
    if (!sources)
      throw new DesiredSecretError(
        `${at}.${kind}`,
        'template',
        `the ${what} is read from the target cluster when the mapping syncs; it cannot be read here`,
      );
    const data =
      kind === 'configMap'
        ? await sources.configMap(ref.name)
        : await sources.secret(ref.name);
    if (!data)
      throw new DesiredSecretError(
        `${at}.${kind}.name`,
        'template',
        `${what} "${ref.name}" does not exist in the target namespace`,
      );
    ref.items.forEach((item, i) => {
      const field = `${at}.${kind}.items[${i}]`;
      const value = data[item.key];
      if (value === undefined)
        throw new DesiredSecretError(
          `${field}.key`,
          'template',
          `${what} "${ref.name}" has no key "${item.key}"`,
        );
      const text = typeof value === 'string' ? value : value.toString('utf8');
      if (typeof value !== 'string' && !Buffer.from(text).equals(value))
        throw new DesiredSecretError(
          `${field}.key`,
          'template',
          `${what} "${ref.name}" key "${item.key}" is not UTF-8 text; a template is text`,
        );
      if (Buffer.byteLength(text) > MAX_TEMPLATE_BYTES)
        throw new DesiredSecretError(
          `${field}.key`,
          'template',
          `${what} "${ref.name}" key "${item.key}" holds more than 256 KiB; too large for a template`,
        );
      texts.push({
        field,
        text,
        scope: item.templateAs ?? 'Values',
        key: item.key,
        secret: kind === 'secret',
      });
    });
  }
  return texts;
}
