/**
 * Where Kubernetes mounts a pod's own ServiceAccount token. With no token configured, the
 * engine uses it for its clusters and for Vault's kubernetes and jwt logins (as Backstage's
 * Kubernetes plugin does for clusters). The kubelet rotates the file in place, so it is
 * read again on every use, never cached.
 */
export const IN_CLUSTER_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Options of the configuration readers. */
export interface ReadConfigOptions {
  /** The mounted token's path; tests point it at a file they rotate. */
  inClusterTokenFile?: string;
}
