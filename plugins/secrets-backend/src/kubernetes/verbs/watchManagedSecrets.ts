import { ApiException } from '@kubernetes/client-node';
import { call, GatewayContext } from '../call';
import { ClusterError, toClusterError } from '../ClusterError';
import { MANAGED_BY_SELECTOR } from '../managedMetadata';
import { toLiveSecret } from '../secretCodec';
import type {
  LiveSecret,
  ManagedSecretListEnd,
  SecretWatchEvent,
} from '../types';

/** The API server ends each watch after this; a new one starts from where it ended. */
const WATCH_SECONDS = 300;
/** A watch that outlives the server's own end by this much has stalled: it is dropped. */
const STALL_MS = (WATCH_SECONDS + 30) * 1000;
/** A Secret is at most 1 MiB; its event line, base64 and JSON around it, well below this. */
const MAX_LINE = 4 * 1024 * 1024;

/**
 * Secrets per list page. A namespace may hold tens of thousands of managed Secrets; one
 * list of them all would be one response of that many megabytes, parsed at once.
 */
const LIST_PAGE = 500;

/**
 * Hands on every managed Secret of a namespace, a page at a time, each page before the
 * next is asked for; resolves with the list's resourceVersion, to watch from.
 */
export async function listManagedSecretsAt(
  ctx: GatewayContext,
  namespace: string,
  onSecret: (secret: LiveSecret) => Promise<void>,
): Promise<ManagedSecretListEnd> {
  let token: string | undefined;
  let resourceVersion = '';
  let count = 0;
  do {
    const from = token;
    const page = await call(
      ctx,
      { verb: 'list managed Secrets', namespace },
      c =>
        c.core.listNamespacedSecret({
          namespace,
          labelSelector: MANAGED_BY_SELECTOR,
          limit: LIST_PAGE,
          _continue: from,
        }),
    );
    // Every page of one list carries the same snapshot's version.
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    for (const item of page.items) await onSecret(toLiveSecret(item));
    count += page.items.length;
    token = page.metadata?._continue || undefined;
  } while (token);
  return { resourceVersion, count };
}

/**
 * One watch request on the managed Secrets of a namespace from `resourceVersion`, with
 * bookmarks, until the API server ends it (after {@link WATCH_SECONDS}) or `signal` aborts.
 * Resolves with the last resourceVersion seen; `gone` when that version is too old (410)
 * and the caller must list again. Each event is handed on before the next is read.
 */
export async function watchManagedSecrets(
  ctx: GatewayContext,
  namespace: string,
  resourceVersion: string,
  onEvent: (event: SecretWatchEvent) => Promise<void>,
  signal: AbortSignal,
): Promise<{ resourceVersion: string; gone: boolean }> {
  const site = {
    cluster: ctx.cluster,
    verb: 'watch managed Secrets',
    namespace,
  };
  const query = new URLSearchParams({
    watch: '1',
    labelSelector: MANAGED_BY_SELECTOR,
    resourceVersion,
    allowWatchBookmarks: 'true',
    timeoutSeconds: String(WATCH_SECONDS),
  });
  let last = resourceVersion;
  const stop = AbortSignal.any([signal, AbortSignal.timeout(STALL_MS)]);
  try {
    const res = await ctx.clients.stream(
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets?${query}`,
      stop,
    );
    if (res.statusCode === 410) {
      res.resume();
      return { resourceVersion: last, gone: true };
    }
    if (res.statusCode !== 200) {
      res.resume();
      throw new ApiException(res.statusCode ?? 0, 'watch', '', {});
    }
    res.setEncoding('utf8');
    let buffered = '';
    for await (const chunk of res as AsyncIterable<string>) {
      buffered += chunk;
      if (buffered.length > MAX_LINE)
        throw new ClusterError('invalid', site, 'watch event too large');
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        if (!line.trim()) continue;
        const event = JSON.parse(line) as {
          type: string;
          object?: { code?: number; metadata?: { resourceVersion?: string } };
        };
        if (event.type === 'ERROR') {
          if (event.object?.code === 410)
            return { resourceVersion: last, gone: true };
          throw new ApiException(event.object?.code ?? 500, 'watch', '', {});
        }
        last = event.object?.metadata?.resourceVersion ?? last;
        if (
          event.type === 'ADDED' ||
          event.type === 'MODIFIED' ||
          event.type === 'DELETED'
        )
          await onEvent({
            type: event.type,
            secret: toLiveSecret(event.object as never),
          });
      }
    }
    return { resourceVersion: last, gone: false };
  } catch (error) {
    if (signal.aborted) return { resourceVersion: last, gone: false };
    // The body is never quoted: a watch event holds Secret data.
    throw toClusterError(
      error instanceof SyntaxError ? new Error('malformed watch event') : error,
      site,
      STALL_MS,
    );
  }
}
