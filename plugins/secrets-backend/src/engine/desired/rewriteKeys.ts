import {
  compileGoRegexp,
  compileTemplate,
  TemplateError,
  type GoRegexp,
  type Rewrite,
} from '@backstage-secrets/plugin-secrets-common';
import { DesiredSecretError } from './types';
import { isSecretDataKey, SECRET_DATA_KEY_RULE, shownKey } from './values';

/**
 * ESO's `dataFrom[].rewrite`: each key of one source goes through the steps in order —
 * `regexp` replaces every match, `transform` renders its template with the key as
 * `.value`. The keys that come out must be valid Secret keys and distinct; messages name
 * keys and steps, never values.
 */
export function rewriteKeys<V>(
  entries: [string, V][],
  steps: Rewrite[] | undefined,
  field: string,
): [string, V][] {
  if (!steps?.length) return entries;
  const compiled = steps.map((step, j) => {
    const at = `${field}.rewrite[${j}]`;
    if ('regexp' in step) {
      let pattern: GoRegexp;
      try {
        pattern = compileGoRegexp(step.regexp.source);
      } catch (error) {
        // validateMappingSpec rejects this on save; a stored spec can still predate it.
        throw new DesiredSecretError(
          `${at}.regexp.source`,
          'property',
          `is ${(error as Error).message}`,
        );
      }
      const { target } = step.regexp;
      // Go's ReplaceAllString, as ESO: `$1`, `${1}`, `${name}`, `$$`.
      return (key: string) => pattern.replaceAll(key, target);
    }
    // Compiling and rendering fail alike: a template error naming the step, never a key's value.
    const asTemplateError = <T>(run: () => T): T => {
      try {
        return run();
      } catch (error) {
        if (error instanceof TemplateError)
          throw new DesiredSecretError(
            `${at}.transform.template`,
            'template',
            error.issues.map(i => i.message).join('; '),
          );
        throw error;
      }
    };
    const template = asTemplateError(() =>
      compileTemplate(step.transform.template),
    );
    return (key: string) =>
      asTemplateError(() => template.render({ value: key }));
  });
  return renameKeys(
    entries,
    key => compiled.reduce((k, step) => step(k), key),
    `${field}.rewrite`,
    key => `key ${shownKey(key)}`,
  );
}

/**
 * A source's keys renamed (converted or rewritten) into Secret keys: each must be a valid
 * Secret key and no two may meet, or the sync fails naming the keys, never their values.
 * `what` describes an original key in messages.
 */
export function renameKeys<V>(
  entries: [string, V][],
  rename: (key: string) => string,
  field: string,
  what: (key: string) => string,
): [string, V][] {
  const out: [string, V][] = [];
  const from = new Map<string, string>();
  for (const [key, value] of entries) {
    const renamed = rename(key);
    if (!isSecretDataKey(renamed))
      throw new DesiredSecretError(
        field,
        'invalidKey',
        renamed === key
          ? `${what(key)} cannot be a Secret key: ${SECRET_DATA_KEY_RULE}`
          : `${what(key)} becomes ${shownKey(
              renamed,
            )}, which ${SECRET_DATA_KEY_RULE}`,
      );
    const earlier = from.get(renamed);
    if (earlier !== undefined)
      throw new DesiredSecretError(
        field,
        'conflict',
        `${what(earlier)} and ${what(key)} both become ${shownKey(renamed)}`,
      );
    from.set(renamed, key);
    out.push([renamed, value]);
  }
  return out;
}
