import https from 'node:https';
import type { StackInfo } from '@internal/devstack';

/** A figure per `verb resource[/subresource]`, summed over the stack's API servers. */
export type RequestCounts = Map<string, number>;

/** What the API servers have served so far: requests, and the seconds they took in all. */
export interface ApiServerReading {
  requests: RequestCounts;
  seconds: RequestCounts;
}

/** One API server's `apiserver_request_total`, read from its /metrics as the stack's admin. */
function scrape(url: string, caPem: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get(
        `${url}/metrics`,
        // A connection of its own each time: one kept alive between two phases may have
        // been closed by the server meanwhile, and reusing it fails ("socket hang up").
        {
          ca: caPem,
          headers: { authorization: `Bearer ${token}` },
          agent: false,
        },
        res => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', chunk => (body += chunk));
          res.on('end', () => resolve(body));
        },
      )
      .on('error', reject);
  });
}

/**
 * The requests the stack's API servers (one or two) have served so far
 * (`apiserver_request_total`), and the time they spent on them
 * (`apiserver_request_duration_seconds_sum`).
 */
export async function apiServerRequests(
  info: StackInfo,
): Promise<ApiServerReading> {
  const servers = [
    info.kubernetes,
    ...(info.secondCluster ? [info.secondCluster] : []),
  ];
  const reading: ApiServerReading = { requests: new Map(), seconds: new Map() };
  for (const s of servers) {
    for (const line of (await scrape(s.url, s.caPem, s.adminToken)).split(
      '\n',
    )) {
      const metric = line.slice(0, line.indexOf('{'));
      const counts =
        metric === 'apiserver_request_total'
          ? reading.requests
          : metric === 'apiserver_request_duration_seconds_sum' &&
            reading.seconds;
      if (!counts) continue;
      const labels = Object.fromEntries(
        [...line.matchAll(/(\w+)="([^"]*)"/g)].map(m => [m[1], m[2]]),
      );
      const key = `${labels.verb} ${labels.resource}${
        labels.subresource ? `/${labels.subresource}` : ''
      }`;
      const value = Number(line.slice(line.lastIndexOf(' ') + 1));
      counts.set(key, (counts.get(key) ?? 0) + value);
    }
  }
  return reading;
}

/** What was served between two readings, per Secret written, most first; tiny ones left out. */
export function requestsPerSecret(
  before: ApiServerReading,
  after: ApiServerReading,
  secrets: number,
): string {
  return [...after.requests]
    .map(
      ([key, n]) =>
        [key, (n - (before.requests.get(key) ?? 0)) / secrets] as const,
    )
    .filter(([, perSecret]) => perSecret >= 0.005)
    .sort((a, b) => b[1] - a[1])
    .map(([key, perSecret]) => `${key} ${perSecret.toFixed(2)}`)
    .join(', ');
}

/**
 * The API servers' mean time per request between two readings, by kind, for the kinds
 * served at least `atLeast` times: whether a phase's requests got slower inside the
 * servers, or only more numerous.
 */
export function meanRequestTime(
  before: ApiServerReading,
  after: ApiServerReading,
  atLeast = 100,
): string {
  return [...after.requests]
    .map(([key, n]) => {
      const count = n - (before.requests.get(key) ?? 0);
      const seconds =
        (after.seconds.get(key) ?? 0) - (before.seconds.get(key) ?? 0);
      return [key, count, (seconds / count) * 1000] as const;
    })
    .filter(([, count]) => count >= atLeast)
    .sort((a, b) => b[1] - a[1])
    .map(([key, count, ms]) => `${key} ×${count} ${ms.toFixed(1)} ms`)
    .join(', ');
}
