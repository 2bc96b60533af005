import https from 'node:https';
import type { StackInfo } from '@internal/devstack';

/** Reads a Secret as the cluster admin: key names only are returned, never values. */
export async function secretKeys(
  info: StackInfo,
  namespace: string,
  name: string,
): Promise<string[] | undefined> {
  return (await secretMeta(info, namespace, name))?.keys;
}

/** A Secret's key names and resourceVersion (which changes with its data), never values. */
export function secretMeta(
  info: StackInfo,
  namespace: string,
  name: string,
): Promise<{ keys: string[]; resourceVersion: string } | undefined> {
  const url = new URL(
    `/api/v1/namespaces/${namespace}/secrets/${name}`,
    info.kubernetes.url,
  );
  return new Promise((resolve, reject) => {
    const req = https.get(
      url,
      {
        ca: info.kubernetes.caPem,
        headers: { authorization: `Bearer ${info.kubernetes.adminToken}` },
      },
      res => {
        let body = '';
        res.on('data', chunk => (body += chunk));
        res.on('end', () => {
          if (res.statusCode === 404) return resolve(undefined);
          if (res.statusCode !== 200)
            return reject(
              new Error(`GET ${url.pathname}: HTTP ${res.statusCode}`),
            );
          const secret = JSON.parse(body);
          return resolve({
            keys: Object.keys(secret.data ?? {}).sort(),
            resourceVersion: secret.metadata.resourceVersion,
          });
        });
      },
    );
    req.on('error', reject);
  });
}

/**
 * Creates a Secret as the cluster admin, as another writer (ESO, kubectl) would; the values
 * go to the API server and nowhere else.
 */
export function createForeignSecret(
  info: StackInfo,
  namespace: string,
  name: string,
  stringData: Record<string, string>,
): Promise<void> {
  const url = new URL(
    `/api/v1/namespaces/${namespace}/secrets`,
    info.kubernetes.url,
  );
  const body = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      labels: { 'reconcile.external-secrets.io/managed': 'true' },
    },
    type: 'Opaque',
    stringData,
  });
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: 'POST',
        ca: info.kubernetes.caPem,
        headers: {
          authorization: `Bearer ${info.kubernetes.adminToken}`,
          'content-type': 'application/json',
        },
      },
      res => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 201
            ? resolve()
            : reject(new Error(`POST ${url.pathname}: HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
