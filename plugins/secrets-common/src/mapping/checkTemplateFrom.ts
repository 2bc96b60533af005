import { Checker, join, type Obj } from './checker';
import { checkTemplateText } from './checkRewrite';
import { secretDataKey, secretName } from './rules';

const MAX_TEMPLATE_FROM = 10;
const MAX_ITEMS = 20;
const SOURCES = ['literal', 'configMap', 'secret'];

/**
 * `target.template.templateFrom` (ESO, `target: Data`): each entry is a literal template, or
 * names a ConfigMap or Secret of the target namespace and the keys of it that hold
 * templates. Only a literal can be checked here; the others are read when the mapping syncs.
 */
export function checkTemplateFrom(c: Checker, template: Obj): void {
  const entries = c.array(template, 'templateFrom', 'target.template') ?? [];
  c.atMost(entries, MAX_TEMPLATE_FROM, 'target.template.templateFrom');
  entries.forEach((entry, j) => {
    const at = join('target.template.templateFrom', j);
    const obj = c.object(entry, at, SOURCES);
    if (!obj) return;
    const given = SOURCES.filter(k => obj[k] !== undefined);
    if (given.length !== 1) {
      c.fail(at, 'needs exactly one of literal, configMap, secret');
      return;
    }
    if (given[0] === 'literal') checkTemplateText(c, obj, 'literal', at);
    else checkSourceRef(c, obj, given[0], at);
  });
}

/** `configMap` or `secret`: its name and the keys whose values are templates. */
function checkSourceRef(c: Checker, obj: Obj, kind: string, at: string) {
  const path = join(at, kind);
  const ref = c.object(obj[kind], path, ['name', 'items']);
  if (!ref) return;
  c.string(ref, 'name', path, { required: true, rule: secretName });
  const items = c.array(ref, 'items', path);
  if (!items?.length) c.fail(join(path, 'items'), 'must name at least one key');
  c.atMost(items, MAX_ITEMS, join(path, 'items'));
  const seen = new Set<string>();
  items?.forEach((item, i) => {
    const itemPath = join(join(path, 'items'), i);
    const o = c.object(item, itemPath, ['key', 'templateAs']);
    if (!o) return;
    const key = c.string(o, 'key', itemPath, {
      required: true,
      rule: secretDataKey,
    });
    if (key !== undefined && seen.has(key))
      c.fail(join(itemPath, 'key'), `"${key}" is listed twice`);
    if (key !== undefined) seen.add(key);
    c.oneOf(o, 'templateAs', itemPath, ['Values', 'KeysAndValues'] as const);
  });
}
