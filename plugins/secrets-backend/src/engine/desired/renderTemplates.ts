import {
  compileTemplate,
  TemplateError,
  type MappingTarget,
} from '@backstage-secrets/plugin-secrets-common';
import { parse } from 'yaml';
import type { TemplateText } from './templateSources';
import { DesiredSecretError } from './types';
import {
  isObject,
  isSecretDataKey,
  SECRET_DATA_KEY_RULE,
  shownKey,
} from './values';

/** Renders one template, or a `template` error naming its field and position — never data. */
function renderOne(
  source: string,
  input: Record<string, string>,
  binary: string[],
  field: string,
): string {
  const named = binary.find(b => source.includes(b));
  if (named !== undefined)
    throw new DesiredSecretError(
      field,
      'decoding',
      `uses key ${shownKey(
        named,
      )}, which holds binary data after decoding; templates work on text (with mergePolicy Merge the key is written as it is)`,
    );
  try {
    return compileTemplate(source).render(input);
  } catch (error) {
    // TemplateError messages name positions, functions and keys, never data.
    if (error instanceof TemplateError) {
      throw new DesiredSecretError(
        field,
        'template',
        error.issues
          .map(i => `${i.message} (line ${i.line}, column ${i.column})`)
          .join('; '),
        error.issues,
      );
    }
    throw error;
  }
}

/** A template's YAML output → Secret keys, as ESO's `KeysAndValues` scope (and literals). */
function keysOf(rendered: string, field: string, out: Map<string, string>) {
  let parsed: unknown;
  try {
    // A bounded alias count: the rendered text may hold anything a value holds.
    parsed = parse(rendered, { maxAliasCount: 50 });
  } catch {
    throw new DesiredSecretError(
      field,
      'template',
      'does not render to YAML (the parser error is not shown: it would quote values)',
    );
  }
  if (parsed === null || parsed === undefined) return;
  if (!isObject(parsed))
    throw new DesiredSecretError(
      field,
      'template',
      'must render to a YAML map of Secret keys to values',
    );
  for (const [key, value] of Object.entries(parsed)) {
    if (!isSecretDataKey(key))
      throw new DesiredSecretError(
        field,
        'invalidKey',
        `renders key ${shownKey(key)}, which ${SECRET_DATA_KEY_RULE}`,
      );
    if (isObject(value) || Array.isArray(value))
      throw new DesiredSecretError(
        field,
        'template',
        `renders a map or list for key ${shownKey(
          key,
        )}; values must be scalars`,
      );
    out.set(key, value === null ? '' : String(value));
  }
}

/**
 * The Secret's templated keys: each `templateFrom` template in order (`texts`, see
 * readTemplateFrom) — YAML whose entries become keys, or one key's value (ESO's `Values`) —
 * then `data`'s templates, which win a shared key.
 */
export function renderTemplates(
  template: NonNullable<MappingTarget['template']>,
  values: Map<string, string | Buffer>,
  texts: TemplateText[],
): Map<string, string> {
  // Templates work on text: decoded bytes take part when they are UTF-8. Binary values stay
  // out of the input, and a template that names one is refused rather than fed mangled text.
  const input: Record<string, string> = {};
  const binary: string[] = [];
  for (const [key, value] of values) {
    const text = typeof value === 'string' ? value : value.toString('utf8');
    if (typeof value !== 'string' && !Buffer.from(text, 'utf8').equals(value))
      binary.push(key);
    else input[key] = text;
  }
  const out = new Map<string, string>();
  for (const from of texts) {
    try {
      const rendered = renderOne(from.text, input, binary, from.field);
      if (from.scope === 'Values') out.set(from.key!, rendered);
      else keysOf(rendered, from.field, out);
    } catch (error) {
      // A template read from a Secret may itself be secret: its errors are not detailed.
      if (from.secret && error instanceof DesiredSecretError)
        throw new DesiredSecretError(
          from.field,
          error.reason,
          'the template read from the Secret does not render (details are not shown: they could quote it)',
        );
      throw error;
    }
  }
  for (const [key, source] of Object.entries(template.data)) {
    const field = `target.template.data["${key}"]`;
    if (!isSecretDataKey(key)) {
      throw new DesiredSecretError(
        field,
        'invalidKey',
        `the key ${SECRET_DATA_KEY_RULE}`,
      );
    }
    out.set(key, renderOne(source, input, binary, field));
  }
  return out;
}
