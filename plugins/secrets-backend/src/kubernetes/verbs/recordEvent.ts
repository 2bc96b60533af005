import { call, GatewayContext } from '../call';
import type { SecretEvent } from '../types';

/** The component `kubectl describe` shows as the source of the engine's events. */
export const EVENT_COMPONENT = 'backstage-secrets';

/**
 * A core/v1 Event about a Secret, so `kubectl describe secret` and `kubectl get events`
 * show what the engine did to it (created, repaired, failed and why). One Event per call:
 * the caller decides when one is worth sending.
 */
export async function recordEvent(
  ctx: GatewayContext,
  event: SecretEvent,
): Promise<void> {
  const { namespace, secretName } = event;
  const now = new Date();
  await call(ctx, { verb: 'create Event', namespace, name: secretName }, c =>
    c.core.createNamespacedEvent({
      namespace,
      body: {
        metadata: { generateName: `${secretName}.`, namespace },
        involvedObject: {
          apiVersion: 'v1',
          kind: 'Secret',
          namespace,
          name: secretName,
          ...(event.uid ? { uid: event.uid } : {}),
        },
        type: event.type,
        reason: event.reason,
        message: event.message,
        source: { component: EVENT_COMPONENT },
        reportingComponent: EVENT_COMPONENT,
        reportingInstance: EVENT_COMPONENT,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      },
    }),
  );
}
