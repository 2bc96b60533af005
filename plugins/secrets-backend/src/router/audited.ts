import type { AuditorService } from '@backstage/backend-plugin-api';
import type { Request } from 'express';
import type { Caller } from '../access';
import type { Audited } from '../service/types';

/** Changes to mappings are medium; writes into Vault (`secret-*`) are high. */
const severityOf = (eventId: string) =>
  eventId.startsWith('secret-') ? 'high' : 'medium';

/**
 * Runs a change with an audit event: who, what, the outcome — never a value. The event is
 * opened before the change with what the route knows (`meta`), and closed with what the
 * service returned, or with the error.
 */
export async function audited<T>(
  auditor: AuditorService,
  /** Absent for a change made without an HTTP request (an action of the actions registry). */
  req: Request | undefined,
  caller: Caller,
  event: { eventId: string; meta: Record<string, string> },
  change: () => Promise<Audited<T>>,
): Promise<T> {
  const recorded = await auditor.createEvent({
    eventId: event.eventId,
    severityLevel: severityOf(event.eventId),
    request: req,
    meta: { ...event.meta, actor: caller.actor },
  });
  try {
    const { result, meta } = await change();
    await recorded.success({ meta: meta as never });
    return result;
  } catch (error) {
    await recorded.fail({ error: error as Error });
    throw error;
  }
}
