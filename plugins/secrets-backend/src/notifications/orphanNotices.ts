import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import type { NotifiedState } from '../database';
import {
  claimAndSend,
  clear,
  PAGE,
  topicRows,
  type NotifierContext,
} from './context';
import { orphanNotice } from './messages';

/** Which of these entity refs the catalog has; throws when the catalog cannot answer. */
export type ExistingEntities = (refs: string[]) => Promise<Set<string>>;

/**
 * Who hears of a mapping whose entity left the catalog: the entity's owners cannot be
 * resolved any more (the notifications backend finds them through the entity), so the
 * platform admins (`secrets.admins`) and the user who last changed the mapping are told.
 */
export function orphanRecipients(mappings: Mapping[], admins: string[]) {
  const editors = mappings
    .map(m => m.updatedBy)
    .filter(ref => ref.startsWith('user:'));
  return [...new Set([...admins, ...editors])].sort();
}

/**
 * Mappings whose entity is no longer in the catalog: told once per entity (listing its
 * mappings), to the admins; forgotten when the entity comes back. A catalog that cannot
 * answer is never read as "every entity is gone": the step stops with the error.
 */
export async function notifyOrphans(
  ctx: NotifierContext,
  existing: ExistingEntities,
  admins: string[],
): Promise<void> {
  const missing = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const refs = await ctx.scans.entityRefs({ after, limit: PAGE });
    if (refs.length === 0) break;
    const found = await existing(refs);
    for (const ref of refs) if (!found.has(ref)) missing.add(ref);
    if (refs.length < PAGE) break;
    after = refs[refs.length - 1];
  }

  const rows = await topicRows(ctx, 'orphan');
  const back: NotifiedState[] = [...rows.values()].filter(
    r => !missing.has(r.entityRef),
  );
  await clear(ctx, 'orphan', back);

  for (const entityRef of missing) {
    const mappings = (await ctx.mappings.list({ entityRef })).filter(
      m => !rows.has(m.id),
    );
    if (mappings.length === 0) continue;
    const recipients = orphanRecipients(mappings, admins);
    if (recipients.length === 0) {
      ctx.logger.info(
        `Mappings of ${entityRef} have no entity in the catalog, and no admin or editor to tell`,
      );
    }
    const byId = new Map(mappings.map(m => [m.id, m]));
    await claimAndSend(
      ctx,
      'orphan',
      [
        {
          from: 'absent',
          claims: mappings.map(m => ({
            mappingId: m.id,
            entityRef,
            reason: 'EntityMissing',
          })),
        },
      ],
      claimed =>
        orphanNotice(
          entityRef,
          [...claimed].map(id => byId.get(id)!),
          recipients,
        ),
    );
  }
}
