/** Each entity's owner as an entity ref; an entity the catalog does not return is left out. */
export type OwnersOf = (entityRefs: string[]) => Promise<Map<string, string>>;

/** Entities asked of the catalog per request. */
const CHUNK = 200;

/**
 * The `owner` label of per-mapping series: each entity's owner from the catalog, kept for
 * `ttlMs` so a scrape asks only about entities it has not seen lately. Only the entities of
 * the last `refresh` are kept, so the cache never outgrows the mappings. A failed lookup
 * keeps what was known; an unknown owner is the empty string.
 */
export class OwnerLabels {
  private cache = new Map<string, { owner: string; at: number }>();

  constructor(
    private readonly ownersOf: OwnersOf | undefined,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async refresh(entityRefs: Iterable<string>): Promise<void> {
    const now = this.now();
    const next = new Map<string, { owner: string; at: number }>();
    const stale: string[] = [];
    for (const ref of new Set(entityRefs)) {
      const known = this.cache.get(ref);
      if (known) next.set(ref, known);
      if (!known || now - known.at >= this.ttlMs) stale.push(ref);
    }
    this.cache = next;
    if (!this.ownersOf) return;
    for (let i = 0; i < stale.length; i += CHUNK) {
      const chunk = stale.slice(i, i + CHUNK);
      let found: Map<string, string>;
      try {
        found = await this.ownersOf(chunk);
      } catch {
        return; // the catalog is down: the next scrape asks again
      }
      for (const ref of chunk)
        next.set(ref, { owner: found.get(ref) ?? '', at: now });
    }
  }

  owner(entityRef: string): string {
    return this.cache.get(entityRef)?.owner ?? '';
  }
}
