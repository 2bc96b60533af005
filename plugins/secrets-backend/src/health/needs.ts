import {
  dynamicPath,
  isDynamic,
  vaultReadsOf,
  type Mapping,
} from '@backstage-secrets/plugin-secrets-common';
import type { StoreConfig } from '../config';
import type { AccessReview } from '../kubernetes';
import { kvPaths } from '../vault/kvPaths';

/**
 * What the engine's identities must be allowed for the mappings that exist: the Vault
 * paths each store's policy must grant and the permissions each cluster's RBAC must give,
 * derived from configuration and stored mappings alone (no catalog read), so each health
 * cycle costs one pass over the mappings table, a page at a time.
 */

/** The last segment of a prefix probe: "anything below the prefix", as a policy grants it. */
export const PROBE_SEGMENT = 'backstage-secrets-health-check';

/** At most this many Vault paths per store and namespaces per cluster are checked per cycle. */
export const MAX_CHECKS = 500;

/** One thing a store's policy must grant the engine. */
export interface VaultNeed {
  /** The ACL path asked about with `sys/capabilities-self`. */
  path: string;
  /** What the policy must name, as a policy writes it: `secret/data/payments/*`. */
  grant: string;
  /** The capability to grant; any of `anyOf` (or `root`) is enough. */
  capability: string;
  anyOf: string[];
  /** Why the engine needs it, e.g. `allowedPaths prefix "{{ system }}", as payments`. */
  why: string;
}

/** The permissions the engine needs in one namespace of a cluster. */
export interface NamespaceNeed {
  namespace: string;
  reviews: AccessReview[];
}

const VARIABLE = /\{\{\s*\w+\s*\}\}/;
/** What a template variable can stand for: one catalog name, never a path (see guardrails). */
const NAME = '[A-Za-z0-9][-A-Za-z0-9_.]*';
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The part of a key that a prefix template covers, e.g. `teams/{{ owner }}` in `teams/a/db`. */
function prefixMatcher(template: string): RegExp {
  const body = template
    .split(/\{\{\s*\w+\s*\}\}/)
    .map(escapeRegExp)
    .join(NAME);
  return new RegExp(`^${body}(?=/|$)`);
}

/**
 * The policy paths store `store` must grant: `read` below each `allowedPaths` prefix (a
 * prefix without variables always; a templated one as filled in by the keys its mappings
 * read, since the entity values behind them live in the catalog), and the dynamic roles
 * its mappings issue from. Asked below a prefix, not of each key, because a policy grants
 * prefixes (`secret/data/payments/*`, as in deploy/vault/backstage-secrets-engine.hcl).
 * Mappings are added a page at a time: it keeps what they need, never the mappings.
 */
export class StoreNeeds {
  /** Per templated prefix, the prefixes its mappings' keys fill it in as, in order found. */
  private readonly found = new Map<string, Set<string>>();
  private readonly roles = new Map<string, 'database' | 'pki'>();
  private readonly matchers: [string, RegExp][];

  constructor(private readonly store: StoreConfig) {
    this.matchers = store.allowedPaths
      .map(p => p.prefix)
      .filter(template => VARIABLE.test(template))
      .map(template => [template, prefixMatcher(template)]);
  }

  add(mappings: readonly Mapping[]): void {
    for (const m of mappings) {
      if (m.spec.store !== this.store.name) continue;
      if (isDynamic(m.spec)) {
        this.roles.set(dynamicPath(m.spec.dynamic), m.spec.dynamic.engine);
        continue;
      }
      for (const { key } of vaultReadsOf(m.spec))
        for (const [template, matcher] of this.matchers) {
          const prefix = matcher.exec(key)?.[0];
          if (prefix === undefined) continue;
          const set = this.found.get(template) ?? new Set<string>();
          set.add(prefix);
          this.found.set(template, set);
        }
    }
  }

  needs(): VaultNeed[] {
    const prefixes = new Map<string, string>();
    for (const { prefix: template } of this.store.allowedPaths) {
      if (!VARIABLE.test(template)) {
        prefixes.set(template, `allowedPaths prefix "${template}"`);
        continue;
      }
      for (const found of this.found.get(template) ?? [])
        if (!prefixes.has(found))
          prefixes.set(found, `allowedPaths prefix "${template}", as ${found}`);
    }
    const paths = kvPaths(this.store.mount, this.store.kvVersion);
    const needs: VaultNeed[] = [];
    for (const [prefix, why] of prefixes) {
      const below = prefix ? `${prefix}/` : '';
      let path: string;
      try {
        path = paths.data(`${below}${PROBE_SEGMENT}`);
      } catch {
        continue; // not a path Vault could hold; the guardrails refuse such keys anyway
      }
      needs.push({
        path,
        grant: `${path.slice(0, -PROBE_SEGMENT.length)}*`,
        capability: 'read',
        anyOf: ['read'],
        why,
      });
    }
    for (const [path, engine] of this.roles) {
      // Issuing a certificate is a write to pki/issue/<role>; credentials are a read.
      const capability = engine === 'pki' ? 'update' : 'read';
      needs.push({
        path,
        grant: path,
        capability,
        anyOf: engine === 'pki' ? ['update', 'create'] : ['read'],
        why: 'a dynamic mapping issues from it',
      });
    }
    return needs
      .sort((a, b) => a.path.localeCompare(b.path))
      .slice(0, MAX_CHECKS);
  }
}

/** {@link StoreNeeds} of these mappings. */
export function storeNeeds(
  store: StoreConfig,
  mappings: readonly Mapping[],
): VaultNeed[] {
  const needs = new StoreNeeds(store);
  needs.add(mappings);
  return needs.needs();
}

const SECRET_VERBS = ['get', 'create', 'update', 'patch', 'delete'];
/** What the watch of managed Secrets needs (`secrets.engine.watch`), besides. */
export const WATCH_VERBS = ['list', 'watch'];
const WORKLOAD_RESOURCES = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
} as const;

/**
 * The permissions the engine needs on `cluster`, per namespace its mappings write to:
 * Secrets get/create/update/patch/delete (read, write, repair, merge, delete by policy),
 * with `watch` also list/watch (the watch that repairs hand edits at once), `create` on
 * Events (what the engine did, for `kubectl describe`), `get` on
 * ConfigMaps a `templateFrom` reads, and `patch` on the kinds of workloads restarted after
 * a change. A mapping with `creationPolicy: None` writes nothing. Mappings are added a
 * page at a time, as for {@link StoreNeeds}.
 */
export class ClusterNeeds {
  private readonly byNamespace = new Map<string, Map<string, AccessReview>>();
  private readonly secretVerbs: string[];

  constructor(
    private readonly cluster: string,
    options: { watch?: boolean } = {},
  ) {
    this.secretVerbs = options.watch
      ? [...SECRET_VERBS, ...WATCH_VERBS]
      : SECRET_VERBS;
  }

  add(mappings: readonly Mapping[]): void {
    for (const { spec } of mappings) {
      const { target } = spec;
      if (!target.clusters.includes(this.cluster)) continue;
      const ns = target.namespace;
      if (target.creationPolicy !== 'None') {
        for (const verb of this.secretVerbs)
          this.review(ns, { group: '', resource: 'secrets', verb });
        this.review(ns, { group: '', resource: 'events', verb: 'create' });
      }
      for (const from of target.template?.templateFrom ?? []) {
        if ('configMap' in from)
          this.review(ns, { group: '', resource: 'configmaps', verb: 'get' });
        if ('secret' in from)
          this.review(ns, { group: '', resource: 'secrets', verb: 'get' });
      }
      for (const workload of target.rolloutRestartTargets ?? [])
        this.review(ns, {
          group: 'apps',
          resource: WORKLOAD_RESOURCES[workload.kind],
          verb: 'patch',
        });
    }
  }

  needs(): NamespaceNeed[] {
    return [...this.byNamespace]
      .sort(([a], [b]) => a.localeCompare(b))
      .slice(0, MAX_CHECKS)
      .map(([namespace, reviews]) => ({
        namespace,
        reviews: [...reviews.values()],
      }));
  }

  private review(namespace: string, review: AccessReview): void {
    const reviews = this.byNamespace.get(namespace) ?? new Map();
    reviews.set(`${review.group}/${review.resource}/${review.verb}`, review);
    this.byNamespace.set(namespace, reviews);
  }
}

/** {@link ClusterNeeds} of these mappings. */
export function clusterNeeds(
  cluster: string,
  mappings: readonly Mapping[],
  options: { watch?: boolean } = {},
): NamespaceNeed[] {
  const needs = new ClusterNeeds(cluster, options);
  needs.add(mappings);
  return needs.needs();
}
