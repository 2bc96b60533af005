/**
 * What a change returns: the result for the caller, and what its audit event records
 * about it (ids, names, versions, outcomes — never a value). The router records the event.
 */
export interface Audited<T> {
  result: T;
  meta: Record<string, unknown>;
}
