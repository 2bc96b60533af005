import https from 'node:https';
import type { StackInfo } from '@internal/devstack';

/** Requests each API server has served so far, by `verb resource[/subresource]`, summed. */
export type RequestCounts = Map<string, number>;

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

/** The requests the stack's API servers (one or two) have served so far. */
export async function apiServerRequests(
  info: StackInfo,
): Promise<RequestCounts> {
  const servers = [
    info.kubernetes,
    ...(info.secondCluster ? [info.secondCluster] : []),
  ];
  const counts: RequestCounts = new Map();
  for (const s of servers) {
    for (const line of (await scrape(s.url, s.caPem, s.adminToken)).split(
      '\n',
    )) {
      if (!line.startsWith('apiserver_request_total{')) continue;
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
  return counts;
}

/** What was served between two readings, per Secret written, most first; tiny ones left out. */
export function requestsPerSecret(
  before: RequestCounts,
  after: RequestCounts,
  secrets: number,
): string {
  return [...after]
    .map(([key, n]) => [key, (n - (before.get(key) ?? 0)) / secrets] as const)
    .filter(([, perSecret]) => perSecret >= 0.005)
    .sort((a, b) => b[1] - a[1])
    .map(([key, perSecret]) => `${key} ${perSecret.toFixed(2)}`)
    .join(', ');
}
