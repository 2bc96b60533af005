import type { V1Secret } from '@kubernetes/client-node';
import type { DesiredSecret, LiveSecret } from './types';

/** Secrets travel base64-encoded; the rest of the product only sees bytes. */
export function encodeData(
  data: Record<string, Buffer>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, value.toString('base64')]),
  );
}

export function toV1Secret(
  secret: DesiredSecret,
  resourceVersion?: string,
): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: secret.name,
      namespace: secret.namespace,
      labels: secret.labels,
      annotations: secret.annotations,
      resourceVersion,
    },
    type: secret.type ?? 'Opaque',
    data: encodeData(secret.data),
    ...(secret.immutable ? { immutable: true } : {}),
  };
}

export function toLiveSecret(secret: V1Secret): LiveSecret {
  const metadata = secret.metadata ?? {};
  const controller = metadata.ownerReferences?.find(o => o.controller);
  return {
    ...(controller
      ? { controller: { kind: controller.kind, name: controller.name } }
      : {}),
    namespace: metadata.namespace ?? '',
    name: metadata.name ?? '',
    uid: metadata.uid ?? '',
    resourceVersion: metadata.resourceVersion ?? '',
    type: secret.type ?? 'Opaque',
    data: Object.fromEntries(
      Object.entries(secret.data ?? {}).map(([key, value]) => [
        key,
        Buffer.from(value, 'base64'),
      ]),
    ),
    labels: { ...metadata.labels },
    annotations: { ...metadata.annotations },
    creationTimestamp: metadata.creationTimestamp,
    ...(secret.immutable ? { immutable: true } : {}),
  };
}
