import type { StatusSeries, SyncStateStore } from '../database';
import type { OwnerLabels } from './OwnerLabels';

/** Rows per read while a scrape collects the statuses. */
const PAGE = 1000;

/** One `externalsecret_status_condition` series and its value. */
export interface ConditionPoint {
  value: number;
  attributes: Record<string, string>;
}

/**
 * ESO's Ready condition of a mapping in one cluster: `status="True"` is 1 once the Secret
 * holds what Vault says, `status="False"` is 1 while a sync fails or a hand edit waits for
 * its repair; a mapping not synced yet has both at 0, as ESO before its first reconcile.
 */
function readiness(status: StatusSeries['status']): [number, number] {
  if (status === 'Synced') return [1, 0];
  if (status === 'SyncedError' || status === 'Drifted') return [0, 1];
  return [0, 0];
}

/**
 * Every mapping's Ready condition per cluster, read page by page from the database so
 * each replica reports the same state (a replica's memory knows only its own syncs).
 * With `mappingLabels`, one pair of series per mapping and cluster, labelled as ESO's
 * (`name`, `namespace`) plus ours (`cluster`, `store`, `entity`, `owner`); without,
 * the pairs are summed by the labels that remain.
 */
export async function statusConditions(deps: {
  state: Pick<SyncStateStore, 'seriesPage'>;
  owners: OwnerLabels;
  mappingLabels: boolean;
}): Promise<ConditionPoint[]> {
  const rows: StatusSeries[] = [];
  let after: { mappingId: string; cluster: string } | undefined;
  for (;;) {
    const page = await deps.state.seriesPage({ after, limit: PAGE });
    rows.push(...page);
    if (page.length < PAGE) break;
    after = page[page.length - 1];
  }
  await deps.owners.refresh(rows.map(r => r.entityRef));

  const points = new Map<string, ConditionPoint>();
  const add = (attributes: Record<string, string>, value: number) => {
    const key = JSON.stringify(attributes);
    const point = points.get(key);
    if (point) point.value += value;
    else points.set(key, { attributes, value });
  };
  for (const row of rows) {
    const labels: Record<string, string> = {
      ...(deps.mappingLabels
        ? { name: row.name, namespace: row.namespace }
        : {}),
      cluster: row.cluster,
      store: row.store,
      entity: row.entityRef,
      owner: deps.owners.owner(row.entityRef),
      condition: 'Ready',
    };
    const [ready, notReady] = readiness(row.status);
    add({ ...labels, status: 'True' }, ready);
    add({ ...labels, status: 'False' }, notReady);
  }
  return [...points.values()];
}
