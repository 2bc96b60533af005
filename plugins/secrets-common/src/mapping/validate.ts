import {
  configName,
  isReservedMetadataKey,
  labelValue,
  metadataKey,
  namespaceName,
  secretDataKey,
  secretName,
  vaultKey,
} from './rules';
import { parseDuration } from '../duration';
import { validateTemplate } from '../template';
import type { MappingSpec } from './types';
import {
  Checker,
  intervalProblem,
  join,
  MAPPING_LIMITS,
  shown,
  type Obj,
  type ValidationResult,
} from './checker';
import { checkDynamic } from './dynamicSource';
import { checkTemplateFrom } from './checkTemplateFrom';
import { checkRegexp, checkRewrite } from './checkRewrite';

export { MAPPING_LIMITS } from './checker';
export type { ValidationIssue, ValidationResult } from './checker';

const DECODING_STRATEGIES = ['None', 'Base64', 'Base64URL', 'Auto'];

function checkRemoteRef(
  c: Checker,
  value: unknown,
  path: string,
  /** An extract's keys are converted; a data entry's key is its secretKey. */
  extract = false,
): void {
  const ref = c.object(value, path, [
    'key',
    'property',
    'version',
    'decodingStrategy',
    'nullBytePolicy',
    'metadataPolicy',
    ...(extract ? ['conversionStrategy'] : []),
  ]);
  if (!ref) return;
  c.oneOf(ref, 'conversionStrategy', path, ['Default', 'Unicode'] as const);
  c.oneOf(ref, 'nullBytePolicy', path, ['Ignore', 'Fail'] as const);
  c.oneOf(ref, 'metadataPolicy', path, ['None', 'Fetch'] as const);
  if (ref.metadataPolicy === 'Fetch' && ref.version !== undefined)
    c.fail(
      join(path, 'version'),
      'does not apply with metadataPolicy Fetch: custom metadata has no versions',
    );
  if (
    ref.decodingStrategy !== undefined &&
    !DECODING_STRATEGIES.includes(ref.decodingStrategy as string)
  )
    c.fail(
      join(path, 'decodingStrategy'),
      `must be one of ${DECODING_STRATEGIES.join(', ')}`,
    );
  c.string(ref, 'key', path, { required: true, rule: vaultKey });
  c.string(ref, 'property', path, { max: MAPPING_LIMITS.propertyLength });
  if (
    ref.version !== undefined &&
    !(Number.isInteger(ref.version) && (ref.version as number) > 0)
  ) {
    c.fail(
      join(path, 'version'),
      'must be a positive whole number (a KV v2 version)',
    );
  }
}

function checkData(c: Checker, spec: Obj, seenKeys: Set<string>): number {
  const data = c.array(spec, 'data', '') ?? [];
  c.atMost(data, MAPPING_LIMITS.dataEntries, 'data');
  data.forEach((entry, i) => {
    const path = join('data', i);
    const obj = c.object(entry, path, ['secretKey', 'remoteRef']);
    if (!obj) return;
    const key = c.string(obj, 'secretKey', path, {
      required: true,
      rule: secretDataKey,
    });
    if (key && seenKeys.has(key))
      c.fail(
        join(path, 'secretKey'),
        `"${key}" is already used by another entry`,
      );
    if (key) seenKeys.add(key);
    if (obj.remoteRef === undefined)
      c.fail(join(path, 'remoteRef'), 'is required');
    else checkRemoteRef(c, obj.remoteRef, join(path, 'remoteRef'));
  });
  return data.length;
}

/** templateFrom literals one template may hold. */
function checkDataFrom(c: Checker, spec: Obj): number {
  const sources = c.array(spec, 'dataFrom', '') ?? [];
  c.atMost(sources, MAPPING_LIMITS.dataFromEntries, 'dataFrom');
  sources.forEach((entry, i) => {
    const path = join('dataFrom', i);
    const obj = c.object(entry, path, ['extract', 'find', 'rewrite']);
    if (!obj) return;
    if ((obj.extract === undefined) === (obj.find === undefined)) {
      c.fail(path, 'must have exactly one of extract, find');
      return;
    }
    checkRewrite(c, obj, path);
    if (obj.extract !== undefined) {
      checkRemoteRef(c, obj.extract, join(path, 'extract'), true);
      return;
    }
    const findPath = join(path, 'find');
    const find = c.object(obj.find, findPath, [
      'path',
      'name',
      'tags',
      'conversionStrategy',
    ]);
    if (!find) return;
    c.oneOf(find, 'conversionStrategy', findPath, [
      'Default',
      'Unicode',
    ] as const);
    c.string(find, 'path', findPath, { rule: vaultKey });
    const name =
      find.name === undefined
        ? undefined
        : c.object(find.name, join(findPath, 'name'), ['regexp']);
    if (find.name === undefined && find.tags === undefined)
      c.fail(join(findPath, 'name'), 'is required when there are no tags');
    if (find.tags !== undefined) {
      const tagsPath = join(findPath, 'tags');
      const tags = c.map(find.tags, tagsPath, 'a map of strings');
      const entries = Object.entries(tags ?? {});
      c.atMost(entries, MAPPING_LIMITS.metadataEntries, tagsPath);
      if (tags && entries.length === 0)
        c.fail(tagsPath, 'must hold at least one tag');
      for (const [k, v] of entries)
        if (typeof v !== 'string' || k.length > 128 || v.length > 512)
          c.fail(
            `${tagsPath}["${shown(k)}"]`,
            'must be a string of at most 512 characters, its key at most 128',
          );
    }
    const regexp =
      name &&
      c.string(name, 'regexp', join(findPath, 'name'), {
        required: true,
        max: MAPPING_LIMITS.regexpLength,
      });
    if (regexp) checkRegexp(c, regexp, join(findPath, 'name.regexp'));
  });
  return sources.length;
}

function checkMetadata(
  c: Checker,
  target: Obj,
  key: 'labels' | 'annotations',
): void {
  const path = join('target', key);
  if (target[key] === undefined) return;
  const value = c.map(target[key], path, 'a map of strings');
  c.atMost(Object.keys(value ?? {}), MAPPING_LIMITS.metadataEntries, path);
  for (const [k, v] of Object.entries(value ?? {})) {
    const at = `${path}["${shown(k)}"]`;
    if (!metadataKey.test(k)) c.fail(at, `key ${metadataKey.rule}`);
    else if (isReservedMetadataKey(k))
      c.fail(at, 'is reserved: the plugin sets it on every Secret it manages');
    if (typeof v !== 'string') c.fail(at, 'must be a string');
    else if (key === 'labels' && !labelValue.test(v))
      c.fail(at, `value ${labelValue.rule}`);
    else if (v.length > MAPPING_LIMITS.annotationValueLength)
      c.fail(
        at,
        `value must be at most ${MAPPING_LIMITS.annotationValueLength} characters`,
      );
  }
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;

function checkRestartTargets(c: Checker, target: Obj): void {
  const path = 'target.rolloutRestartTargets';
  const list = c.array(target, 'rolloutRestartTargets', 'target');
  c.atMost(list, MAPPING_LIMITS.restartTargets, path);
  const seen = new Set<string>();
  list?.forEach((entry, i) => {
    const at = join(path, i);
    const obj = c.object(entry, at, ['kind', 'name']);
    if (!obj) return;
    if (!WORKLOAD_KINDS.includes(obj.kind as (typeof WORKLOAD_KINDS)[number]))
      c.fail(join(at, 'kind'), `must be one of ${WORKLOAD_KINDS.join(', ')}`);
    const name = c.string(obj, 'name', at, {
      required: true,
      rule: secretName,
    });
    const id = `${String(obj.kind)}/${name}`;
    if (name && seen.has(id)) c.fail(at, `${id} is listed twice`);
    seen.add(id);
  });
}

/**
 * The creation, deletion and immutability choices that contradict each other (ESO's webhook
 * refuses the first two pairs too).
 */
function checkPolicyPairs(c: Checker, target: Obj): void {
  const creation = target.creationPolicy ?? 'Owner';
  const deletion = target.deletionPolicy ?? 'Retain';
  if (target.immutable !== undefined && typeof target.immutable !== 'boolean')
    c.fail('target.immutable', 'must be true or false');
  if (creation === 'None') {
    if (deletion !== 'Retain')
      c.fail(
        'target.deletionPolicy',
        'must be Retain with creationPolicy None: no Secret is written, so there is nothing to remove',
      );
    if (target.immutable === true)
      c.fail(
        'target.immutable',
        'has no effect with creationPolicy None: no Secret is written',
      );
    if (Array.isArray(target.rolloutRestartTargets))
      c.fail(
        'target.rolloutRestartTargets',
        'has no effect with creationPolicy None: no Secret is written',
      );
  }
  if (creation === 'Merge' && target.immutable === true)
    c.fail(
      'target.immutable',
      'needs creationPolicy Owner or Orphan: a mapping does not freeze a Secret it only merges keys into',
    );
}

function checkTarget(c: Checker, spec: Obj): void {
  if (spec.target === undefined) {
    c.fail('target', 'is required');
    return;
  }
  const target = c.object(spec.target, 'target', [
    'clusters',
    'namespace',
    'name',
    'type',
    'creationPolicy',
    'deletionPolicy',
    'immutable',
    'labels',
    'annotations',
    'template',
    'rolloutRestartTargets',
  ]);
  if (!target) return;
  checkRestartTargets(c, target);
  const clusters = c.array(target, 'clusters', 'target');
  if (target.clusters === undefined || clusters?.length === 0)
    c.fail('target.clusters', 'must name at least one cluster');
  c.atMost(clusters, MAPPING_LIMITS.clusters, 'target.clusters');
  const seen = new Set<string>();
  clusters?.forEach((cluster, i) => {
    const at = join('target.clusters', i);
    if (typeof cluster !== 'string' || !configName.test(cluster))
      c.fail(at, `cluster name ${configName.rule}`);
    else if (seen.has(cluster)) c.fail(at, `"${cluster}" is listed twice`);
    else seen.add(cluster);
  });
  c.string(target, 'namespace', 'target', {
    required: true,
    rule: namespaceName,
  });
  c.string(target, 'name', 'target', { required: true, rule: secretName });
  c.string(target, 'type', 'target', {
    rule: {
      test: v => /^[A-Za-z0-9][-A-Za-z0-9_./]*$/.test(v) && v.length <= 253,
      rule: 'must be a Secret type like Opaque or kubernetes.io/dockerconfigjson',
    },
  });
  c.oneOf(target, 'creationPolicy', 'target', [
    'Owner',
    'Merge',
    'Orphan',
    'None',
  ] as const);
  c.oneOf(target, 'deletionPolicy', 'target', [
    'Retain',
    'Delete',
    'Merge',
  ] as const);
  checkPolicyPairs(c, target);
  checkMetadata(c, target, 'labels');
  checkMetadata(c, target, 'annotations');
  if (target.template !== undefined) {
    const template = c.object(target.template, 'target.template', [
      'data',
      'mergePolicy',
      'templateFrom',
    ]);
    if (template) checkTemplateFrom(c, template);
    if (template)
      c.oneOf(template, 'mergePolicy', 'target.template', [
        'Replace',
        'Merge',
      ] as const);
    const data =
      template &&
      c.map(
        template.data,
        'target.template.data',
        'a map of Secret keys to templates',
      );
    c.atMost(
      Object.keys(data ?? {}),
      MAPPING_LIMITS.templateEntries,
      'target.template.data',
    );
    for (const [key, source] of Object.entries(data ?? {})) {
      const at = `target.template.data["${shown(key)}"]`;
      if (!secretDataKey.test(key)) c.fail(at, `key ${secretDataKey.rule}`);
      if (typeof source !== 'string') c.fail(at, 'must be a template string');
      else if (source.length > MAPPING_LIMITS.templateLength)
        c.fail(
          at,
          `must be at most ${MAPPING_LIMITS.templateLength} characters`,
        );
      else
        validateTemplate(source).forEach(issue =>
          c.fail(at, `${issue.message} at ${issue.line}:${issue.column}`),
        );
    }
  }
}

/**
 * Validates user input against the mapping model. Used by the API (400 with every issue)
 * and by the UI (live, per field), so both reject exactly the same things.
 *
 * @public
 */
export function validateMappingSpec(
  input: unknown,
): ValidationResult<MappingSpec> {
  const c = new Checker();
  const spec = c.object(input, '', [
    'store',
    'data',
    'dataFrom',
    'dynamic',
    'target',
    'refreshInterval',
    'refreshPolicy',
    'maxAge',
  ]);
  if (!spec) return { ok: false, issues: c.issues };
  c.string(spec, 'store', '', { required: true, rule: configName });
  if (spec.dynamic !== undefined) checkDynamic(c, spec);
  else if (checkData(c, spec, new Set()) + checkDataFrom(c, spec) === 0)
    c.fail(
      'data',
      'at least one entry in data or dataFrom (or a dynamic source) is required',
    );
  checkTarget(c, spec);
  const interval = c.string(spec, 'refreshInterval', '');
  const durationProblem =
    interval === undefined ? undefined : intervalProblem(interval);
  if (durationProblem) c.fail('refreshInterval', durationProblem);
  const maxAge = c.string(spec, 'maxAge', '');
  const maxAgeProblem =
    maxAge === undefined ? undefined : intervalProblem(maxAge);
  if (maxAgeProblem) c.fail('maxAge', maxAgeProblem);
  else if (maxAge !== undefined && parseDuration(maxAge) < 1000)
    c.fail('maxAge', 'must be at least 1s');
  c.oneOf(spec, 'refreshPolicy', '', [
    'Periodic',
    'CreatedOnce',
    'OnChange',
  ] as const);
  return c.issues.length > 0
    ? { ok: false, issues: c.issues }
    : { ok: true, value: input as MappingSpec };
}
