import {
  formatRestartTargets,
  type MappingDataFrom,
  type MappingSpec,
  type RefreshPolicy,
  type RolloutRestartTarget,
  type CreationPolicy,
  type DeletionPolicy,
} from '@backstage-secrets/plugin-secrets-common';

/** One Secret key read from one Vault secret (`spec.data[i]`). */
export interface EntryRow {
  secretKey: string;
  key: string;
  property: string;
  /** Text, so the field can be empty; a positive whole number when set. */
  version: string;
  /** `remoteRef` fields the form does not show, written back as they were. */
  extra?: Record<string, unknown>;
}

/**
 * Fields of an edited spec the form has no control for (labels, annotations, maxAge, …):
 * written back unchanged on save, so editing one field never drops another.
 */
export interface PreservedFields {
  spec: Record<string, unknown>;
  target: Record<string, unknown>;
  template: Record<string, unknown>;
  /** The spec's `dataFrom` and the extract keys the form showed, to keep their order. */
  dataFrom?: { sources: MappingDataFrom[]; extracts: string[] };
}

/** The spec fields the form edits; every other one is preserved. */
const SPEC_FIELDS = [
  'store',
  'target',
  'data',
  'dataFrom',
  'dynamic',
  'refreshInterval',
  'refreshPolicy',
];
const TARGET_FIELDS = [
  'clusters',
  'namespace',
  'name',
  'type',
  'creationPolicy',
  'deletionPolicy',
  'immutable',
  'rolloutRestartTargets',
  'template',
];
const REMOTE_REF_FIELDS = ['key', 'property', 'version'];

const omit = (obj: object | undefined, fields: string[]) =>
  Object.fromEntries(
    Object.entries(obj ?? {}).filter(([k]) => !fields.includes(k)),
  );

/** Where the values come from: KV secrets, or a dynamic engine that issues them. */
export type SourceKind = 'kv' | 'database' | 'pki';

/** `spec.dynamic` as text fields; empty means "not set". */
export interface DynamicFields {
  mount: string;
  role: string;
  commonName: string;
  /** Comma separated. */
  altNames: string;
  ttl: string;
  renewBefore: string;
  renewAtPercent: string;
}

/** The dialog's editable state. Rows keep their index, so API issue paths point at them. */
export interface MappingForm {
  source: SourceKind;
  dynamic: DynamicFields;
  store: string;
  clusters: string[];
  namespace: string;
  name: string;
  type: string;
  entries: EntryRow[];
  /** `spec.dataFrom[i].extract.key`: every key of these Vault secrets. */
  extracts: string[];
  templates: { key: string; template: string }[];
  /** `dataFrom` sources the form cannot edit (find, pinned extracts): kept as they are on save. */
  kept: MappingDataFrom[];
  /** What the form cannot edit of the spec it was opened with. */
  preserved?: PreservedFields;
  /** `Kind/name` pairs separated by commas, e.g. `Deployment/api, StatefulSet/worker`. */
  restartTargets: string;
  refreshInterval: string;
  refreshPolicy: RefreshPolicy;
  creationPolicy: CreationPolicy;
  deletionPolicy: DeletionPolicy;
  /** ESO `target.immutable`: written once, then frozen until deleted. */
  immutable: boolean;
}

/**
 * `Deployment/api, StatefulSet/db` → workload refs. A malformed entry is passed on as it is,
 * so the shared validation names it (`rolloutRestartTargets[1].kind`) instead of it vanishing.
 */
export function parseRestartTargets(text: string): RolloutRestartTarget[] {
  return text
    .split(',')
    .map(part => part.trim())
    .filter(Boolean)
    .map(part => {
      const slash = part.indexOf('/');
      return {
        kind: (slash === -1
          ? part
          : part.slice(0, slash)) as RolloutRestartTarget['kind'],
        name: slash === -1 ? '' : part.slice(slash + 1).trim(),
      };
    });
}

export const emptyEntry = (): EntryRow => ({
  secretKey: '',
  key: '',
  property: '',
  version: '',
});

export const emptyDynamic = (): DynamicFields => ({
  mount: '',
  role: '',
  commonName: '',
  altNames: '',
  ttl: '',
  renewBefore: '',
  renewAtPercent: '',
});

export function emptyForm(defaults: Partial<MappingForm> = {}): MappingForm {
  return {
    source: 'kv',
    dynamic: emptyDynamic(),
    store: '',
    clusters: [],
    namespace: '',
    name: '',
    type: 'Opaque',
    entries: [emptyEntry()],
    extracts: [],
    templates: [],
    kept: [],
    restartTargets: '',
    refreshInterval: '1h',
    refreshPolicy: 'Periodic',
    creationPolicy: 'Owner',
    deletionPolicy: 'Retain',
    immutable: false,
    ...defaults,
  };
}

/**
 * The spec the form describes. Empty optional fields are left out; rows are kept even
 * when incomplete, so a validation issue's index still names the row on screen.
 */
export function toSpec(form: MappingForm): MappingSpec {
  const kept = form.preserved;
  const spec: MappingSpec = {
    ...kept?.spec,
    store: form.store,
    target: {
      ...kept?.target,
      clusters: form.clusters,
      namespace: form.namespace,
      name: form.name,
      ...(form.type && form.type !== 'Opaque' ? { type: form.type } : {}),
      ...(form.creationPolicy !== 'Owner'
        ? { creationPolicy: form.creationPolicy }
        : {}),
      ...(form.deletionPolicy !== 'Retain'
        ? { deletionPolicy: form.deletionPolicy }
        : {}),
      ...(form.immutable ? { immutable: true } : {}),
      ...(form.restartTargets.trim()
        ? { rolloutRestartTargets: parseRestartTargets(form.restartTargets) }
        : {}),
      ...(form.templates.length || Object.keys(kept?.template ?? {}).length
        ? {
            template: {
              ...kept?.template,
              data: Object.fromEntries(
                form.templates.map(t => [t.key, t.template]),
              ),
            },
          }
        : {}),
    },
    ...(form.refreshInterval ? { refreshInterval: form.refreshInterval } : {}),
    ...(form.refreshPolicy !== 'Periodic'
      ? { refreshPolicy: form.refreshPolicy }
      : {}),
  };
  if (form.source !== 'kv') {
    spec.dynamic = dynamicSource(form.source, form.dynamic);
    return spec;
  }
  if (form.entries.length) {
    spec.data = form.entries.map(e => ({
      secretKey: e.secretKey,
      remoteRef: {
        ...e.extra,
        key: e.key,
        ...(e.property ? { property: e.property } : {}),
        ...(e.version
          ? {
              version: /^\d+$/.test(e.version)
                ? Number(e.version)
                : (e.version as unknown as number),
            }
          : {}),
      },
    }));
  }
  const original = kept?.dataFrom;
  const unchanged =
    original &&
    original.extracts.length === form.extracts.length &&
    original.extracts.every((key, i) => key === form.extracts[i]);
  // Untouched extracts: the sources exactly as they were, in their order (later ones win a
  // shared key). Edited: the sources the form cannot show first, then the extracts.
  const dataFrom = unchanged
    ? original.sources
    : [...form.kept, ...form.extracts.map(key => ({ extract: { key } }))];
  if (dataFrom.length) spec.dataFrom = dataFrom;
  return spec;
}

/** Text fields → `spec.dynamic`; a non-number percentage is passed on for validation to name. */
function dynamicSource(
  engine: 'database' | 'pki',
  d: DynamicFields,
): NonNullable<MappingSpec['dynamic']> {
  const names = d.altNames
    .split(',')
    .map(n => n.trim())
    .filter(Boolean);
  return {
    engine,
    role: d.role,
    ...(d.mount ? { mount: d.mount } : {}),
    ...(engine === 'pki'
      ? {
          commonName: d.commonName,
          ...(names.length ? { altNames: names } : {}),
          ...(d.ttl ? { ttl: d.ttl } : {}),
          ...(d.renewBefore ? { renewBefore: d.renewBefore } : {}),
        }
      : {}),
    ...(engine === 'database' && d.renewAtPercent
      ? {
          renewAtPercent: /^\d+$/.test(d.renewAtPercent)
            ? Number(d.renewAtPercent)
            : (d.renewAtPercent as unknown as number),
        }
      : {}),
  };
}

/**
 * The form for an existing spec. Sources the form cannot edit (`find`, extracts with a
 * property or version) are kept aside and written back unchanged, never dropped.
 */
export function fromSpec(spec: MappingSpec): {
  form: MappingForm;
  unsupported: string[];
} {
  const unsupported: string[] = [];
  const extracts: string[] = [];
  const kept: MappingDataFrom[] = [];
  (spec.dataFrom ?? []).forEach((d, i) => {
    // Only a bare `{ extract: { key } }` is editable as a key; anything more is kept whole.
    if (
      'extract' in d &&
      Object.keys(d).length === 1 &&
      Object.keys(d.extract).length === 1
    )
      extracts.push(d.extract.key);
    else {
      unsupported.push(`dataFrom[${i}]`);
      kept.push(d);
    }
  });
  const t = spec.target;
  const dynamic = spec.dynamic;
  return {
    unsupported,
    form: emptyForm({
      ...(dynamic
        ? {
            source: dynamic.engine,
            dynamic: {
              mount: dynamic.mount ?? '',
              role: dynamic.role,
              commonName: dynamic.commonName ?? '',
              altNames: (dynamic.altNames ?? []).join(', '),
              ttl: dynamic.ttl ?? '',
              renewBefore: dynamic.renewBefore ?? '',
              renewAtPercent:
                dynamic.renewAtPercent === undefined
                  ? ''
                  : String(dynamic.renewAtPercent),
            },
          }
        : {}),
      store: spec.store,
      clusters: t.clusters,
      namespace: t.namespace,
      name: t.name,
      type: t.type ?? 'Opaque',
      entries: (spec.data ?? []).map(d => {
        const extra = omit(d.remoteRef, REMOTE_REF_FIELDS);
        return {
          secretKey: d.secretKey,
          key: d.remoteRef.key,
          property: d.remoteRef.property ?? '',
          version:
            d.remoteRef.version === undefined
              ? ''
              : String(d.remoteRef.version),
          ...(Object.keys(extra).length ? { extra } : {}),
        };
      }),
      extracts,
      kept,
      preserved: {
        spec: omit(spec, SPEC_FIELDS),
        target: omit(t, TARGET_FIELDS),
        template: omit(t.template, ['data']),
        ...(spec.dataFrom
          ? { dataFrom: { sources: spec.dataFrom, extracts: [...extracts] } }
          : {}),
      },
      restartTargets: formatRestartTargets(t.rolloutRestartTargets),
      templates: Object.entries(t.template?.data ?? {}).map(
        ([key, template]) => ({ key, template }),
      ),
      refreshInterval: spec.refreshInterval ?? '',
      refreshPolicy: spec.refreshPolicy ?? 'Periodic',
      creationPolicy: t.creationPolicy ?? 'Owner',
      deletionPolicy: t.deletionPolicy ?? 'Retain',
      immutable: t.immutable === true,
    }),
  };
}
