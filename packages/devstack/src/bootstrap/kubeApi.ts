import { httpsRequest } from '../net.ts';

/** Just enough of the Kubernetes REST API to bootstrap the stack with an admin token. */
export class KubeApi {
  // Plain fields, not parameter properties: Node's type stripping does not support those.
  private readonly url: string;
  private readonly ca: string;
  private readonly token: string;

  constructor(url: string, ca: string, token: string) {
    this.url = url;
    this.ca = ca;
    this.token = token;
  }

  /** Creates an object; an existing one (409) is left as it is, so bootstrap can re-run. */
  async create(path: string, body: unknown): Promise<void> {
    const res = await httpsRequest(`${this.url}${path}`, {
      method: 'POST',
      ca: this.ca,
      token: this.token,
      body,
    });
    if (res.status !== 201 && res.status !== 200 && res.status !== 409) {
      throw new Error(
        `kubernetes POST ${path} answered ${res.status}: ${res.body.slice(
          0,
          500,
        )}`,
      );
    }
  }

  /**
   * Creates one object of a manifest, at the path its apiVersion, kind and namespace give
   * (`kubectl create` for the kinds the operations kit uses; plurals are the kind + "s").
   */
  async apply(object: {
    apiVersion: string;
    kind: string;
    metadata: { namespace?: string };
  }): Promise<void> {
    const group =
      object.apiVersion === 'v1' ? '/api/v1' : `/apis/${object.apiVersion}`;
    const ns = object.metadata.namespace
      ? `/namespaces/${object.metadata.namespace}`
      : '';
    await this.create(`${group}${ns}/${object.kind.toLowerCase()}s`, object);
  }

  /** Issues a service-account token through the TokenRequest API (no token controller runs here). */
  async requestToken(
    namespace: string,
    serviceAccount: string,
    options: { audiences?: string[]; expirationSeconds?: number } = {},
  ): Promise<string> {
    const path = `/api/v1/namespaces/${namespace}/serviceaccounts/${serviceAccount}/token`;
    const res = await httpsRequest(`${this.url}${path}`, {
      method: 'POST',
      ca: this.ca,
      token: this.token,
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: {
          audiences: options.audiences ?? null,
          expirationSeconds: options.expirationSeconds ?? 3600,
        },
      },
    });
    if (res.status !== 201)
      throw new Error(
        `TokenRequest for ${namespace}/${serviceAccount}: ${res.status} ${res.body}`,
      );
    return JSON.parse(res.body).status.token;
  }
}
