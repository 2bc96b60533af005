// Generated from plugins/secrets-backend/src/schema/openapi.yaml by
// `npm run generate:openapi -w @internal/plugin-secrets-backend`. Do not edit.
/* eslint-disable */
export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Liveness of the plugin
     * @description Needs no token and no permission.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The plugin is up. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SecretsHealth'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/stores': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Configured Vault stores with health; with an entity, the path prefixes it may read
     * @description Any signed-in caller; with `entityRef`, needs `secrets.mapping.read` on that entity and each store gains `allowedPrefixes`.
     */
    get: {
      parameters: {
        query?: {
          /** @example component:default/payments-api */
          entityRef?: components['parameters']['EntityRefQuery'];
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Stores; never a credential. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['StoreList'];
          };
        };
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/clusters': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Configured clusters; with an entity, the namespaces it may write to
     * @description Any signed-in caller; with `entityRef`, needs `secrets.mapping.read` on that entity and each cluster gains `namespaces`.
     */
    get: {
      parameters: {
        query?: {
          /** @example component:default/payments-api */
          entityRef?: components['parameters']['EntityRefQuery'];
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Clusters. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ClusterList'];
          };
        };
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/mappings': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example component */
        kind: components['parameters']['Kind'];
        /** @example default */
        namespace: components['parameters']['Namespace'];
        /** @example payments-api */
        name: components['parameters']['Name'];
      };
      cookie?: never;
    };
    /**
     * The entity's mappings with status per cluster, and what the caller may do
     * @description Needs `secrets.mapping.read`. The entity is read with the caller's credentials.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @example component */
          kind: components['parameters']['Kind'];
          /** @example default */
          namespace: components['parameters']['Namespace'];
          /** @example payments-api */
          name: components['parameters']['Name'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Mappings. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['EntityMappings'];
          };
        };
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    put?: never;
    /**
     * Add a mapping to the entity
     * @description Needs `secrets.mapping.create` and ownership (or secrets.admins). Vault paths must be below a prefix the store allows the entity, the namespace must be bound to it, and the Secret must not belong to another mapping. The new mapping is synced first in line.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @example component */
          kind: components['parameters']['Kind'];
          /** @example default */
          namespace: components['parameters']['Namespace'];
          /** @example payments-api */
          name: components['parameters']['Name'];
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['MappingCreateRequest'];
        };
      };
      responses: {
        /** @description Created. */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['MappingView'];
          };
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
        413: components['responses']['TooLarge'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/mappings:import': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example component */
        kind: components['parameters']['Kind'];
        /** @example default */
        namespace: components['parameters']['Namespace'];
        /** @example payments-api */
        name: components['parameters']['Name'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Import an External Secrets Operator ExternalSecret as a mapping
     * @description Needs `secrets.mapping.create` and ownership. Accepts external-secrets.io/v1beta1 and v1. Keys pasted with the store's mount (`secret/data/app`) are made relative to it and reported in `notes`. Every field that cannot be honoured is refused by name (400, e.g. `spec.target.immutable`). With `dryRun` nothing is written and the converted spec is returned (200); otherwise the mapping is created (201). The colon in the path is literal.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @example component */
          kind: components['parameters']['Kind'];
          /** @example default */
          namespace: components['parameters']['Namespace'];
          /** @example payments-api */
          name: components['parameters']['Name'];
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['ImportRequest'];
        };
      };
      responses: {
        /** @description Dry run; the spec the import would create. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ImportDryRunResult'];
          };
        };
        /** @description Created. */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ImportedMapping'];
          };
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
        413: components['responses']['TooLarge'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/secrets:push': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example component */
        kind: components['parameters']['Kind'];
        /** @example default */
        namespace: components['parameters']['Namespace'];
        /** @example payments-api */
        name: components['parameters']['Name'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Push values into Vault (portal → Vault), then sync every mapping that reads the path
     * @description Needs `secrets.mapping.rotate` and ownership of the entity; the path must be below a prefix the store allows the entity. `expectedVersion` 0 creates a new secret (refused if one exists); otherwise check-and-set against that version. Values are write-only. The colon in the path is literal.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @example component */
          kind: components['parameters']['Kind'];
          /** @example default */
          namespace: components['parameters']['Namespace'];
          /** @example payments-api */
          name: components['parameters']['Name'];
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['PushRequest'];
        };
      };
      responses: {
        /** @description Written; the new version and each consumer's status. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['RotateResult'];
          };
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
        413: components['responses']['TooLarge'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/mappings/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Dry run of a mapping — key names and versions only
     * @description Needs `secrets.mapping.create` on the entity: a preview reads Vault on its behalf. The values read are dropped; the answer holds paths, versions and key names only. A path that does not exist, or that Vault refuses the engine (outside its policy), is a 400 on `spec` saying which.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['PreviewRequest'];
        };
      };
      responses: {
        /** @description What the mapping would read and produce. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['MappingPreview'];
          };
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        413: components['responses']['TooLarge'];
        503: components['responses']['Unavailable'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/mappings/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['MappingId'];
      };
      cookie?: never;
    };
    /**
     * One mapping with its status
     * @description Needs `secrets.mapping.read` on the owning entity.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: components['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The mapping. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['MappingView'];
          };
        };
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    /**
     * Replace a mapping's spec
     * @description Needs `secrets.mapping.update` and ownership. With `revision`, a mapping changed since it was read is refused with 409. The mapping is re-synced at once (also CreatedOnce and OnChange ones).
     */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: components['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['MappingReplaceRequest'];
        };
      };
      responses: {
        /** @description Replaced. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['MappingView'];
          };
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
        413: components['responses']['TooLarge'];
      };
    };
    post?: never;
    /**
     * Delete a mapping; its Secret follows the creation policy
     * @description Needs `secrets.mapping.delete` and ownership. Owner: the Secret is deleted if it is still the one the mapping created. Merge: only the mapping's keys are removed. Orphan: the Secret stays.
     */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: components['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted; what happened to the Secret in each cluster. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['MappingDeletion'];
          };
        };
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/mappings/{id}/sync': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['MappingId'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sync now, first in line, and wait (bounded) for the result
     * @description Needs `secrets.mapping.sync` and ownership (or a service granted it).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: components['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A sync begun after the request finished; the fresh status (`completed` is true). */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['MappingSyncResult'];
          };
        };
        /** @description Not served within `secrets.engine.syncNowWait` (default 30 s), e.g. while another replica holds the mapping; the status as it stands (`completed` is false). The request stays queued. */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['MappingSyncResult'];
          };
        };
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/mappings/{id}/reissue': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['MappingId'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Dynamic mappings — new credentials or certificate now, the replaced lease revoked
     * @description Needs `secrets.mapping.rotate` and ownership of the mapping's entity. The mapping is synced at once: Vault issues new values, the Secret is written and its restart targets restarted; the lease it replaced is revoked by the next cycle. Audited (`secret-reissue`, high). A KV mapping is refused with 400.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: components['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The mapping with its status after the sync. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['MappingView'];
          };
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/mappings/{id}/rotate': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['MappingId'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Rotate a KV v2 secret the mapping reads, then sync every mapping that reads it
     * @description Needs `secrets.mapping.rotate` and ownership of the mapping's entity; the path must be below a prefix the store allows that entity. New values are generated (ESO Password generator vocabulary) or given (write-only: never echoed, logged or audited), merged into the current data and written with check-and-set against `expectedVersion`. A secret the product did not write needs `confirmUnmanaged`. The answer names the new version and what each consuming Secret became — never a value.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: components['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['RotateRequest'];
        };
      };
      responses: {
        /** @description Rotated; the new version and each consumer's status. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['RotateResult'];
          };
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
        413: components['responses']['TooLarge'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/mappings/{id}/versions': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['MappingId'];
      };
      cookie?: never;
    };
    /**
     * KV v2 versions of a path the mapping reads, and which one each cluster synced
     * @description Needs `secrets.mapping.read`. Times and states only, never data.
     */
    get: {
      parameters: {
        query: {
          /** @description A Vault path the mapping reads (data or dataFrom.extract). */
          key: string;
        };
        header?: never;
        path: {
          id: components['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Versions, newest first. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SecretVersions'];
          };
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/mappings/{id}/rollback': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['MappingId'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Restore an old KV v2 version as the new current one, then sync every consumer
     * @description Needs `secrets.mapping.rotate` and ownership. Written with check-and-set against `expectedVersion`. To pin one mapping to a version instead, update its spec.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: components['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['RollbackRequest'];
        };
      };
      responses: {
        /** @description Restored as a new version; each consumer's status. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['RotateResult'];
          };
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
        409: components['responses']['Conflict'];
        413: components['responses']['TooLarge'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/mappings/{id}/events': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['MappingId'];
      };
      cookie?: never;
    };
    /**
     * The mapping's history, newest first
     * @description Needs `secrets.mapping.read`.
     */
    get: {
      parameters: {
        query?: {
          limit?: number;
        };
        header?: never;
        path: {
          id: components['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Events. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['MappingEventList'];
          };
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/mappings/{id}/export': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['MappingId'];
      };
      cookie?: never;
    };
    /**
     * The mapping as a kubectl-apply-able ExternalSecret (external-secrets.io/v1)
     * @description Needs `secrets.mapping.read`. The store becomes a `secretStoreRef` of kind ClusterSecretStore with the same name.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: components['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The ExternalSecret manifest. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/yaml': components['schemas']['ExternalSecretYaml'];
          };
        };
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
        404: components['responses']['NotFound'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/audit/mappings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Every mapping with owners and status, filtered; JSON or CSV
     * @description Admins only (members of secrets.admins) with `secrets.audit`.
     */
    get: {
      parameters: {
        query?: {
          /** @example group:default/team-payments */
          owner?: string;
          store?: string;
          status?: components['schemas']['SyncStatus'];
          cluster?: string;
          format?: 'json' | 'csv';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Mappings. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AuditMappingList'];
            'text/csv': components['schemas']['AuditMappingsCsv'];
          };
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/audit/orphans': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Mappings whose entity, or every owner of it, left the catalog
     * @description Admins only (members of secrets.admins) with `secrets.audit`.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Orphans. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AuditOrphanList'];
          };
        };
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/audit/unmanaged': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Secrets labelled as managed by the plugin whose mapping no longer exists
     * @description Admins only (members of secrets.admins) with `secrets.audit`. Names only; the Secrets' data is never read out.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Secrets, and namespaces that could not be listed. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AuditUnmanagedReport'];
          };
        };
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/audit/failing': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Failing mappings, those not synced for longer than staleAfter, and those due for rotation
     * @description Admins only (members of secrets.admins) with `secrets.audit`.
     */
    get: {
      parameters: {
        query?: {
          /** @description Go duration. */
          staleAfter?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description One row per mapping and cluster. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AuditFailingList'];
          };
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/audit/paths': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Reverse lookup — every entity, cluster and Secret reading a Vault path
     * @description Admins only (members of secrets.admins) with `secrets.audit`. `find` sources match when the path lies below their path.
     */
    get: {
      parameters: {
        query: {
          store: string;
          /** @example payments/payments-api */
          key: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Consumers. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AuditPathConsumerList'];
          };
        };
        400: components['responses']['Invalid'];
        401: components['responses']['Unauthenticated'];
        403: components['responses']['Forbidden'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description Backstage's error shape, plus the field-level issues of a rejected body. */
    Error: {
      error: {
        /** @example InputError */
        name: string;
        message: string;
      };
      issues?: components['schemas']['Issue'][];
    };
    Issue: {
      /** @example spec.data[0].remoteRef.key */
      path: string;
      message: string;
    };
    SecretsHealth: {
      /** @enum {string} */
      status: 'ok';
    };
    StoreStatus: {
      name: string;
      mount: string;
      /** @enum {integer} */
      kvVersion: 1 | 2;
      /** @description Address for links to the Vault UI. */
      publicUrl: string;
      /** @description Only with `entityRef`; the path prefixes the entity may read. */
      allowedPrefixes?: string[];
      /** @description Only with `entityRef`; the dynamic engine paths the entity may use (`database/creds/payments-*`). */
      allowedDynamicPaths?: string[];
      health: {
        reachable: boolean;
        initialized?: boolean;
        sealed?: boolean;
        standby?: boolean;
        version?: string;
        /** @description Why the store is unhealthy; never a credential. */
        error?: string;
      };
      requests: {
        reads: number;
        lists: number;
        logins: number;
        renewals: number;
        errors: number;
      };
    };
    StoreList: {
      items: components['schemas']['StoreStatus'][];
    };
    ClusterInfo: {
      name: string;
      /** @description Only with `entityRef`; the namespaces the entity may write to. */
      namespaces?: string[];
    };
    ClusterList: {
      items: components['schemas']['ClusterInfo'][];
    };
    RemoteRef: {
      /**
       * @description Path below the store's mount.
       * @example payments/payments-api
       */
      key: string;
      /** @description A literal top-level key first, else a dot path into nested JSON. Omitted, the whole secret as JSON. */
      property?: string;
      /** @description KV v2 version to pin. */
      version?: number;
    };
    RolloutRestartTarget: {
      /** @enum {string} */
      kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
      name: string;
    };
    /** @description Field names follow ESO's ExternalSecret. At least one entry in data or dataFrom, or a dynamic source (then neither, and one cluster). */
    MappingSpec: {
      /** @description A store name from secrets.stores. */
      store: string;
      dynamic?: components['schemas']['DynamicSource'];
      data?: {
        secretKey: string;
        remoteRef: components['schemas']['RemoteRef'];
      }[];
      dataFrom?: (
        | {
            extract: components['schemas']['RemoteRef'];
          }
        | {
            find: {
              path?: string;
              name: {
                regexp: string;
              };
            };
          }
      )[];
      target: {
        clusters: string[];
        /** @description Must be a namespace bound to the owning entity. */
        namespace: string;
        name: string;
        /** @default Opaque */
        type?: string;
        /**
         * @default Owner
         * @enum {string}
         */
        creationPolicy?: 'Owner' | 'Merge' | 'Orphan';
        /**
         * @default Retain
         * @enum {string}
         */
        deletionPolicy?: 'Retain' | 'Delete';
        labels?: {
          [key: string]: string;
        };
        annotations?: {
          [key: string]: string;
        };
        template?: {
          /** @description ESO engineVersion v2 templates, one per Secret key. */
          data: {
            [key: string]: string;
          };
        };
        /** @description Workloads in the target namespace restarted after a sync changed the Secret's data; never after a cycle that changed nothing. */
        rolloutRestartTargets?: components['schemas']['RolloutRestartTarget'][];
      };
      /**
       * @description Go duration; 0 syncs once.
       * @example 1h
       */
      refreshInterval?: string;
      /**
       * @default Periodic
       * @enum {string}
       */
      refreshPolicy?: 'Periodic' | 'CreatedOnce' | 'OnChange';
      /**
       * @description Go duration: a synced Vault version older than this shows a rotation due. Default: the store's maxAge, else none.
       * @example 2160h
       */
      maxAge?: string;
    };
    MappingCreateRequest: {
      spec: components['schemas']['MappingSpec'];
    };
    MappingReplaceRequest: {
      spec: components['schemas']['MappingSpec'];
      /** @description The revision the caller read; a newer stored revision is refused with 409. */
      revision?: number;
    };
    PreviewRequest: {
      /** @example component:default/payments-api */
      entityRef: string;
      spec: components['schemas']['MappingSpec'];
    };
    /** @enum {string} */
    SyncStatus: 'Pending' | 'Synced' | 'SyncedError';
    SyncedVersion: {
      key: string;
      version?: number;
      /**
       * Format: date-time
       * @description When Vault wrote this version.
       */
      createdTime?: string;
    };
    MappingClusterStatus: {
      cluster: string;
      status: components['schemas']['SyncStatus'];
      /** @example VaultSealed */
      reason?: string;
      message?: string;
      syncedVersions: components['schemas']['SyncedVersion'][];
      /** @description A synced version is older than the mapping's (or store's) maxAge. */
      rotationDue?: boolean;
      /** Format: date-time */
      lastSyncedAt?: string;
      /** Format: date-time */
      lastAttemptAt?: string;
      /** Format: date-time */
      nextDueAt: string;
      consecutiveFailures: number;
    };
    /** @description Values a Vault engine issues for this mapping alone. database gives username and password; pki gives tls.crt, tls.key and ca.crt. */
    DynamicSource: {
      /** @enum {string} */
      engine: 'database' | 'pki';
      /** @description Default: database or pki. */
      mount?: string;
      role: string;
      /** @description pki only; required there. */
      commonName?: string;
      altNames?: string[];
      /** @description pki only; Go duration. */
      ttl?: string;
      /** @description pki only; Go duration, default a third of the lifetime. */
      renewBefore?: string;
      /** @description database only; default 67. */
      renewAtPercent?: number;
    };
    /** @description Times and counts only; never the credentials or the lease id. */
    DynamicStatus: {
      /** @enum {string} */
      engine: 'database' | 'pki';
      /** Format: date-time */
      issuedAt: string;
      /** Format: date-time */
      expiresAt: string;
      /** @enum {string} */
      nextAction: 'renew' | 'reissue';
      /** Format: date-time */
      nextActionAt: string;
      renewals: number;
      serialNumber?: string;
    };
    MappingView: {
      /** Format: uuid */
      id: string;
      /** @example component:default/payments-api */
      entityRef: string;
      spec: components['schemas']['MappingSpec'];
      revision: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      createdBy: string;
      updatedBy: string;
      status: components['schemas']['MappingClusterStatus'][];
      dynamic?: components['schemas']['DynamicStatus'];
    };
    MappingSyncResult: components['schemas']['MappingView'] & {
      completed: boolean;
    };
    EntityMappings: {
      items: components['schemas']['MappingView'][];
      access: {
        canEdit: boolean;
        owners: string[];
      };
    };
    MappingPreview: {
      reads: components['schemas']['SyncedVersion'][];
      secretKeys: string[];
      type: string;
    };
    MappingDeletion: {
      id: string;
      secrets: {
        cluster: string;
        /** @enum {string} */
        outcome: 'deleted' | 'kept' | 'failed';
        message?: string;
      }[];
      /** @description A dynamic mapping's lease; pending means Vault could not revoke it yet and the engine retries. */
      lease?: {
        /** @enum {string} */
        outcome: 'revoked' | 'pending';
        message?: string;
      };
    };
    MappingEvent: {
      id: number;
      cluster: string;
      /** Format: date-time */
      at: string;
      /** @example DriftRepaired */
      type: string;
      /**
       * @description A user or service entity ref, or engine.
       * @example user:default/alice
       */
      actor: string;
      reason?: string;
      message?: string;
    };
    MappingEventList: {
      items: components['schemas']['MappingEvent'][];
    };
    ImportRequest: {
      /** @description The ExternalSecret manifest. */
      yaml: string;
      /** @description A configured store to use instead of secretStoreRef.name. */
      store?: string;
      /** @description Target clusters; required when more than one cluster is configured. */
      clusters?: string[];
      /**
       * @description Only convert and check; write nothing.
       * @default false
       */
      dryRun?: boolean;
    };
    ImportDryRunResult: {
      spec: components['schemas']['MappingSpec'];
      notes: components['schemas']['Issue'][];
    };
    ImportedMapping: components['schemas']['MappingView'] & {
      notes: components['schemas']['Issue'][];
    };
    /** @description An external-secrets.io/v1 ExternalSecret whose secretStoreRef is a ClusterSecretStore. */
    ExternalSecretYaml: string;
    /** @description ESO's Password generator vocabulary. */
    PasswordGeneratorSpec: {
      /** @default 24 */
      length?: number;
      digits?: number;
      symbols?: number;
      symbolCharacters?: string;
      /** @default false */
      noUpper?: boolean;
      /** @default false */
      allowRepeat?: boolean;
    };
    /** @description Property to value; write-only, never echoed, logged or audited. */
    WriteOnlyValues: {
      [key: string]: string;
    };
    /** @description At least one property in generate or values, none in both. */
    RotateRequest: {
      /** @description A Vault path the mapping reads. */
      key: string;
      expectedVersion: number;
      generate?: {
        [key: string]: components['schemas']['PasswordGeneratorSpec'];
      };
      values?: components['schemas']['WriteOnlyValues'];
      confirmUnmanaged?: boolean;
    };
    PushRequest: {
      /** @description A configured KV v2 store. */
      store: string;
      key: string;
      values: components['schemas']['WriteOnlyValues'];
      /** @description The current version seen, or 0 for a new secret. */
      expectedVersion: number;
      confirmUnmanaged?: boolean;
    };
    RollbackRequest: {
      key: string;
      /** @description The version to restore. */
      version: number;
      expectedVersion: number;
      confirmUnmanaged?: boolean;
    };
    /** @description Versions and each consumer's status; never a value. */
    RotateResult: {
      store: string;
      key: string;
      previousVersion: number;
      version: number;
      /** @description Property names written. */
      properties: string[];
      consumers: {
        mappingId: string;
        entityRef: string;
        secrets: {
          cluster: string;
          namespace: string;
          name: string;
          status: components['schemas']['SyncStatus'];
          reason?: string;
        }[];
      }[];
    };
    SecretVersions: {
      store: string;
      key: string;
      currentVersion: number;
      /** @description Written by Backstage Secrets (custom metadata). */
      managed: boolean;
      versions: {
        version: number;
        /** Format: date-time */
        createdTime: string;
        /** Format: date-time */
        deletionTime?: string;
        destroyed: boolean;
      }[];
      synced: {
        cluster: string;
        version?: number;
      }[];
    };
    AuditMapping: components['schemas']['MappingView'] & {
      owners: string[];
      entityExists: boolean;
    };
    AuditMappingList: {
      items: components['schemas']['AuditMapping'][];
    };
    /** @description One row per mapping, with a header row. */
    AuditMappingsCsv: string;
    AuditOrphan: {
      mapping: components['schemas']['MappingView'];
      /** @enum {string} */
      reason: 'EntityMissing' | 'OwnerMissing';
      message: string;
    };
    AuditOrphanList: {
      items: components['schemas']['AuditOrphan'][];
    };
    AuditUnmanagedSecret: {
      cluster: string;
      namespace: string;
      name: string;
      /** @description From the Secret's labels; the mapping is gone. */
      mappingId?: string;
      entityRef?: string;
    };
    AuditUnmanagedReport: {
      items: components['schemas']['AuditUnmanagedSecret'][];
      errors: {
        cluster: string;
        namespace: string;
        message: string;
      }[];
    };
    AuditFailing: components['schemas']['MappingClusterStatus'] & {
      mapping: components['schemas']['MappingView'];
      /** @description Not synced for longer than staleAfter. */
      stale: boolean;
    };
    AuditFailingList: {
      items: components['schemas']['AuditFailing'][];
    };
    AuditPathConsumer: {
      mappingId: string;
      entityRef: string;
      cluster: string;
      namespace: string;
      secretName: string;
      /** @example data[0].remoteRef.key */
      field: string;
    };
    AuditPathConsumerList: {
      items: components['schemas']['AuditPathConsumer'][];
    };
  };
  responses: {
    /** @description The body or a parameter breaks a rule; `issues` names each field and rule. Nothing was written. */
    Invalid: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description No valid Backstage token. */
    Unauthenticated: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Not an owner or admin, denied by the permission policy, a service without the grant, or a guardrail (then `issues` names the field: Vault path outside the allowed prefixes, namespace not bound to the entity). Nothing was written. */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description No such mapping, or the entity is not in the catalog (for this caller). */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The Secret already belongs to another mapping, the mapping changed since the given revision, or the Vault secret changed since the given version. Nothing was written. */
    Conflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The body is larger than 256 kB; it was not read. */
    TooLarge: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Vault is sealed, down or unreachable. */
    Unavailable: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: {
    /** @example component */
    Kind: string;
    /** @example default */
    Namespace: string;
    /** @example payments-api */
    Name: string;
    MappingId: string;
    /** @example component:default/payments-api */
    EntityRefQuery: string;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
