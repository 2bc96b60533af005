import type { AuditorService } from '@backstage/backend-plugin-api';
import type { Request } from 'express';
import type { Caller, MappingAccess } from '../access';

/**
 * Runs a change with an audit event: who, what, the outcome — never a value. `fn` returns
 * the result and the metadata to record on success; a thrown error is recorded as failure.
 */
export async function audited<T>(
  deps: { access: MappingAccess; auditor: AuditorService },
  req: Request,
  event: {
    eventId: string;
    severityLevel: 'low' | 'medium' | 'high' | 'critical';
    meta: Record<string, string>;
  },
  fn: (caller: Caller) => Promise<{ result: T; meta: Record<string, unknown> }>,
): Promise<T> {
  const caller = await deps.access.caller(req);
  const recorded = await deps.auditor.createEvent({
    eventId: event.eventId,
    severityLevel: event.severityLevel,
    request: req,
    meta: { ...event.meta, actor: caller.actor },
  });
  try {
    const { result, meta } = await fn(caller);
    await recorded.success({ meta: meta as never });
    return result;
  } catch (error) {
    await recorded.fail({ error: error as Error });
    throw error;
  }
}
