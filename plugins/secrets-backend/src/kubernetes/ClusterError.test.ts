import { ApiException } from '@kubernetes/client-node';
import {
  ClusterError,
  CredentialsUnavailableError,
  toClusterError,
} from './ClusterError';

const site = {
  cluster: 'c1',
  verb: 'replace Secret',
  namespace: 'ns',
  name: 's',
};
const SECRET = 'canary-unit-3f9a';

describe('toClusterError', () => {
  it.each([
    [400, 'invalid'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'notFound'],
    [409, 'conflict'],
    [410, 'conflict'],
    [422, 'invalid'],
    [418, 'invalid'],
    [408, 'unreachable'],
    [429, 'unreachable'],
    [500, 'unreachable'],
    [503, 'unreachable'],
  ])('maps HTTP %i to %s', (status, kind) => {
    const error = toClusterError(
      new ApiException(status, 'x', { reason: 'Some', message: SECRET }, {}),
      site,
      1000,
    );
    expect(error).toBeInstanceOf(ClusterError);
    expect(error).toMatchObject({
      kind,
      status,
      cluster: 'c1',
      verb: 'replace Secret',
    });
    expect(JSON.stringify(error) + error.message).not.toContain(SECRET);
  });

  // The Status bodies the API server sends, its messages replaced by a canary: only the
  // cause type and the resource kind may be read.
  it.each([
    [
      'a namespace being deleted',
      403,
      {
        reason: 'Forbidden',
        message: SECRET,
        details: {
          name: SECRET,
          kind: 'secrets',
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: SECRET,
              field: 'metadata.namespace',
            },
          ],
        },
      },
      'API server answered 403 Forbidden: namespace ns is being deleted',
    ],
    [
      'a namespace that does not exist',
      404,
      {
        reason: 'NotFound',
        message: SECRET,
        details: { name: 'ns', kind: 'namespaces' },
      },
      'API server answered 404 NotFound: namespace ns does not exist',
    ],
    [
      'RBAC that does not allow the verb there',
      403,
      {
        reason: 'Forbidden',
        message: SECRET,
        details: { name: 's', kind: 'secrets' },
      },
      "API server answered 403 Forbidden (the engine's RBAC does not allow it in namespace ns: is the namespace there, with the engine's Role and RoleBinding?)",
    ],
    [
      'a Secret that does not exist',
      404,
      {
        reason: 'NotFound',
        message: SECRET,
        details: { name: 's', kind: 'secrets' },
      },
      'API server answered 404 NotFound',
    ],
  ])('explains %s from fixed words only', (_what, status, body, says) => {
    const error = toClusterError(
      new ApiException(status, 'x', JSON.stringify(body), {}),
      site,
      1000,
    );
    expect(error.message).toBe(
      `Cluster 'c1': replace Secret ns/s failed: ${says}`,
    );
    expect(JSON.stringify(error) + error.message).not.toContain(SECRET);
  });

  it('keeps only a one-word Status reason', () => {
    const body = JSON.stringify({
      reason: `Invalid ${SECRET}`,
      message: SECRET,
    });
    const error = toClusterError(
      new ApiException(422, 'x', body, {}),
      site,
      1000,
    );
    expect(error.reason).toBeUndefined();
    expect(error.message).toBe(
      "Cluster 'c1': replace Secret ns/s failed: API server answered 422",
    );
  });

  it('keeps network codes and drops their messages', () => {
    const error = Object.assign(
      new Error(`request to https://x/${SECRET} failed`),
      {
        code: 'ECONNRESET',
      },
    );
    expect(toClusterError(error, site, 1000)).toMatchObject({
      kind: 'unreachable',
      message:
        "Cluster 'c1': replace Secret ns/s failed: network error (ECONNRESET)",
    });
    const tls = Object.assign(new Error(SECRET), {
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    expect(toClusterError(tls, site, 1000).message).toContain(
      'TLS verification failed (SELF_SIGNED_CERT_IN_CHAIN)',
    );
  });

  it('names timeouts and hides unknown errors', () => {
    const abort = Object.assign(new Error(SECRET), { name: 'AbortError' });
    expect(toClusterError(abort, site, 250).message).toContain(
      'no answer within 250 ms',
    );
    const unknown = toClusterError(new TypeError(SECRET), site, 1000);
    expect(unknown.message).toBe(
      "Cluster 'c1': replace Secret ns/s failed: unexpected client error (TypeError)",
    );
    expect(String(unknown.cause)).toBe('undefined');
  });

  it('turns missing credentials into unauthorized with the config message', () => {
    const error = toClusterError(
      new CredentialsUnavailableError(
        'set secrets.clusters.c1.serviceAccountToken',
      ),
      site,
      1000,
    );
    expect(error).toMatchObject({
      kind: 'unauthorized',
      message:
        "Cluster 'c1': replace Secret ns/s failed: set secrets.clusters.c1.serviceAccountToken",
    });
  });
});
