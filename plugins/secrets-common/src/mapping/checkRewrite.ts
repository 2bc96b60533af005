import { compileGoRegexp, GoRegexpError } from '../regexp';
import { validateTemplate } from '../template';
import { join, MAPPING_LIMITS, type Checker, type Obj } from './checker';

/**
 * Refuses a pattern RE2 (Go's `regexp`, which ESO uses) cannot compile: backreferences,
 * lookaround and possessive quantifiers among others. Patterns are not secret, so the
 * message quotes the part RE2 names.
 */
export function checkRegexp(c: Checker, source: string, path: string): void {
  try {
    compileGoRegexp(source);
  } catch (error) {
    if (!(error instanceof GoRegexpError)) throw error;
    const where = error.fragment ? `: \`${error.fragment}\`` : '';
    c.fail(
      path,
      `is not a valid RE2 regular expression (${error.reason}${where})`,
    );
  }
}

/** Rewrites a source's keys may go through; each runs on every key at every sync. */
const MAX_REWRITES = 10;

export function checkRewrite(c: Checker, from: Obj, path: string): void {
  const steps = c.array(from, 'rewrite', path) ?? [];
  c.atMost(steps, MAX_REWRITES, join(path, 'rewrite'));
  steps.forEach((step, j) => {
    const at = join(join(path, 'rewrite'), j);
    const obj = c.object(step, at, ['regexp', 'transform']);
    if (!obj) return;
    if ((obj.regexp === undefined) === (obj.transform === undefined)) {
      c.fail(at, 'must have exactly one of regexp, transform');
      return;
    }
    if (obj.regexp !== undefined) {
      const re = c.object(obj.regexp, join(at, 'regexp'), ['source', 'target']);
      if (!re) return;
      const source = c.string(re, 'source', join(at, 'regexp'), {
        required: true,
        max: MAPPING_LIMITS.regexpLength,
      });
      // The target may be empty: a rewrite often just strips a prefix.
      if (
        typeof re.target !== 'string' ||
        re.target.length > MAPPING_LIMITS.regexpLength
      )
        c.fail(
          join(at, 'regexp.target'),
          `is required: a string of at most ${MAPPING_LIMITS.regexpLength} characters`,
        );
      if (source) checkRegexp(c, source, join(at, 'regexp.source'));
      return;
    }
    const tr = c.object(obj.transform, join(at, 'transform'), ['template']);
    if (tr) checkTemplateText(c, tr, 'template', join(at, 'transform'));
  });
}

/** A required template string at `obj[key]`: its length, then its first template issue. */
export function checkTemplateText(
  c: Checker,
  obj: Obj,
  key: string,
  path: string,
): void {
  const text = c.string(obj, key, path, {
    required: true,
    max: MAPPING_LIMITS.templateLength,
  });
  const issue = text ? validateTemplate(text)[0] : undefined;
  if (issue)
    c.fail(
      join(path, key),
      `${issue.message} (line ${issue.line}, column ${issue.column})`,
    );
}
