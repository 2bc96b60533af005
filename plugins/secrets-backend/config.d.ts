/** A Kubernetes ServiceAccount whose TokenRequest-issued token logs in to Vault. */
interface ServiceAccountRef {
  /** Cluster name from `kubernetes.clusterLocatorMethods`; default: the engine's own cluster. */
  cluster?: string;
  namespace: string;
  name: string;
  /** Audiences of the requested token, e.g. `[vault]` for jwt auth (seed 001). */
  audiences?: string[];
  /** Lifetime of each requested token; at least 600, default 600. */
  expirationSeconds?: number;
}

export interface Config {
  /**
   * The keys of the Kubernetes plugin's configuration that the secrets engine reads too,
   * so one cluster list serves both plugins. Declared here as well so that apps without
   * the Kubernetes plugin validate.
   */
  kubernetes?: {
    serviceLocatorMethod?: { type: string };
    clusterLocatorMethods?: Array<{
      /**
       * `config` entries are read at start-up; with a `catalog` entry, the engine also
       * syncs to the catalog's `kubernetes-cluster` Resources (with credentials from
       * `secrets.clusters`). Other types are skipped.
       */
      type: string;
      /** `catalog` only: honour a Resource's `kubernetes.io/skip-tls-verify`. */
      dangerouslyAllowSkipTLSVerify?: boolean;
      clusters?: Array<{
        name: string;
        url: string;
        authProvider: string;
        /** @visibility secret */
        serviceAccountToken?: string;
        /** Base64-encoded PEM CA certificates. */
        caData?: string;
        caFile?: string;
        skipTLSVerify?: boolean;
      }>;
    }>;
  };

  /** Backstage Secrets: Vault stores, engine credentials per cluster, engine tuning. */
  secrets?: {
    /** How the sync engine schedules work. Every key has a default. */
    engine?: {
      /**
       * Whether this replica runs the sync engine (default true). `false` makes it serve
       * the API and the UI only: it syncs nothing, watches no Secret and revokes no lease,
       * while the replicas with the engine on (at least one) do all of that; "sync now"
       * asked here is queued in the database and carried out by one of them, which looks
       * for such requests every second. For large installations, so that the engine's work
       * never delays the Secrets tab.
       */
      enabled?: boolean;
      /** Mappings synced at the same time; 1–256, default 8. */
      concurrency?: number;
      /** Go duration for mappings that set none, e.g. `1h` (default); `0` syncs once. */
      defaultRefreshInterval?: string;
      /** Random spread added to each interval, as a fraction of it; default 0.1. */
      jitter?: number;
      /** Retry delays after a failed sync: start at `initial` (default 5s), double up to `max` (default 10m). */
      backoff?: { initial?: string; max?: string };
      /**
       * How long a "sync now" call waits for its sync, also when another replica holds the
       * mapping at that moment; longer, the API answers 202 with the status so far.
       * Go duration from 1s to 5m, default 30s.
       */
      syncNowWait?: string;
      /**
       * How often each replica checks every store (reachable, unsealed, the engine can log
       * in, its policy allows what the mappings read) and cluster (reachable, its RBAC allows
       * what the mappings write); `/stores` and `/clusters` show the last check. Go duration
       * from 1s to 1h, default 1m.
       */
      healthCheckInterval?: string;
      /**
       * Watch the Secrets the engine manages (one watch per cluster and namespace that
       * mappings write into) and repair one deleted or edited by hand at once, instead of at
       * its mapping's next refresh. Needs `list` and `watch` on Secrets there (the
       * operations kit grants them). Default true.
       */
      watch?: boolean;
      /**
       * The engine shares the backend's event loop with every plugin and HTTP request. While
       * that loop runs later than this (a timer measures it), each worker waits, up to 100 ms,
       * before its next mapping, so that requests are served first: a cold sync of many
       * mappings keeps the Secrets tab and the rest of the backend responsive. Only while
       * the backend serves HTTP requests (of any plugin; those open over 10 s, streams and
       * long polls, do not count) or did within the last second: with nobody waiting, the
       * engine runs at full speed. Go duration from 0 (no pacing) to 1s, default 2ms.
       */
      loopDelayBudget?: string;
      /**
       * How long a replica's claim on the mappings it is about to sync lasts. A batch must
       * finish within it, or another replica takes its mappings over while they are being
       * written; a replica that dies leaves its mappings waiting this long. Replicas'
       * clocks must agree within half of it. Go duration from 10s to 1h, default 60s.
       */
      claimTimeout?: string;
      /**
       * A refresh reads each mapping's Vault secret, and its Kubernetes Secret only when it
       * may have changed: while the watch of its namespace is up (`watch`) and shows the
       * Secret at the resourceVersion the engine last read or wrote, and the mapping and its
       * Vault data are the same, the Secret is not read again ("sync now" always reads it).
       * Each Secret is still read at least this often. Go duration: 0 (read every Secret at every refresh) or from 1m to
       * 168h, default 24h.
       */
      secretReadInterval?: string;
    };

    /**
     * Notifications to the owners of mappings through Backstage's notifications plugin
     * (`@backstage/plugin-notifications-backend`): a mapping failing past a grace, the same
     * mapping syncing again, a dynamic lease or certificate that could not be renewed and
     * expires soon, a mapping whose entity left the catalog, rotation due. Never a value.
     * Every key has a default.
     */
    notifications?: {
      /**
       * Default: on when the notifications backend plugin runs in the same backend; set
       * `true` when it runs in another backend of a split deployment, `false` to send nothing.
       */
      enabled?: boolean;
      /** Go duration between two looks at the sync state (one replica at a time); 5s to 1h, default 1m. */
      interval?: string;
      /**
       * A failing mapping is told after `failures` failed syncs in a row (default 3) or once
       * it has been failing for `duration` (Go duration, default 10m), whichever comes first.
       */
      grace?: { failures?: number; duration?: string };
      /**
       * A dynamic lease or certificate the engine could not renew or replace is told once it
       * expires within this window. Go duration from 1m to 2160h, default 24h.
       */
      expiryWindow?: string;
      /**
       * When at least this many mappings of one store newly fail in one look for a
       * store-level cause (Vault sealed, unreachable, login refused, access denied), their
       * owners get one summary for the store instead of one notification per mapping;
       * 2 to 10000, default 5.
       */
      summaryThreshold?: number;
    };

    /** The engine's metrics (docs/metrics.md lists names, labels and cardinality). */
    metrics?: {
      /**
       * Label per-mapping series (`externalsecret_*`) with the target Secret's `name` and
       * `namespace`, as ESO does: two to four series per mapping and cluster. False drops
       * both labels, so series aggregate by entity, store and cluster. Default true.
       */
      mappingLabels?: boolean;
    };

    /**
     * Vault connections defined by the platform team (ESO's ClusterSecretStore), by name:
     * lowercase letters, digits and `-`.
     */
    stores?: {
      [name: string]: {
        /** Vault address, e.g. `https://vault.example.com:8200`. */
        server: string;
        /** KV mount path, e.g. `secret`. */
        mount: string;
        /** KV engine version; default 2. */
        kvVersion?: 1 | 2;
        /** Vault Enterprise namespace, sent as `X-Vault-Namespace`. */
        namespace?: string;
        /** PEM CA certificates to trust. At most one of caBundle and caFile. */
        caBundle?: string;
        /** Path of a PEM CA file to trust. */
        caFile?: string;
        /** Address users open in their browser (Vault UI links); default `server`. */
        publicUrl?: string;
        /** Go duration bounding each Vault request; default 10s. */
        requestTimeout?: string;
        /**
         * AppRole and userpass stores: after Vault refuses a login, the next one waits
         * `initial` (default 2m), doubling up to `max` (default 16m), so that the engine's
         * failed logins never make Vault lock the role or user out (5 failures within 15
         * minutes by default). Go durations from 1s to 24h.
         */
        loginBackoff?: { initial?: string; max?: string };
        /**
         * Which Vault path prefixes (below the mount) entities may read through this store;
         * without entries, no entity may use it. `prefix` is a template over the entity:
         * `{{ kind }}`, `{{ namespace }}`, `{{ name }}`, `{{ owner }}` (the owner's name) and
         * `{{ system }}`. With `owners` (entity refs), the rule applies only to entities they own.
         * Prefixes match whole path segments: `apps/a` allows `apps/a/x`, not `apps/ab`.
         */
        allowedPaths?: Array<{ prefix: string; owners?: string[] }>;
        /**
         * Which dynamic engine roles entities may use, as `<mount>/creds/<role>` (database)
         * or `<mount>/issue/<role>` (pki) templates over the entity; a final `*` matches any
         * rest of the role name, e.g. `database/creds/{{ system }}-*`. None: no dynamic mappings.
         */
        dynamicRoles?: Array<{ path: string; owners?: string[] }>;
        /**
         * Below which prefixes (templates, like `allowedPaths`) rotation and push may
         * overwrite Vault data the product did not write, after the owner confirms. None:
         * nowhere; such data is only read.
         */
        unmanagedRotationPaths?: Array<{ prefix: string; owners?: string[] }>;
        /** Go duration, e.g. `2160h` (90 days): Vault versions older than this show "rotation due". */
        maxAge?: string;
        /** Exactly one auth method. */
        auth: {
          /** A static token: exactly one of `value`, `file`, `env` (name of an environment variable). */
          token?: {
            /** @visibility secret */
            value?: string;
            file?: string;
            env?: string;
          };
          /** Kubernetes auth: Vault checks the token with TokenReview (seed 002). */
          kubernetes?: {
            /** Mount path of the auth method; default `kubernetes`. */
            mountPath?: string;
            role: string;
            /**
             * At most one of serviceAccountRef and tokenFile; with neither, the pod's own
             * mounted ServiceAccount token (read again on every login, as it rotates).
             */
            serviceAccountRef?: ServiceAccountRef;
            tokenFile?: string;
          };
          /** JWT auth validating ServiceAccount tokens (seed 001). */
          jwt?: {
            /** Mount path of the auth method; default `jwt`. */
            path?: string;
            role: string;
            /** As for kubernetes: at most one; with neither, the pod's own token. */
            serviceAccountRef?: ServiceAccountRef;
            tokenFile?: string;
          };
          appRole?: {
            /** Mount path of the auth method; default `approle`. */
            path?: string;
            /** @visibility secret */
            roleId: string;
            /** @visibility secret */
            secretId: string;
          };
          /** Vault's userpass method: a user whose policies grant the store's prefixes. */
          userpass?: {
            /** Mount path of the auth method; default `userpass`. */
            path?: string;
            username: string;
            /** @visibility secret */
            password: string;
          };
          /**
           * Vault's cert method: the engine presents a client certificate (mutual TLS) on
           * every request of the store. Certificate and key each inline or as a file, read
           * again at every login so a renewed pair is picked up.
           */
          cert?: {
            /** Mount path of the auth method; default `cert`. */
            path?: string;
            /** The cert role (`auth/<path>/certs/<role>`); unset: Vault tries every role. */
            role?: string;
            /** PEM client certificate; exactly one of clientCert, clientCertFile. */
            clientCert?: string;
            clientCertFile?: string;
            /**
             * PEM private key of the certificate; exactly one of clientKey, clientKeyFile.
             * @visibility secret
             */
            clientKey?: string;
            clientKeyFile?: string;
          };
        };
      };
    };

    /**
     * Users or groups (entity refs) who may change every entity's mappings and use the
     * platform audit, e.g. `group:default/platform-admins`. Guardrails still apply to them.
     */
    admins?: string[];

    /**
     * Namespaces entities may write Secrets to besides the one in their
     * `backstage.io/kubernetes-namespace` annotation, granted to the entities of `owners`.
     */
    allowedNamespaces?: Array<{ namespace: string; owners: string[] }>;

    /**
     * What service callers may do, by their subject — `plugin:<id>` for another backend
     * plugin, or exactly the `subject` of an entry of `backend.auth.externalAccess` — and
     * permission name, e.g.
     * `secrets.mapping.read`, `secrets.mapping.sync`. Services get nothing by default.
     */
    services?: Array<{ subject: string; permissions: string[] }>;

    /**
     * The engine's own credentials per cluster, overriding `serviceAccountToken` of the
     * cluster in `kubernetes.clusterLocatorMethods` (which the Kubernetes plugin also uses),
     * or naming a catalog cluster (a `kubernetes-cluster` Resource). Exactly one of the two keys.
     */
    clusters?: {
      [clusterName: string]: {
        /** @visibility secret */
        serviceAccountToken?: string;
        /** Re-read on every request, so a rotated token is picked up. */
        serviceAccountTokenFile?: string;
      };
    };
  };
}
