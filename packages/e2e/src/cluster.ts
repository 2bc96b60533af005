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
