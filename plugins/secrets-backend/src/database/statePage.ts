import type { Knex } from 'knex';

/** Where a keyset page of the sync state starts: after this (mapping, cluster). */
export interface StateCursor {
  mappingId: string;
  cluster: string;
}

/**
 * One page of the sync state joined with its mappings (`s` and `m`), in (mapping, cluster)
 * order after `after`: an index range on the state's primary key however deep the page.
 */
export function statePage(
  db: Knex,
  after: StateCursor | undefined,
  limit: number,
): Knex.QueryBuilder {
  const query = db('secrets_sync_state as s')
    .join('secrets_mappings as m', 'm.id', 's.mapping_id')
    .orderBy([{ column: 's.mapping_id' }, { column: 's.cluster' }])
    .limit(limit);
  if (after)
    query.where(q =>
      q
        .where('s.mapping_id', '>', after.mappingId)
        .orWhere(q2 =>
          q2
            .where('s.mapping_id', after.mappingId)
            .andWhere('s.cluster', '>', after.cluster),
        ),
    );
  return query;
}
