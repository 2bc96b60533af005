import type {
  Mapping,
  MappingSource,
  MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';

/** Who changes a mapping: a user entity ref, recorded in created_by/updated_by. */
export interface MappingWrite {
  spec: MappingSpec;
  actor: string;
  /** On create only: where a declared mapping comes from; kept by every update. */
  source?: MappingSource;
}

/** Which mappings `list` returns; no filter returns all. */
export interface MappingFilter {
  entityRef?: string;
  /** Only mappings declared in Git (with a `source`). */
  declared?: boolean;
}

/** One Secret a mapping writes: its cluster, namespace and name. */
export interface SecretTarget {
  cluster: string;
  namespace: string;
  name: string;
}

/** A {@link SecretTarget} as one string, `cluster/namespace/name`: how writers are keyed. */
export const secretTargetKey = (t: SecretTarget) =>
  `${t.cluster}/${t.namespace}/${t.name}`;

/**
 * Persistence of mappings. Callers validate specs and decide ownership first; the store
 * only keeps rows consistent (revisions, timestamps, actors).
 */
export interface MappingStore {
  list(filter?: MappingFilter): Promise<Mapping[]>;
  get(id: string): Promise<Mapping | undefined>;
  /** The mappings of these ids that exist, in one read (a sync cycle's batch). */
  getMany(ids: string[]): Promise<Map<string, Mapping>>;
  /**
   * Every mapping, a page of `pageSize` at a time in id order, each page handed on before the
   * next is read: for periodic work over all mappings, whose memory then does not grow with
   * their number.
   */
  forEachPage(
    onPage: (page: Mapping[]) => void | Promise<void>,
    pageSize?: number,
  ): Promise<void>;
  /**
   * Which mapping writes each of these Secrets, keyed by {@link secretTargetKey}; Secrets
   * no mapping writes are absent. Looked up by the target index, not by reading mappings.
   */
  writersOf(
    targets: SecretTarget[],
  ): Promise<Map<string, { mappingId: string; entityRef: string }>>;
  /**
   * The ids of the mappings whose spec reads `key` of `store`: an exact read of it, or a
   * `find` below one of its parent paths. Looked up by the reads index, not by reading
   * mappings.
   */
  readersOf(store: string, key: string): Promise<string[]>;
  /**
   * Rewrites the reads index rows of mappings created or changed without them (by a
   * replica of an earlier version during an upgrade), up to `pages` pages; how many.
   */
  reindexReads(options?: { pages?: number }): Promise<number>;
  /** Each cluster and namespace some mapping writes into, once: what the engine watches. */
  targetNamespaces(): Promise<{ cluster: string; namespace: string }[]>;
  create(entityRef: string, write: MappingWrite): Promise<Mapping>;
  /**
   * Replaces the spec. With `expectedRevision`, a mapping changed since it was read
   * is refused with a ConflictError instead of silently overwriting someone's change.
   */
  update(
    id: string,
    write: MappingWrite & { expectedRevision?: number },
  ): Promise<Mapping>;
  /** Removes the row; returns what was removed, or undefined if there was none. */
  delete(id: string): Promise<Mapping | undefined>;
}
