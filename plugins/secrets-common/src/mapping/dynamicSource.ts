import { parseDuration } from '../duration';
import { Checker, intervalProblem, join, type Obj } from './checker';
import { vaultKey } from './rules';
import type { DynamicSource, MappingSpec } from './types';

/** Keys each dynamic engine gives the Secret (and its templates). @public */
export const DYNAMIC_KEYS: Record<DynamicSource['engine'], string[]> = {
  database: ['username', 'password'],
  pki: ['tls.crt', 'tls.key', 'ca.crt'],
};

/** Default share of a lease's TTL after which it is renewed. @public */
export const DEFAULT_RENEW_AT_PERCENT = 67;

/** The Vault path a dynamic source reads: `database/creds/<role>` or `pki/issue/<role>`. @public */
export function dynamicPath(source: DynamicSource): string {
  const mount = source.mount ?? source.engine;
  return `${mount}/${source.engine === 'database' ? 'creds' : 'issue'}/${
    source.role
  }`;
}

/** A Vault role name: one path segment. */
const roleName = {
  test: (v: string) =>
    /^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(v) && v.length <= 128,
  rule: 'must be a Vault role name: letters, digits, "-", "_" and ".", at most 128 characters',
};

/** A DNS name for a certificate; a leading "*." is a wildcard. */
const dnsName = {
  test: (v: string) =>
    v.length <= 253 &&
    /^(\*\.)?[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$/.test(
      v,
    ),
  rule: 'must be a DNS name like api.payments.svc',
};

const PKI_ONLY = ['commonName', 'altNames', 'ttl', 'renewBefore'];

/**
 * `spec.dynamic`: one engine, its role and its own options. A dynamic mapping reads
 * nothing else; written to several clusters, it holds one lease and every cluster's Secret
 * the same values.
 */
export function checkDynamic(c: Checker, spec: Obj): void {
  const source = c.object(spec.dynamic, 'dynamic', [
    'engine',
    'mount',
    'role',
    'renewAtPercent',
    ...PKI_ONLY,
  ]);
  if (spec.data !== undefined || spec.dataFrom !== undefined)
    c.fail('dynamic', 'cannot be combined with data or dataFrom');
  const target = spec.target as Obj | undefined;
  if (target?.creationPolicy === 'None')
    c.fail(
      'target.creationPolicy',
      'cannot be None for a dynamic mapping: credentials Vault issues must be written, or the lease serves nobody',
    );
  if (target?.immutable === true)
    c.fail(
      'target.immutable',
      'cannot be true for a dynamic mapping: its credentials are renewed and reissued into the Secret',
    );
  const templateFrom = (target?.template as Obj | undefined)?.templateFrom;
  if (
    Array.isArray(templateFrom) &&
    templateFrom.some(t => (t as Obj | null)?.literal === undefined)
  )
    c.fail(
      'target.template.templateFrom',
      'takes literals only in a dynamic mapping: its Secret is written when Vault issues, not from the cluster',
    );
  if (target?.deletionPolicy === 'Merge')
    c.fail(
      'target.deletionPolicy',
      'cannot be Merge for a dynamic mapping: it reads no Vault secret that could vanish',
    );
  if (spec.refreshPolicy !== undefined && spec.refreshPolicy !== 'Periodic')
    c.fail(
      'refreshPolicy',
      'must be Periodic for a dynamic mapping: leases and certificates expire',
    );
  if (!source) return;
  const engine = source.engine;
  if (engine !== 'database' && engine !== 'pki') {
    c.fail('dynamic.engine', 'must be one of database, pki');
    return;
  }
  c.string(source, 'mount', 'dynamic', { rule: vaultKey });
  c.string(source, 'role', 'dynamic', { required: true, rule: roleName });
  if (engine === 'database') {
    for (const key of PKI_ONLY)
      if (source[key] !== undefined)
        c.fail(join('dynamic', key), 'applies to the pki engine only');
    const percent = source.renewAtPercent;
    if (
      percent !== undefined &&
      !(
        Number.isInteger(percent) &&
        Number(percent) >= 10 &&
        Number(percent) <= 90
      )
    )
      c.fail('dynamic.renewAtPercent', 'must be a whole number from 10 to 90');
    return;
  }
  if (source.renewAtPercent !== undefined)
    c.fail('dynamic.renewAtPercent', 'applies to the database engine only');
  c.string(source, 'commonName', 'dynamic', { required: true, rule: dnsName });
  const names = c.array(source, 'altNames', 'dynamic');
  c.atMost(names, 20, 'dynamic.altNames');
  names?.forEach((name, i) => {
    if (typeof name !== 'string' || !dnsName.test(name))
      c.fail(join('dynamic.altNames', i), dnsName.rule);
  });
  for (const key of ['ttl', 'renewBefore']) {
    const value = c.string(source, key, 'dynamic');
    const problem = value === undefined ? undefined : intervalProblem(value);
    if (problem) c.fail(join('dynamic', key), problem);
    else if (value !== undefined && parseDuration(value) < 1000)
      c.fail(join('dynamic', key), 'must be at least 1s');
  }
}

/** Whether a spec takes its values from a dynamic engine. @public */
export function isDynamic(
  spec: MappingSpec,
): spec is MappingSpec & { dynamic: DynamicSource } {
  return spec.dynamic !== undefined;
}

/** The keys a dynamic mapping's Secret gets: its templates' if it has any, else the engine's. @public */
export function dynamicSecretKeys(
  spec: MappingSpec & { dynamic: DynamicSource },
): string[] {
  const templates = Object.keys(spec.target.template?.data ?? {});
  return templates.length ? templates : DYNAMIC_KEYS[spec.dynamic.engine];
}

/** `target.type`, else `kubernetes.io/tls` for a certificate and `Opaque` for credentials. @public */
export function dynamicSecretType(
  spec: MappingSpec & { dynamic: DynamicSource },
): string {
  return (
    spec.target.type ??
    (spec.dynamic.engine === 'pki' ? 'kubernetes.io/tls' : 'Opaque')
  );
}
