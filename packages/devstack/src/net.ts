import https from 'node:https';
import net from 'node:net';

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not allocate a port'));
      });
    });
  });
}

/** Polls `probe` until it returns true, or fails with the last error after `timeoutMs`. */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  isAlive: () => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`${what} exited before it became ready`);
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = String((error as Error).message ?? error);
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(
    `${what} was not ready after ${timeoutMs} ms${
      lastError ? `: ${lastError}` : ''
    }`,
  );
}

export interface HttpsResponse {
  status: number;
  body: string;
}

/**
 * One HTTPS request with a private CA. Node's global fetch cannot take a CA bundle
 * without an extra dependency, and this package has none.
 */
export function httpsRequest(
  url: string,
  options: {
    method?: string;
    ca: string;
    token?: string;
    body?: unknown;
    contentType?: string;
  },
): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    const payload =
      options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = https.request(
      url,
      {
        method: options.method ?? 'GET',
        ca: options.ca,
        headers: {
          accept: 'application/json',
          ...(options.token
            ? { authorization: `Bearer ${options.token}` }
            : {}),
          ...(payload
            ? {
                'content-type': options.contentType ?? 'application/json',
                'content-length': Buffer.byteLength(payload),
              }
            : {}),
        },
        timeout: 15_000,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout calling ${url}`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}
