// Generated from plugins/secrets-backend/src/schema/openapi.yaml by
// `npm run generate:openapi -w @backstage-secrets/plugin-secrets-backend`. Do not edit.
/* eslint-disable */
/**
 * Every route of the secrets API, as its OpenAPI document describes it.
 *
 * @public
 */
export interface SecretsApiPaths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Liveness of the plugin
     * Needs no token and no permission.
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
        /** The plugin is up. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['SecretsHealth'];
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
     * Any signed-in caller; with `entityRef`, needs `secrets.mapping.read` on that entity and each store gains `allowedPrefixes`. Health is the last scheduled check (`secrets.engine.healthCheckInterval`): reachable, unsealed, the engine can log in, and its policy lets it read what the store's mappings need; each problem says what is wrong and what to do.
     */
    get: {
      parameters: {
        query?: {
          /** @example component:default/payments-api */
          entityRef?: SecretsApiComponents['parameters']['EntityRefQuery'];
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Stores; never a credential. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['StoreList'];
          };
        };
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
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
     * Configured clusters with health; with an entity, the namespaces it may write to
     * Any signed-in caller; with `entityRef`, needs `secrets.mapping.read` on that entity and each cluster gains `namespaces`. Health is the last scheduled check (`secrets.engine.healthCheckInterval`): reachable, the engine's token accepted, and its RBAC allows what the mappings need in each of their namespaces; each problem says what is wrong and what to do.
     */
    get: {
      parameters: {
        query?: {
          /** @example component:default/payments-api */
          entityRef?: SecretsApiComponents['parameters']['EntityRefQuery'];
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Clusters. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['ClusterList'];
          };
        };
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
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
        kind: SecretsApiComponents['parameters']['Kind'];
        /** @example default */
        namespace: SecretsApiComponents['parameters']['Namespace'];
        /** @example payments-api */
        name: SecretsApiComponents['parameters']['Name'];
      };
      cookie?: never;
    };
    /**
     * The entity's mappings with status per cluster, and what the caller may do
     * Needs `secrets.mapping.read`. The entity is read with the caller's credentials.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @example component */
          kind: SecretsApiComponents['parameters']['Kind'];
          /** @example default */
          namespace: SecretsApiComponents['parameters']['Namespace'];
          /** @example payments-api */
          name: SecretsApiComponents['parameters']['Name'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Mappings. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['EntityMappings'];
          };
        };
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
      };
    };
    put?: never;
    /**
     * Add a mapping to the entity
     * Needs `secrets.mapping.create` and ownership (or secrets.admins). Vault paths must be below a prefix the store allows the entity, the namespace must be bound to it, and the Secret must not belong to another mapping. The new mapping is synced first in line.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @example component */
          kind: SecretsApiComponents['parameters']['Kind'];
          /** @example default */
          namespace: SecretsApiComponents['parameters']['Namespace'];
          /** @example payments-api */
          name: SecretsApiComponents['parameters']['Name'];
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': SecretsApiComponents['schemas']['MappingCreateRequest'];
        };
      };
      responses: {
        /** Created. */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['MappingView'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
        409: SecretsApiComponents['responses']['Conflict'];
        413: SecretsApiComponents['responses']['TooLarge'];
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
        kind: SecretsApiComponents['parameters']['Kind'];
        /** @example default */
        namespace: SecretsApiComponents['parameters']['Namespace'];
        /** @example payments-api */
        name: SecretsApiComponents['parameters']['Name'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Import an External Secrets Operator ExternalSecret as a mapping
     * Needs `secrets.mapping.create` and ownership. Accepts external-secrets.io/v1beta1 and v1. Keys pasted with the store's mount (`secret/data/app`) are made relative to it and reported in `notes`. Every field that cannot be honoured is refused by name (400, e.g. `spec.target.immutable`). With `dryRun` nothing is written and the converted spec is returned (200); otherwise the mapping is created (201). The colon in the path is literal.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @example component */
          kind: SecretsApiComponents['parameters']['Kind'];
          /** @example default */
          namespace: SecretsApiComponents['parameters']['Namespace'];
          /** @example payments-api */
          name: SecretsApiComponents['parameters']['Name'];
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': SecretsApiComponents['schemas']['ImportRequest'];
        };
      };
      responses: {
        /** Dry run; the spec the import would create. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['ImportDryRunResult'];
          };
        };
        /** Created. */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['ImportedMapping'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
        409: SecretsApiComponents['responses']['Conflict'];
        413: SecretsApiComponents['responses']['TooLarge'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/mappings:bulkImport': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example component */
        kind: SecretsApiComponents['parameters']['Kind'];
        /** @example default */
        namespace: SecretsApiComponents['parameters']['Namespace'];
        /** @example payments-api */
        name: SecretsApiComponents['parameters']['Name'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Import many ExternalSecrets at once (files of a folder, multi-document YAML)
     * Needs `secrets.mapping.create` and ownership. Each ExternalSecret of each file is checked as a single import is, and also against the Secrets other mappings (or earlier documents of this import) already write; documents of other kinds are skipped. `mode` `dryRun` (the default) only reports each document as accepted or refused with its fields (200); `all` writes nothing unless every document passes (400 naming each refusal, 409 if a Secret is claimed meanwhile, nothing written) and otherwise creates them all (201); `valid` creates the documents that pass and reports the others (201 when any was created). At most 20 files and 50 ExternalSecrets, within the 256 KiB body limit. The colon in the path is literal.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @example component */
          kind: SecretsApiComponents['parameters']['Kind'];
          /** @example default */
          namespace: SecretsApiComponents['parameters']['Namespace'];
          /** @example payments-api */
          name: SecretsApiComponents['parameters']['Name'];
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': SecretsApiComponents['schemas']['BulkImportRequest'];
        };
      };
      responses: {
        /** Dry run, or nothing to create; what each document would do. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['BulkImportResult'];
          };
        };
        /** Mappings created. */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['BulkImportResult'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
        409: SecretsApiComponents['responses']['Conflict'];
        413: SecretsApiComponents['responses']['TooLarge'];
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
        kind: SecretsApiComponents['parameters']['Kind'];
        /** @example default */
        namespace: SecretsApiComponents['parameters']['Namespace'];
        /** @example payments-api */
        name: SecretsApiComponents['parameters']['Name'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Push values into Vault (portal → Vault), then sync every mapping that reads the path
     * Needs `secrets.mapping.rotate` and ownership of the entity; the path must be below a prefix the store allows the entity. `expectedVersion` 0 creates a new secret (refused if one exists); otherwise check-and-set against that version. Values are write-only. The colon in the path is literal.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @example component */
          kind: SecretsApiComponents['parameters']['Kind'];
          /** @example default */
          namespace: SecretsApiComponents['parameters']['Namespace'];
          /** @example payments-api */
          name: SecretsApiComponents['parameters']['Name'];
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': SecretsApiComponents['schemas']['PushRequest'];
        };
      };
      responses: {
        /** Written; the new version and each consumer's status. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['RotateResult'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
        409: SecretsApiComponents['responses']['Conflict'];
        413: SecretsApiComponents['responses']['TooLarge'];
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
     * Needs `secrets.mapping.create` on the entity: a preview reads Vault on its behalf. The values read are dropped; the answer holds paths, versions and key names only. A path that does not exist, or that Vault refuses the engine (outside its policy), is a 400 on `spec` saying which.
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
          'application/json': SecretsApiComponents['schemas']['PreviewRequest'];
        };
      };
      responses: {
        /** What the mapping would read and produce. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['MappingPreview'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
        413: SecretsApiComponents['responses']['TooLarge'];
        503: SecretsApiComponents['responses']['Unavailable'];
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
        id: SecretsApiComponents['parameters']['MappingId'];
      };
      cookie?: never;
    };
    /**
     * One mapping with its status
     * Needs `secrets.mapping.read` on the owning entity.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: SecretsApiComponents['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** The mapping. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['MappingView'];
          };
        };
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
      };
    };
    /**
     * Replace a mapping's spec
     * Needs `secrets.mapping.update` and ownership. With `revision`, a mapping changed since it was read is refused with 409. The mapping is re-synced at once (also an OnChange one; a CreatedOnce one keeps a Secret it already wrote).
     */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: SecretsApiComponents['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': SecretsApiComponents['schemas']['MappingReplaceRequest'];
        };
      };
      responses: {
        /** Replaced. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['MappingView'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
        409: SecretsApiComponents['responses']['Conflict'];
        413: SecretsApiComponents['responses']['TooLarge'];
      };
    };
    post?: never;
    /**
     * Delete a mapping; its Secret follows the creation policy
     * Needs `secrets.mapping.delete` and ownership. Owner: the Secret is deleted if it is still the one the mapping created. Merge: only the mapping's keys are removed. Orphan: the Secret stays.
     */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: SecretsApiComponents['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Deleted; what happened to the Secret in each cluster. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['MappingDeletion'];
          };
        };
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
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
        id: SecretsApiComponents['parameters']['MappingId'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sync now, first in line, and wait (bounded) for the result
     * Needs `secrets.mapping.sync` and ownership (or a service granted it).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: SecretsApiComponents['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** A sync begun after the request finished; the fresh status (`completed` is true). */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['MappingSyncResult'];
          };
        };
        /** Not served within `secrets.engine.syncNowWait` (default 30 s), e.g. while another replica holds the mapping; the status as it stands (`completed` is false). The request stays queued. */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['MappingSyncResult'];
          };
        };
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/mappings/{id}/compare': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: SecretsApiComponents['parameters']['MappingId'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Compare what the mapping would write with the Secret in each cluster
     * Needs `secrets.mapping.sync`. Reads Vault as a sync would and the live Secret, and reports key by key — names only, never values — match, differ, missing (the Secret lacks it) or extra (the mapping would drop it), the type, who controls the Secret and whether it could be adopted. Writes nothing. A mapping over a Secret that someone else wrote (ESO, kubectl) never overwrites it: its status says SecretNotOwned until it is adopted.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: SecretsApiComponents['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** One comparison per cluster. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['SecretComparisonList'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
        503: SecretsApiComponents['responses']['Unavailable'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/mappings/{id}/adopt': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: SecretsApiComponents['parameters']['MappingId'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Take over a Secret someone else wrote, when it already holds what the mapping writes
     * Needs `secrets.mapping.update`. Compares as `/compare` does; in each cluster where the Secret matches exactly (every key and the type) and no other object controls it (an ESO ExternalSecret's owner reference), sets the mapping's labels and annotations on it without touching its data, so the next sync finds it current. Where it does not match, nothing is written and `message` says why. Records the audit event `mapping-adopt`.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: SecretsApiComponents['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** One comparison per cluster, with `adopted` where the Secret was taken over. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['SecretComparisonList'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
        409: SecretsApiComponents['responses']['Conflict'];
        503: SecretsApiComponents['responses']['Unavailable'];
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
        id: SecretsApiComponents['parameters']['MappingId'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Dynamic mappings — new credentials or certificate now, the replaced lease revoked
     * Needs `secrets.mapping.rotate` and ownership of the mapping's entity. The mapping is synced at once: Vault issues new values, the Secret is written and its restart targets restarted; the lease it replaced is revoked by the next cycle. Audited (`secret-reissue`, high). A KV mapping is refused with 400.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: SecretsApiComponents['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** The mapping with its status after the sync. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['MappingView'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
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
        id: SecretsApiComponents['parameters']['MappingId'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Rotate a KV v2 secret the mapping reads, then sync every mapping that reads it
     * Needs `secrets.mapping.rotate` and ownership of the mapping's entity; the path must be below a prefix the store allows that entity. New values are generated (ESO Password generator vocabulary) or given (write-only: never echoed, logged or audited), merged into the current data and written with check-and-set against `expectedVersion`. A secret the product did not write needs `confirmUnmanaged`. The answer names the new version and what each consuming Secret became — never a value.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: SecretsApiComponents['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': SecretsApiComponents['schemas']['RotateRequest'];
        };
      };
      responses: {
        /** Rotated; the new version and each consumer's status. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['RotateResult'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
        409: SecretsApiComponents['responses']['Conflict'];
        413: SecretsApiComponents['responses']['TooLarge'];
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
        id: SecretsApiComponents['parameters']['MappingId'];
      };
      cookie?: never;
    };
    /**
     * KV v2 versions of a path the mapping reads, and which one each cluster synced
     * Needs `secrets.mapping.read`. Times and states only, never data.
     */
    get: {
      parameters: {
        query: {
          /** A Vault path the mapping reads (data or dataFrom.extract). */
          key: string;
        };
        header?: never;
        path: {
          id: SecretsApiComponents['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Versions, newest first. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['SecretVersions'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
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
        id: SecretsApiComponents['parameters']['MappingId'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Restore an old KV v2 version as the new current one, then sync every consumer
     * Needs `secrets.mapping.rotate` and ownership. Written with check-and-set against `expectedVersion`. To pin one mapping to a version instead, update its spec.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: SecretsApiComponents['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': SecretsApiComponents['schemas']['RollbackRequest'];
        };
      };
      responses: {
        /** Restored as a new version; each consumer's status. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['RotateResult'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
        409: SecretsApiComponents['responses']['Conflict'];
        413: SecretsApiComponents['responses']['TooLarge'];
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
        id: SecretsApiComponents['parameters']['MappingId'];
      };
      cookie?: never;
    };
    /**
     * The mapping's history, newest first
     * Needs `secrets.mapping.read`.
     */
    get: {
      parameters: {
        query?: {
          limit?: number;
        };
        header?: never;
        path: {
          id: SecretsApiComponents['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Events. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['MappingEventList'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
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
  '/entities/{kind}/{namespace}/{name}/declared': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example component */
        kind: SecretsApiComponents['parameters']['Kind'];
        /** @example default */
        namespace: SecretsApiComponents['parameters']['Namespace'];
        /** @example payments-api */
        name: SecretsApiComponents['parameters']['Name'];
      };
      cookie?: never;
    };
    /**
     * What the entity's repository declares, and what became of each document
     * Needs `secrets.mapping.read`. The entity declares mappings with the annotation `secrets.backstage.io/external-secrets` (a path or glob of ExternalSecret YAML files, relative to its catalog file). The engine reads them every minute; this is the outcome of the last read: each document created, updated, unchanged or refused (with the fields that stop it), or the error that kept the files from being read (existing declared mappings are then kept as they were).
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @example component */
          kind: SecretsApiComponents['parameters']['Kind'];
          /** @example default */
          namespace: SecretsApiComponents['parameters']['Namespace'];
          /** @example payments-api */
          name: SecretsApiComponents['parameters']['Name'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** The last read's outcome. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['DeclaredMappings'];
          };
        };
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
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
  '/entities/{kind}/{namespace}/{name}/declared:refresh': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example component */
        kind: SecretsApiComponents['parameters']['Kind'];
        /** @example default */
        namespace: SecretsApiComponents['parameters']['Namespace'];
        /** @example payments-api */
        name: SecretsApiComponents['parameters']['Name'];
      };
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reads the entity's declared files now and applies them
     * Needs `secrets.mapping.sync`. Reads the entity from the catalog and its declared files, then creates, updates and retires its declared mappings as the scheduled read would, and answers with the outcome. The colon in the path is literal.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @example component */
          kind: SecretsApiComponents['parameters']['Kind'];
          /** @example default */
          namespace: SecretsApiComponents['parameters']['Namespace'];
          /** @example payments-api */
          name: SecretsApiComponents['parameters']['Name'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** The outcome of this read. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['DeclaredMappings'];
          };
        };
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/mappings:export': {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example component */
        kind: SecretsApiComponents['parameters']['Kind'];
        /** @example default */
        namespace: SecretsApiComponents['parameters']['Namespace'];
        /** @example payments-api */
        name: SecretsApiComponents['parameters']['Name'];
      };
      cookie?: never;
    };
    /**
     * Every mapping of the entity as one kubectl-apply-able multi-document YAML
     * Needs `secrets.mapping.read`. One ExternalSecret (external-secrets.io/v1) per mapping, as `/mappings/\{id\}/export` writes it, separated by `---`; a dynamic mapping, which has no ExternalSecret form, is named in a comment instead. The colon in the path is literal.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @example component */
          kind: SecretsApiComponents['parameters']['Kind'];
          /** @example default */
          namespace: SecretsApiComponents['parameters']['Namespace'];
          /** @example payments-api */
          name: SecretsApiComponents['parameters']['Name'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** The ExternalSecret manifests. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/yaml': SecretsApiComponents['schemas']['ExternalSecretYaml'];
          };
        };
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
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
        id: SecretsApiComponents['parameters']['MappingId'];
      };
      cookie?: never;
    };
    /**
     * The mapping as a kubectl-apply-able ExternalSecret (external-secrets.io/v1)
     * Needs `secrets.mapping.read`. The store becomes a `secretStoreRef` of kind ClusterSecretStore with the same name.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: SecretsApiComponents['parameters']['MappingId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** The ExternalSecret manifest. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/yaml': SecretsApiComponents['schemas']['ExternalSecretYaml'];
          };
        };
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
        404: SecretsApiComponents['responses']['NotFound'];
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
     * Admins only (members of secrets.admins) with `secrets.audit`.
     */
    get: {
      parameters: {
        query?: {
          /** @example group:default/team-payments */
          owner?: string;
          store?: string;
          status?: SecretsApiComponents['schemas']['SyncStatus'];
          cluster?: string;
          /** `yaml`: every matching mapping as one kubectl-apply-able multi-document ExternalSecret YAML (dynamic mappings named in a comment). */
          format?: 'json' | 'csv' | 'yaml';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** Mappings. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['AuditMappingList'];
            'text/csv': SecretsApiComponents['schemas']['AuditMappingsCsv'];
            'text/yaml': SecretsApiComponents['schemas']['ExternalSecretYaml'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
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
     * Admins only (members of secrets.admins) with `secrets.audit`.
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
        /** Orphans. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['AuditOrphanList'];
          };
        };
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
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
     * Admins only (members of secrets.admins) with `secrets.audit`. Names only; the Secrets' data is never read out.
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
        /** Secrets, and namespaces that could not be listed. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['AuditUnmanagedReport'];
          };
        };
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
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
     * Admins only (members of secrets.admins) with `secrets.audit`.
     */
    get: {
      parameters: {
        query?: {
          /** Go duration. */
          staleAfter?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** One row per mapping and cluster. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['AuditFailingList'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
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
     * Admins only (members of secrets.admins) with `secrets.audit`. `find` sources match when the path lies below their path.
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
        /** Consumers. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': SecretsApiComponents['schemas']['AuditPathConsumerList'];
          };
        };
        400: SecretsApiComponents['responses']['Invalid'];
        401: SecretsApiComponents['responses']['Unauthenticated'];
        403: SecretsApiComponents['responses']['Forbidden'];
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
/**
 * The schemas, parameters and responses of the secrets API's OpenAPI document.
 *
 * @public
 */
export interface SecretsApiComponents {
  /** The document's schemas. */
  schemas: {
    /** Backstage's error shape, plus the field-level issues of a rejected body. */
    Error: {
      error: {
        /** @example InputError */
        name: string;
        message: string;
      };
      issues?: SecretsApiComponents['schemas']['Issue'][];
    };
    Issue: {
      /** @example spec.data[0].remoteRef.key */
      path: string;
      message: string;
    };
    SecretsHealth: {
      status: 'ok';
    };
    StoreStatus: {
      name: string;
      mount: string;
      kvVersion: 1 | 2;
      /** Address for links to the Vault UI. */
      publicUrl: string;
      /** Only with `entityRef`; the path prefixes the entity may read. */
      allowedPrefixes?: string[];
      /** Only with `entityRef`; the dynamic engine paths the entity may use (`database/creds/payments-*`). */
      allowedDynamicPaths?: string[];
      health: {
        reachable: boolean;
        initialized?: boolean;
        sealed?: boolean;
        standby?: boolean;
        version?: string;
        /** Whether the engine could log in with the store's auth at the last check; absent when Vault could not be asked. */
        loggedIn?: boolean;
        /** No problem found, so mappings of this store can sync. */
        healthy: boolean;
        problems: SecretsApiComponents['schemas']['HealthProblem'][];
        /**
         * Format: date-time
         * When the check was made.
         */
        checkedAt: string;
        /** The first problem's message; never a credential. */
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
      items: SecretsApiComponents['schemas']['StoreStatus'][];
    };
    ClusterInfo: {
      name: string;
      /** Only with `entityRef`; the namespaces the entity may write to. */
      namespaces?: string[];
      health: SecretsApiComponents['schemas']['ClusterHealth'];
    };
    ClusterHealth: {
      reachable: boolean;
      /** The API server's version, e.g. v1.36.3. */
      version?: string;
      /** No problem found, so mappings writing to this cluster can sync. */
      healthy: boolean;
      problems: SecretsApiComponents['schemas']['HealthProblem'][];
      /** The namespaces whose RBAC was checked (those mappings write to). */
      namespaces: string[];
      /** Format: date-time */
      checkedAt: string;
    };
    /** One reason a store or cluster cannot serve its mappings fully: the cause (the sync reason the affected mappings fail with; a Role without list and watch on Secrets, or without create on Events, fails none: the message says what is lost; nor does KubernetesWatchFailing, a watch of Secrets in a namespace failing for 30 s or more on the replica that answers, for a reason the rest of the report does not explain), what is wrong and what to do, in words. Never a credential. */
    HealthProblem: {
      cause:
        | 'VaultUnreachable'
        | 'VaultNotInitialized'
        | 'VaultSealed'
        | 'VaultLoginFailed'
        | 'VaultDenied'
        | 'VaultCheckFailed'
        | 'KubernetesUnreachable'
        | 'KubernetesUnauthorized'
        | 'KubernetesForbidden'
        | 'KubernetesCheckFailed'
        | 'KubernetesWatchFailing';
      /** @example The engine's Vault policy does not allow read on secret/data/payments/* */
      message: string;
      /** @example Add path "secret/data/payments/*" \{ capabilities = ["read"] \} to the policy attached to AppRole login at auth/approle */
      action: string;
      /** Vault causes: the policy path that must grant the capability. */
      path?: string;
      /** Kubernetes causes: the namespace the engine lacks permissions in. */
      namespace?: string;
    };
    ClusterList: {
      items: SecretsApiComponents['schemas']['ClusterInfo'][];
    };
    RemoteRef: {
      /**
       * Path below the store's mount.
       * @example payments/payments-api
       */
      key: string;
      /** A literal top-level key first, else a dot path into nested JSON. Omitted, the whole secret as JSON. */
      property?: string;
      /** KV v2 version to pin. */
      version?: number;
      /**
       * ESO's decoding before the value is written; Auto keeps a value neither encoding decodes. Decoded values may be binary.
       */
      decodingStrategy?: 'None' | 'Base64' | 'Base64URL' | 'Auto';
      /**
       * Fail refuses a value (after decoding) that holds a NUL byte.
       */
      nullBytePolicy?: 'Ignore' | 'Fail';
      /**
       * Fetch reads the secret's KV v2 custom metadata instead of its data.
       */
      metadataPolicy?: 'None' | 'Fetch';
      /**
       * dataFrom extract only; how its keys become valid Secret keys (invalid characters to _ or _U<hex>_).
       */
      conversionStrategy?: 'Default' | 'Unicode';
    };
    /** ESO's dataFrom rewrite, applied in order to every key of the source. */
    Rewrites: (
      | {
          regexp: {
            source: string;
            target: string;
          };
        }
      | {
          transform: {
            template: string;
          };
        }
    )[];
    /** Exactly one of literal, configMap, secret. */
    TemplateFrom:
      | {
          literal: string;
        }
      | {
          configMap: SecretsApiComponents['schemas']['TemplateFromRef'];
        }
      | {
          secret: SecretsApiComponents['schemas']['TemplateFromRef'];
        };
    /** A ConfigMap or Secret in the target namespace, and its keys that hold templates. */
    TemplateFromRef: {
      name: string;
      items: {
        key: string;
        /**
         * Values renders the key's template into the Secret key of the same name; KeysAndValues renders YAML whose entries become Secret keys.
         * @defaultValue Values
         */
        templateAs?: 'Values' | 'KeysAndValues';
      }[];
    };
    RolloutRestartTarget: {
      kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
      name: string;
    };
    /** Field names follow ESO's ExternalSecret. At least one entry in data or dataFrom, or a dynamic source (then neither). */
    MappingSpec: {
      /** A store name from secrets.stores. */
      store: string;
      dynamic?: SecretsApiComponents['schemas']['DynamicSource'];
      data?: {
        secretKey: string;
        remoteRef: SecretsApiComponents['schemas']['RemoteRef'];
      }[];
      dataFrom?: (
        | {
            extract: SecretsApiComponents['schemas']['RemoteRef'];
            rewrite?: SecretsApiComponents['schemas']['Rewrites'];
          }
        | {
            rewrite?: SecretsApiComponents['schemas']['Rewrites'];
            /** At least one of name and tags. */
            find: {
              path?: string;
              name?: {
                regexp: string;
              };
              /** KV v2 custom metadata every found secret must carry. */
              tags?: {
                [key: string]: string;
              };
              conversionStrategy?: 'Default' | 'Unicode';
            };
          }
      )[];
      target: {
        clusters: string[];
        /** Must be a namespace bound to the owning entity. */
        namespace: string;
        name: string;
        /** @defaultValue Opaque */
        type?: string;
        /**
         * Owner creates and owns the Secret, Merge adds keys to an existing one, Orphan leaves it behind when the mapping goes, None reads Vault and writes nothing.
         * @defaultValue Owner
         */
        creationPolicy?: 'Owner' | 'Merge' | 'Orphan' | 'None';
        /**
         * When the Vault secret vanishes: keep the Secret, delete it, or keep it without the vanished keys (Merge).
         * @defaultValue Retain
         */
        deletionPolicy?: 'Retain' | 'Delete' | 'Merge';
        /** Write the Secret with immutable true; Vault changes reach it only after it is deleted (and written anew). */
        immutable?: boolean;
        labels?: {
          [key: string]: string;
        };
        annotations?: {
          [key: string]: string;
        };
        template?: {
          /** ESO engineVersion v2 templates, one per Secret key. */
          data: {
            [key: string]: string;
          };
          /** ESO templateFrom (target Data), rendered in order before data: a literal renders YAML whose entries become Secret keys; a ConfigMap or Secret of the target namespace is read when the mapping syncs. */
          templateFrom?: SecretsApiComponents['schemas']['TemplateFrom'][];
          /**
           * Merge keeps the data keys beside the templated ones (a template wins a shared key); Replace (the default) keeps only the templated keys.
           */
          mergePolicy?: 'Replace' | 'Merge';
        };
        /** Workloads in the target namespace restarted after a sync changed the Secret's data; never after a cycle that changed nothing. */
        rolloutRestartTargets?: SecretsApiComponents['schemas']['RolloutRestartTarget'][];
      };
      /**
       * Go duration; 0 syncs once.
       * @example 1h
       */
      refreshInterval?: string;
      /**
       * @defaultValue Periodic
       */
      refreshPolicy?: 'Periodic' | 'CreatedOnce' | 'OnChange';
      /**
       * Go duration: a synced Vault version older than this shows a rotation due. Default: the store's maxAge, else none.
       * @example 2160h
       */
      maxAge?: string;
    };
    MappingCreateRequest: {
      spec: SecretsApiComponents['schemas']['MappingSpec'];
    };
    MappingReplaceRequest: {
      spec: SecretsApiComponents['schemas']['MappingSpec'];
      /** The revision the caller read; a newer stored revision is refused with 409. */
      revision?: number;
    };
    PreviewRequest: {
      /** @example component:default/payments-api */
      entityRef: string;
      spec: SecretsApiComponents['schemas']['MappingSpec'];
    };
    /**
     * Drifted: a watch saw the Secret deleted or edited in the cluster; its repair is queued and replaces this status within seconds.
     */
    SyncStatus: 'Pending' | 'Synced' | 'SyncedError' | 'Drifted';
    SyncedVersion: {
      key: string;
      version?: number;
      /**
       * Format: date-time
       * When Vault wrote this version.
       */
      createdTime?: string;
    };
    MappingClusterStatus: {
      cluster: string;
      status: SecretsApiComponents['schemas']['SyncStatus'];
      /** @example VaultSealed */
      reason?: string;
      message?: string;
      syncedVersions: SecretsApiComponents['schemas']['SyncedVersion'][];
      /** A synced version is older than the mapping's (or store's) maxAge. */
      rotationDue?: boolean;
      /** Format: date-time */
      lastSyncedAt?: string;
      /** Format: date-time */
      lastAttemptAt?: string;
      /** Format: date-time */
      nextDueAt: string;
      consecutiveFailures: number;
    };
    /** Values a Vault engine issues for this mapping alone. database gives username and password; pki gives tls.crt, tls.key and ca.crt. */
    DynamicSource: {
      engine: 'database' | 'pki';
      /** Default: database or pki. */
      mount?: string;
      role: string;
      /** pki only; required there. */
      commonName?: string;
      altNames?: string[];
      /** pki only; Go duration. */
      ttl?: string;
      /** pki only; Go duration, default a third of the lifetime. */
      renewBefore?: string;
      /** database only; default 67. */
      renewAtPercent?: number;
    };
    /** Times and counts only; never the credentials or the lease id. */
    DynamicStatus: {
      engine: 'database' | 'pki';
      /** Format: date-time */
      issuedAt: string;
      /** Format: date-time */
      expiresAt: string;
      nextAction: 'renew' | 'reissue';
      /** Format: date-time */
      nextActionAt: string;
      renewals: number;
      serialNumber?: string;
    };
    /** Present when the mapping is declared in the entity's repository; such a mapping changes only with its file. */
    MappingSource: {
      type: 'git';
      /** The file holding the document (a URL, or file and a path for a file location). */
      url: string;
      /** The ExternalSecret's metadata.name. */
      document: string;
    };
    DeclaredDocument: {
      file: string;
      /** The ExternalSecret's metadata.name, or its position in the file when it has none. */
      name: string;
      /**
       * refused keeps the mapping the document made before, if any.
       */
      outcome: 'created' | 'updated' | 'unchanged' | 'refused';
      /** Format: uuid */
      mappingId?: string;
      issues?: SecretsApiComponents['schemas']['Issue'][];
    };
    DeclaredMappings: {
      /** Whether the entity carries the annotation (or still has declared mappings). */
      declared: boolean;
      /** The annotation's value. */
      pattern?: string;
      /** Format: date-time */
      checkedAt?: string;
      /** Why the files could not be read; the declared mappings were kept unchanged. */
      error?: string;
      documents: SecretsApiComponents['schemas']['DeclaredDocument'][];
    };
    MappingView: {
      /** Format: uuid */
      id: string;
      /** @example component:default/payments-api */
      entityRef: string;
      spec: SecretsApiComponents['schemas']['MappingSpec'];
      revision: number;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      createdBy: string;
      updatedBy: string;
      status: SecretsApiComponents['schemas']['MappingClusterStatus'][];
      dynamic?: SecretsApiComponents['schemas']['DynamicStatus'];
      source?: SecretsApiComponents['schemas']['MappingSource'];
    };
    MappingSyncResult: SecretsApiComponents['schemas']['MappingView'] & {
      completed: boolean;
    };
    EntityMappings: {
      items: SecretsApiComponents['schemas']['MappingView'][];
      access: {
        canEdit: boolean;
        owners: string[];
      };
    };
    MappingPreview: {
      reads: SecretsApiComponents['schemas']['SyncedVersion'][];
      secretKeys: string[];
      type: string;
    };
    SecretComparison: {
      cluster: string;
      /**
       * foreign — the Secret exists and this mapping did not write it.
       */
      secret: 'absent' | 'ours' | 'foreign';
      type: {
        desired: string;
        live?: string;
      };
      keys: {
        key: string;
        status: 'match' | 'differ' | 'missing' | 'extra';
      }[];
      /** The Secret holds exactly what the mapping writes. */
      matches: boolean;
      /** The object controlling the Secret (kind/name), e.g. an ESO ExternalSecret. */
      controller?: string;
      adopted?: boolean;
      /** Why the Secret is not (or need not be) adopted, or what adopting did. */
      message?: string;
    };
    SecretComparisonList: {
      items: SecretsApiComponents['schemas']['SecretComparison'][];
    };
    MappingDeletion: {
      id: string;
      secrets: {
        cluster: string;
        outcome: 'deleted' | 'kept' | 'failed';
        message?: string;
      }[];
      /** A dynamic mapping's lease; pending means Vault could not revoke it yet and the engine retries. */
      lease?: {
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
       * A user or service entity ref, or engine.
       * @example user:default/alice
       */
      actor: string;
      reason?: string;
      message?: string;
    };
    MappingEventList: {
      items: SecretsApiComponents['schemas']['MappingEvent'][];
    };
    ImportRequest: {
      /** The ExternalSecret manifest. */
      yaml: string;
      /** A configured store to use instead of secretStoreRef.name. */
      store?: string;
      /** Target clusters; required when more than one cluster is configured. */
      clusters?: string[];
      /**
       * Only convert and check; write nothing.
       * @defaultValue false
       */
      dryRun?: boolean;
    };
    BulkImportRequest: {
      files: {
        name: string;
        yaml: string;
      }[];
      /** A configured store for every document instead of its secretStoreRef.name. */
      store?: string;
      /** Target clusters of every document; without it, each document's secrets.backstage.io/clusters annotation or the only configured cluster. */
      clusters?: string[];
      /**
       * @defaultValue dryRun
       */
      mode?: 'dryRun' | 'all' | 'valid';
    };
    BulkImportDocument: {
      file: string;
      /** metadata.name, or the document's position in its file. */
      name: string;
      outcome: 'accepted' | 'refused' | 'created';
      issues?: SecretsApiComponents['schemas']['Issue'][];
      notes?: SecretsApiComponents['schemas']['Issue'][];
      /** Format: uuid */
      mappingId?: string;
    };
    BulkImportResult: {
      mode: 'dryRun' | 'all' | 'valid';
      documents: SecretsApiComponents['schemas']['BulkImportDocument'][];
    };
    ImportDryRunResult: {
      spec: SecretsApiComponents['schemas']['MappingSpec'];
      notes: SecretsApiComponents['schemas']['Issue'][];
    };
    ImportedMapping: SecretsApiComponents['schemas']['MappingView'] & {
      notes: SecretsApiComponents['schemas']['Issue'][];
    };
    /** An external-secrets.io/v1 ExternalSecret whose secretStoreRef is a ClusterSecretStore. */
    ExternalSecretYaml: string;
    /** ESO's Password generator vocabulary. */
    PasswordGeneratorSpec: {
      /** @defaultValue 24 */
      length?: number;
      digits?: number;
      symbols?: number;
      symbolCharacters?: string;
      /** @defaultValue false */
      noUpper?: boolean;
      /** @defaultValue false */
      allowRepeat?: boolean;
    };
    /** Property to value; write-only, never echoed, logged or audited. */
    WriteOnlyValues: {
      [key: string]: string;
    };
    /** At least one property in generate or values, none in both. */
    RotateRequest: {
      /** A Vault path the mapping reads. */
      key: string;
      expectedVersion: number;
      generate?: {
        [key: string]: SecretsApiComponents['schemas']['PasswordGeneratorSpec'];
      };
      values?: SecretsApiComponents['schemas']['WriteOnlyValues'];
      confirmUnmanaged?: boolean;
    };
    PushRequest: {
      /** A configured KV v2 store. */
      store: string;
      key: string;
      values: SecretsApiComponents['schemas']['WriteOnlyValues'];
      /** The current version seen, or 0 for a new secret. */
      expectedVersion: number;
      confirmUnmanaged?: boolean;
    };
    RollbackRequest: {
      key: string;
      /** The version to restore. */
      version: number;
      expectedVersion: number;
      confirmUnmanaged?: boolean;
    };
    /** Versions and each consumer's status; never a value. */
    RotateResult: {
      store: string;
      key: string;
      previousVersion: number;
      version: number;
      /** Property names written. */
      properties: string[];
      consumers: {
        mappingId: string;
        entityRef: string;
        secrets: {
          cluster: string;
          namespace: string;
          name: string;
          status: SecretsApiComponents['schemas']['SyncStatus'];
          reason?: string;
        }[];
      }[];
    };
    SecretVersions: {
      store: string;
      key: string;
      currentVersion: number;
      /** Written by Backstage Secrets (custom metadata). */
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
    AuditMapping: SecretsApiComponents['schemas']['MappingView'] & {
      owners: string[];
      entityExists: boolean;
    };
    AuditMappingList: {
      items: SecretsApiComponents['schemas']['AuditMapping'][];
    };
    /** One row per mapping, with a header row. */
    AuditMappingsCsv: string;
    AuditOrphan: {
      mapping: SecretsApiComponents['schemas']['MappingView'];
      reason: 'EntityMissing' | 'OwnerMissing';
      message: string;
    };
    AuditOrphanList: {
      items: SecretsApiComponents['schemas']['AuditOrphan'][];
    };
    AuditUnmanagedSecret: {
      cluster: string;
      namespace: string;
      name: string;
      /** From the Secret's labels; the mapping is gone. */
      mappingId?: string;
      entityRef?: string;
    };
    AuditUnmanagedReport: {
      items: SecretsApiComponents['schemas']['AuditUnmanagedSecret'][];
      errors: {
        cluster: string;
        namespace: string;
        message: string;
      }[];
    };
    AuditFailing: SecretsApiComponents['schemas']['MappingClusterStatus'] & {
      mapping: SecretsApiComponents['schemas']['MappingView'];
      /** Not synced for longer than staleAfter. */
      stale: boolean;
    };
    AuditFailingList: {
      items: SecretsApiComponents['schemas']['AuditFailing'][];
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
      items: SecretsApiComponents['schemas']['AuditPathConsumer'][];
    };
  };
  /** The document's responses. */
  responses: {
    /** The body or a parameter breaks a rule; `issues` names each field and rule. Nothing was written. */
    Invalid: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': SecretsApiComponents['schemas']['Error'];
      };
    };
    /** No valid Backstage token. */
    Unauthenticated: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': SecretsApiComponents['schemas']['Error'];
      };
    };
    /** Not an owner or admin, denied by the permission policy, a service without the grant, or a guardrail (then `issues` names the field: Vault path outside the allowed prefixes, namespace not bound to the entity). Nothing was written. */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': SecretsApiComponents['schemas']['Error'];
      };
    };
    /** No such mapping, or the entity is not in the catalog (for this caller). */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': SecretsApiComponents['schemas']['Error'];
      };
    };
    /** The Secret already belongs to another mapping, the mapping changed since the given revision, or the Vault secret changed since the given version. Nothing was written. */
    Conflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': SecretsApiComponents['schemas']['Error'];
      };
    };
    /** The body is larger than 256 kB; it was not read. */
    TooLarge: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': SecretsApiComponents['schemas']['Error'];
      };
    };
    /** Vault is sealed, down or unreachable. */
    Unavailable: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': SecretsApiComponents['schemas']['Error'];
      };
    };
  };
  /** The document's parameters. */
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
  /** The document's requestBodies. */
  requestBodies: never;
  /** The document's headers. */
  headers: never;
  /** The document's pathItems. */
  pathItems: never;
}
