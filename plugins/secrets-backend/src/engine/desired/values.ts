import type { DecodingStrategy } from '@backstage-secrets/plugin-secrets-common';

/**
 * How Vault values become Secret bytes, following ESO's Vault provider: a literal
 * top-level property wins over a dot path, strings are used as they are, everything else
 * is JSON.
 */

const hasOwn = (o: object, k: string) =>
  Object.prototype.hasOwnProperty.call(o, k);

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The value at `property`: a literal top-level key when there is one (Vault keys may
 * contain dots), otherwise a dot path through nested objects, where a segment of digits
 * also indexes an array (`hosts.0`). `undefined` when nothing is there.
 *
 * Unlike ESO (gjson), no wildcards, `#` queries, modifiers or `\.` escapes.
 */
export function pickProperty(
  data: Record<string, unknown>,
  property: string,
): unknown {
  if (hasOwn(data, property)) return data[property];
  let current: unknown = data;
  for (const segment of property.split('.')) {
    if (Array.isArray(current) && /^(0|[1-9][0-9]*)$/.test(segment)) {
      const index = Number(segment);
      if (index >= current.length) return undefined;
      current = current[index];
    } else if (isObject(current) && hasOwn(current, segment)) {
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/** JSON with object keys sorted at every level, like Go's `json.Marshal` of a map. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!isObject(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = v[k];
    return sorted;
  });
}

/**
 * A Vault value as Secret text: strings as they are; `null` as empty (ESO); numbers,
 * booleans, objects and arrays as JSON (object keys sorted, so the bytes do not depend
 * on the order Vault sent them in).
 */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return canonicalJson(value);
}

const SECRET_DATA_KEY = /^[-._a-zA-Z0-9]+$/;

/** Kubernetes' rule for a key of a Secret's data (the same as secrets-common's). */
export function isSecretDataKey(key: string): boolean {
  return key.length <= 253 && SECRET_DATA_KEY.test(key);
}

export const SECRET_DATA_KEY_RULE =
  'must be letters, digits, "-", "_" and ".", at most 253 characters';

/**
 * ESO's key conversion of `dataFrom` sources: every character a Secret key may not hold —
 * "/" first of all — becomes "_" (`Default`) or `_U<hex>_` (`Unicode`, at least four
 * lowercase hex digits of the code point). ESO keeps non-ASCII letters, which Kubernetes
 * then rejects; here they are converted too.
 */
export function convertKey(
  key: string,
  strategy: 'Default' | 'Unicode' = 'Default',
): string {
  return [...key]
    .map(ch => {
      if (/^[-._a-zA-Z0-9]$/.test(ch)) return ch;
      if (strategy === 'Default') return '_';
      return `_U${ch.codePointAt(0)!.toString(16).padStart(4, '0')}_`;
    })
    .join('');
}

/**
 * A key name for an error message: key names come from Vault content, so show a bounded,
 * printable, quoted form only.
 */
export function shownKey(key: string): string {
  const printable = [...key]
    .map(ch => (/^[\x20-\x7e]$/.test(ch) ? ch : '?'))
    .join('');
  const bounded =
    printable.length > 64 ? `${printable.slice(0, 64)}…` : printable;
  return JSON.stringify(bounded);
}

const STD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_BASE64 = /^[A-Za-z0-9_-]*={0,2}$/;

/**
 * Go's padded base64 (`StdEncoding`, or `URLEncoding` with `url`): a length that is a
 * multiple of 4, only that alphabet, padding only at the end. Node's decoder accepts far
 * more (missing padding, mixed alphabets, whitespace), so text is checked first and the
 * result re-encoded to the same text.
 */
export function decodeBase64(text: string, url: boolean): Buffer | undefined {
  if (text.length % 4 !== 0 || !(url ? URL_BASE64 : STD_BASE64).test(text))
    return undefined;
  const std = url ? text.replace(/-/g, '+').replace(/_/g, '/') : text;
  const bytes = Buffer.from(std, 'base64');
  return bytes.toString('base64') === std ? bytes : undefined;
}

/**
 * A value after ESO's `decodingStrategy`: `Base64` and `Base64URL` decode (undefined when
 * the value is not in that encoding), `Auto` decodes with either or keeps the text, `None`
 * keeps the text. Decoded bytes are returned as they are, binary or not.
 */
export function decodeValue(
  text: string,
  strategy: DecodingStrategy | undefined,
): string | Buffer | undefined {
  switch (strategy) {
    case 'Base64':
      return decodeBase64(text, false);
    case 'Base64URL':
      return decodeBase64(text, true);
    case 'Auto':
      return decodeBase64(text, false) ?? decodeBase64(text, true) ?? text;
    default:
      return text;
  }
}
