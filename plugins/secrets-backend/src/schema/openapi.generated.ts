// Generated from plugins/secrets-backend/src/schema/openapi.yaml by
// `npm run generate:openapi -w @backstage-secrets/plugin-secrets-backend`. Do not edit.

/** The API's OpenAPI document, which the router validates every request against. */
export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'Backstage Secrets API',
    version: '0.1.0',
    description:
      "Per-entity Vault-to-Kubernetes secret mappings, sync status and history, ESO interop, rotation and the platform audit, served by the secrets backend plugin at /api/secrets. No response of this API ever contains a secret value: previews name keys and versions, statuses name reasons, errors name fields and rules, and values sent for a rotation or push are write-only. Every route except /health needs a Backstage user or service token. Changing an entity's mappings needs ownership of the entity (or membership of secrets.admins) and the permission named in each operation; a service token needs that permission granted in secrets.services. Every error body has the shape of `Error`; a rejected body or guardrail adds `issues`, one per field.",
  },
  servers: [
    {
      url: '/api/secrets',
    },
  ],
  security: [
    {
      backstageToken: [],
    },
  ],
  tags: [
    {
      name: 'Health',
    },
    {
      name: 'Mappings',
    },
    {
      name: 'Rotation',
    },
    {
      name: 'ESO',
    },
    {
      name: 'Declared',
    },
    {
      name: 'Audit',
    },
  ],
  paths: {
    '/health': {
      get: {
        tags: ['Health'],
        summary: 'Liveness of the plugin',
        description: 'Needs no token and no permission.',
        security: [],
        responses: {
          '200': {
            description: 'The plugin is up.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SecretsHealth',
                },
              },
            },
          },
        },
      },
    },
    '/stores': {
      get: {
        tags: ['Mappings'],
        summary:
          'Configured Vault stores with health; with an entity, the path prefixes it may read',
        description:
          "Any signed-in caller; with `entityRef`, needs `secrets.mapping.read` on that entity and each store gains `allowedPrefixes`. Health is the last scheduled check (`secrets.engine.healthCheckInterval`): reachable, unsealed, the engine can log in, and its policy lets it read what the store's mappings need; each problem says what is wrong and what to do.",
        parameters: [
          {
            $ref: '#/components/parameters/EntityRefQuery',
          },
        ],
        responses: {
          '200': {
            description: 'Stores; never a credential.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/StoreList',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/clusters': {
      get: {
        tags: ['Mappings'],
        summary:
          'Configured clusters with health; with an entity, the namespaces it may write to',
        description:
          "Any signed-in caller; with `entityRef`, needs `secrets.mapping.read` on that entity and each cluster gains `namespaces`. Health is the last scheduled check (`secrets.engine.healthCheckInterval`): reachable, the engine's token accepted, and its RBAC allows what the mappings need in each of their namespaces; each problem says what is wrong and what to do.",
        parameters: [
          {
            $ref: '#/components/parameters/EntityRefQuery',
          },
        ],
        responses: {
          '200': {
            description: 'Clusters.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ClusterList',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/mappings': {
      parameters: [
        {
          $ref: '#/components/parameters/Kind',
        },
        {
          $ref: '#/components/parameters/Namespace',
        },
        {
          $ref: '#/components/parameters/Name',
        },
      ],
      get: {
        tags: ['Mappings'],
        summary:
          "The entity's mappings with status per cluster, and what the caller may do",
        description:
          "Needs `secrets.mapping.read`. The entity is read with the caller's credentials.",
        responses: {
          '200': {
            description: 'Mappings.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityMappings',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
      post: {
        tags: ['Mappings'],
        summary: 'Add a mapping to the entity',
        description:
          'Needs `secrets.mapping.create` and ownership (or secrets.admins). Vault paths must be below a prefix the store allows the entity, the namespace must be bound to it, and the Secret must not belong to another mapping. The new mapping is synced first in line.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/MappingCreateRequest',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Created.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/MappingView',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/mappings:import': {
      parameters: [
        {
          $ref: '#/components/parameters/Kind',
        },
        {
          $ref: '#/components/parameters/Namespace',
        },
        {
          $ref: '#/components/parameters/Name',
        },
      ],
      post: {
        tags: ['ESO'],
        summary:
          'Import an External Secrets Operator ExternalSecret as a mapping',
        description:
          "Needs `secrets.mapping.create` and ownership. Accepts external-secrets.io/v1beta1 and v1. Keys pasted with the store's mount (`secret/data/app`) are made relative to it and reported in `notes`. Every field that cannot be honoured is refused by name (400, e.g. `spec.target.immutable`). With `dryRun` nothing is written and the converted spec is returned (200); otherwise the mapping is created (201). The colon in the path is literal.",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ImportRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Dry run; the spec the import would create.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ImportDryRunResult',
                },
              },
            },
          },
          '201': {
            description: 'Created.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ImportedMapping',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/mappings:bulkImport': {
      parameters: [
        {
          $ref: '#/components/parameters/Kind',
        },
        {
          $ref: '#/components/parameters/Namespace',
        },
        {
          $ref: '#/components/parameters/Name',
        },
      ],
      post: {
        tags: ['ESO'],
        summary:
          'Import many ExternalSecrets at once (files of a folder, multi-document YAML)',
        description:
          'Needs `secrets.mapping.create` and ownership. Each ExternalSecret of each file is checked as a single import is, and also against the Secrets other mappings (or earlier documents of this import) already write; documents of other kinds are skipped. `mode` `dryRun` (the default) only reports each document as accepted or refused with its fields (200); `all` writes nothing unless every document passes (400 naming each refusal, 409 if a Secret is claimed meanwhile, nothing written) and otherwise creates them all (201); `valid` creates the documents that pass and reports the others (201 when any was created). At most 20 files and 50 ExternalSecrets, within the 256 KiB body limit. The colon in the path is literal.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/BulkImportRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'Dry run, or nothing to create; what each document would do.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/BulkImportResult',
                },
              },
            },
          },
          '201': {
            description: 'Mappings created.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/BulkImportResult',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/secrets:push': {
      parameters: [
        {
          $ref: '#/components/parameters/Kind',
        },
        {
          $ref: '#/components/parameters/Namespace',
        },
        {
          $ref: '#/components/parameters/Name',
        },
      ],
      post: {
        tags: ['Rotation'],
        summary:
          'Push values into Vault (portal → Vault), then sync every mapping that reads the path',
        description:
          'Needs `secrets.mapping.rotate` and ownership of the entity; the path must be below a prefix the store allows the entity. `expectedVersion` 0 creates a new secret (refused if one exists); otherwise check-and-set against that version. Values are write-only. The colon in the path is literal.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/PushRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: "Written; the new version and each consumer's status.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RotateResult',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
        },
      },
    },
    '/mappings/preview': {
      post: {
        tags: ['Mappings'],
        summary: 'Dry run of a mapping — key names and versions only',
        description:
          'Needs `secrets.mapping.create` on the entity: a preview reads Vault on its behalf. The values read are dropped; the answer holds paths, versions and key names only. A path that does not exist, or that Vault refuses the engine (outside its policy), is a 400 on `spec` saying which.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/PreviewRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'What the mapping would read and produce.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/MappingPreview',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
          '503': {
            $ref: '#/components/responses/Unavailable',
          },
        },
      },
    },
    '/mappings/{id}': {
      parameters: [
        {
          $ref: '#/components/parameters/MappingId',
        },
      ],
      get: {
        tags: ['Mappings'],
        summary: 'One mapping with its status',
        description: 'Needs `secrets.mapping.read` on the owning entity.',
        responses: {
          '200': {
            description: 'The mapping.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/MappingView',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
      put: {
        tags: ['Mappings'],
        summary: "Replace a mapping's spec",
        description:
          'Needs `secrets.mapping.update` and ownership. With `revision`, a mapping changed since it was read is refused with 409. The mapping is re-synced at once (also an OnChange one; a CreatedOnce one keeps a Secret it already wrote).',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/MappingReplaceRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Replaced.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/MappingView',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
        },
      },
      delete: {
        tags: ['Mappings'],
        summary: 'Delete a mapping; its Secret follows the creation policy',
        description:
          "Needs `secrets.mapping.delete` and ownership. Owner: the Secret is deleted if it is still the one the mapping created. Merge: only the mapping's keys are removed. Orphan: the Secret stays.",
        responses: {
          '200': {
            description:
              'Deleted; what happened to the Secret in each cluster.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/MappingDeletion',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/mappings/{id}/sync': {
      parameters: [
        {
          $ref: '#/components/parameters/MappingId',
        },
      ],
      post: {
        tags: ['Mappings'],
        summary: 'Sync now, first in line, and wait (bounded) for the result',
        description:
          'Needs `secrets.mapping.sync` and ownership (or a service granted it).',
        responses: {
          '200': {
            description:
              'A sync begun after the request finished; the fresh status (`completed` is true).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/MappingSyncResult',
                },
              },
            },
          },
          '202': {
            description:
              'Not served within `secrets.engine.syncNowWait` (default 30 s), e.g. while another replica holds the mapping; the status as it stands (`completed` is false). The request stays queued.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/MappingSyncResult',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/mappings/{id}/compare': {
      parameters: [
        {
          $ref: '#/components/parameters/MappingId',
        },
      ],
      post: {
        tags: ['ESO'],
        summary:
          'Compare what the mapping would write with the Secret in each cluster',
        description:
          'Needs `secrets.mapping.sync`. Reads Vault as a sync would and the live Secret, and reports key by key — names only, never values — match, differ, missing (the Secret lacks it) or extra (the mapping would drop it), the type, who controls the Secret and whether it could be adopted. Writes nothing. A mapping over a Secret that someone else wrote (ESO, kubectl) never overwrites it: its status says SecretNotOwned until it is adopted.',
        responses: {
          '200': {
            description: 'One comparison per cluster.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SecretComparisonList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '503': {
            $ref: '#/components/responses/Unavailable',
          },
        },
      },
    },
    '/mappings/{id}/adopt': {
      parameters: [
        {
          $ref: '#/components/parameters/MappingId',
        },
      ],
      post: {
        tags: ['ESO'],
        summary:
          'Take over a Secret someone else wrote, when it already holds what the mapping writes',
        description:
          "Needs `secrets.mapping.update`. Compares as `/compare` does; in each cluster where the Secret matches exactly (every key and the type) and no other object controls it (an ESO ExternalSecret's owner reference), sets the mapping's labels and annotations on it without touching its data, so the next sync finds it current. Where it does not match, nothing is written and `message` says why. Records the audit event `mapping-adopt`.",
        responses: {
          '200': {
            description:
              'One comparison per cluster, with `adopted` where the Secret was taken over.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SecretComparisonList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '503': {
            $ref: '#/components/responses/Unavailable',
          },
        },
      },
    },
    '/mappings/{id}/reissue': {
      parameters: [
        {
          $ref: '#/components/parameters/MappingId',
        },
      ],
      post: {
        tags: ['Rotation'],
        summary:
          'Dynamic mappings — new credentials or certificate now, the replaced lease revoked',
        description:
          "Needs `secrets.mapping.rotate` and ownership of the mapping's entity. The mapping is synced at once: Vault issues new values, the Secret is written and its restart targets restarted; the lease it replaced is revoked by the next cycle. Audited (`secret-reissue`, high). A KV mapping is refused with 400.",
        responses: {
          '200': {
            description: 'The mapping with its status after the sync.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/MappingView',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/mappings/{id}/rotate': {
      parameters: [
        {
          $ref: '#/components/parameters/MappingId',
        },
      ],
      post: {
        tags: ['Rotation'],
        summary:
          'Rotate a KV v2 secret the mapping reads, then sync every mapping that reads it',
        description:
          "Needs `secrets.mapping.rotate` and ownership of the mapping's entity; the path must be below a prefix the store allows that entity. New values are generated (ESO Password generator vocabulary) or given (write-only: never echoed, logged or audited), merged into the current data and written with check-and-set against `expectedVersion`. A secret the product did not write needs `confirmUnmanaged`. The answer names the new version and what each consuming Secret became — never a value.",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RotateRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: "Rotated; the new version and each consumer's status.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RotateResult',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
        },
      },
    },
    '/mappings/{id}/versions': {
      parameters: [
        {
          $ref: '#/components/parameters/MappingId',
        },
      ],
      get: {
        tags: ['Rotation'],
        summary:
          'KV v2 versions of a path the mapping reads, and which one each cluster synced',
        description:
          'Needs `secrets.mapping.read`. Times and states only, never data.',
        parameters: [
          {
            name: 'key',
            in: 'query',
            required: true,
            description:
              'A Vault path the mapping reads (data or dataFrom.extract).',
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'Versions, newest first.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SecretVersions',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/mappings/{id}/rollback': {
      parameters: [
        {
          $ref: '#/components/parameters/MappingId',
        },
      ],
      post: {
        tags: ['Rotation'],
        summary:
          'Restore an old KV v2 version as the new current one, then sync every consumer',
        description:
          'Needs `secrets.mapping.rotate` and ownership. Written with check-and-set against `expectedVersion`. To pin one mapping to a version instead, update its spec.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RollbackRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: "Restored as a new version; each consumer's status.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RotateResult',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
        },
      },
    },
    '/mappings/{id}/events': {
      parameters: [
        {
          $ref: '#/components/parameters/MappingId',
        },
      ],
      get: {
        tags: ['Mappings'],
        summary: "The mapping's history, newest first",
        description: 'Needs `secrets.mapping.read`.',
        parameters: [
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
              default: 100,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Events.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/MappingEventList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/declared': {
      parameters: [
        {
          $ref: '#/components/parameters/Kind',
        },
        {
          $ref: '#/components/parameters/Namespace',
        },
        {
          $ref: '#/components/parameters/Name',
        },
      ],
      get: {
        tags: ['Declared'],
        summary:
          "What the entity's repository declares, and what became of each document",
        description:
          'Needs `secrets.mapping.read`. The entity declares mappings with the annotation `secrets.backstage.io/external-secrets` (a path or glob of ExternalSecret YAML files, relative to its catalog file). The engine reads them every minute; this is the outcome of the last read: each document created, updated, unchanged or refused (with the fields that stop it), or the error that kept the files from being read (existing declared mappings are then kept as they were).',
        responses: {
          '200': {
            description: "The last read's outcome.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DeclaredMappings',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/declared:refresh': {
      parameters: [
        {
          $ref: '#/components/parameters/Kind',
        },
        {
          $ref: '#/components/parameters/Namespace',
        },
        {
          $ref: '#/components/parameters/Name',
        },
      ],
      post: {
        tags: ['Declared'],
        summary: "Reads the entity's declared files now and applies them",
        description:
          'Needs `secrets.mapping.sync`. Reads the entity from the catalog and its declared files, then creates, updates and retires its declared mappings as the scheduled read would, and answers with the outcome. The colon in the path is literal.',
        responses: {
          '200': {
            description: 'The outcome of this read.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DeclaredMappings',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/entities/{kind}/{namespace}/{name}/mappings:export': {
      parameters: [
        {
          $ref: '#/components/parameters/Kind',
        },
        {
          $ref: '#/components/parameters/Namespace',
        },
        {
          $ref: '#/components/parameters/Name',
        },
      ],
      get: {
        tags: ['ESO'],
        summary:
          'Every mapping of the entity as one kubectl-apply-able multi-document YAML',
        description:
          'Needs `secrets.mapping.read`. One ExternalSecret (external-secrets.io/v1) per mapping, as `/mappings/{id}/export` writes it, separated by `---`; a dynamic mapping, which has no ExternalSecret form, is named in a comment instead. The colon in the path is literal.',
        responses: {
          '200': {
            description: 'The ExternalSecret manifests.',
            content: {
              'text/yaml': {
                schema: {
                  $ref: '#/components/schemas/ExternalSecretYaml',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/mappings/{id}/export': {
      parameters: [
        {
          $ref: '#/components/parameters/MappingId',
        },
      ],
      get: {
        tags: ['ESO'],
        summary:
          'The mapping as a kubectl-apply-able ExternalSecret (external-secrets.io/v1)',
        description:
          'Needs `secrets.mapping.read`. The store becomes a `secretStoreRef` of kind ClusterSecretStore with the same name.',
        responses: {
          '200': {
            description: 'The ExternalSecret manifest.',
            content: {
              'text/yaml': {
                schema: {
                  $ref: '#/components/schemas/ExternalSecretYaml',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/audit/mappings': {
      get: {
        tags: ['Audit'],
        summary: 'Every mapping with owners and status, filtered; JSON or CSV',
        description:
          'Admins only (members of secrets.admins) with `secrets.audit`.',
        parameters: [
          {
            name: 'owner',
            in: 'query',
            schema: {
              type: 'string',
            },
            example: 'group:default/team-payments',
          },
          {
            name: 'store',
            in: 'query',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'status',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/SyncStatus',
            },
          },
          {
            name: 'cluster',
            in: 'query',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'format',
            in: 'query',
            description:
              '`yaml`: every matching mapping as one kubectl-apply-able multi-document ExternalSecret YAML (dynamic mappings named in a comment).',
            schema: {
              type: 'string',
              enum: ['json', 'csv', 'yaml'],
              default: 'json',
            },
          },
        ],
        responses: {
          '200': {
            description: 'Mappings.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AuditMappingList',
                },
              },
              'text/csv': {
                schema: {
                  $ref: '#/components/schemas/AuditMappingsCsv',
                },
              },
              'text/yaml': {
                schema: {
                  $ref: '#/components/schemas/ExternalSecretYaml',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/audit/orphans': {
      get: {
        tags: ['Audit'],
        summary:
          'Mappings whose entity, or every owner of it, left the catalog',
        description:
          'Admins only (members of secrets.admins) with `secrets.audit`.',
        responses: {
          '200': {
            description: 'Orphans.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AuditOrphanList',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/audit/unmanaged': {
      get: {
        tags: ['Audit'],
        summary:
          'Secrets labelled as managed by the plugin whose mapping no longer exists',
        description:
          "Admins only (members of secrets.admins) with `secrets.audit`. Names only; the Secrets' data is never read out.",
        responses: {
          '200': {
            description: 'Secrets, and namespaces that could not be listed.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AuditUnmanagedReport',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/audit/failing': {
      get: {
        tags: ['Audit'],
        summary:
          'Failing mappings, those not synced for longer than staleAfter, and those due for rotation',
        description:
          'Admins only (members of secrets.admins) with `secrets.audit`.',
        parameters: [
          {
            name: 'staleAfter',
            in: 'query',
            description: 'Go duration.',
            schema: {
              type: 'string',
              default: '24h',
            },
          },
        ],
        responses: {
          '200': {
            description: 'One row per mapping and cluster.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AuditFailingList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/audit/paths': {
      get: {
        tags: ['Audit'],
        summary:
          'Reverse lookup — every entity, cluster and Secret reading a Vault path',
        description:
          'Admins only (members of secrets.admins) with `secrets.audit`. `find` sources match when the path lies below their path.',
        parameters: [
          {
            name: 'store',
            in: 'query',
            required: true,
            schema: {
              type: 'string',
            },
          },
          {
            name: 'key',
            in: 'query',
            required: true,
            schema: {
              type: 'string',
            },
            example: 'payments/payments-api',
          },
        ],
        responses: {
          '200': {
            description: 'Consumers.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AuditPathConsumerList',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Invalid',
          },
          '401': {
            $ref: '#/components/responses/Unauthenticated',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      backstageToken: {
        type: 'http',
        scheme: 'bearer',
        description:
          'A Backstage user token, or a service token granted in secrets.services.',
      },
    },
    parameters: {
      Kind: {
        name: 'kind',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
        example: 'component',
      },
      Namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
        example: 'default',
      },
      Name: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
        example: 'payments-api',
      },
      MappingId: {
        name: 'id',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          format: 'uuid',
        },
      },
      EntityRefQuery: {
        name: 'entityRef',
        in: 'query',
        required: false,
        schema: {
          type: 'string',
        },
        example: 'component:default/payments-api',
      },
    },
    responses: {
      Invalid: {
        description:
          'The body or a parameter breaks a rule; `issues` names each field and rule. Nothing was written.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Unauthenticated: {
        description: 'No valid Backstage token.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Forbidden: {
        description:
          'Not an owner or admin, denied by the permission policy, a service without the grant, or a guardrail (then `issues` names the field: Vault path outside the allowed prefixes, namespace not bound to the entity). Nothing was written.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      NotFound: {
        description:
          'No such mapping, or the entity is not in the catalog (for this caller).',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Conflict: {
        description:
          'The Secret already belongs to another mapping, the mapping changed since the given revision, or the Vault secret changed since the given version. Nothing was written.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      TooLarge: {
        description: 'The body is larger than 256 kB; it was not read.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Unavailable: {
        description: 'Vault is sealed, down or unreachable.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        description:
          "Backstage's error shape, plus the field-level issues of a rejected body.",
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
                example: 'InputError',
              },
              message: {
                type: 'string',
              },
            },
          },
          issues: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Issue',
            },
          },
        },
      },
      Issue: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: {
            type: 'string',
            example: 'spec.data[0].remoteRef.key',
          },
          message: {
            type: 'string',
          },
        },
      },
      SecretsHealth: {
        type: 'object',
        required: ['status'],
        properties: {
          status: {
            type: 'string',
            enum: ['ok'],
          },
        },
      },
      StoreStatus: {
        type: 'object',
        required: [
          'name',
          'mount',
          'kvVersion',
          'publicUrl',
          'health',
          'requests',
        ],
        properties: {
          name: {
            type: 'string',
          },
          mount: {
            type: 'string',
          },
          kvVersion: {
            type: 'integer',
            enum: [1, 2],
          },
          publicUrl: {
            type: 'string',
            description: 'Address for links to the Vault UI.',
          },
          allowedPrefixes: {
            type: 'array',
            items: {
              type: 'string',
            },
            description:
              'Only with `entityRef`; the path prefixes the entity may read.',
          },
          allowedDynamicPaths: {
            type: 'array',
            items: {
              type: 'string',
            },
            description:
              'Only with `entityRef`; the dynamic engine paths the entity may use (`database/creds/payments-*`).',
          },
          health: {
            type: 'object',
            required: ['reachable', 'healthy', 'problems', 'checkedAt'],
            properties: {
              reachable: {
                type: 'boolean',
              },
              initialized: {
                type: 'boolean',
              },
              sealed: {
                type: 'boolean',
              },
              standby: {
                type: 'boolean',
              },
              version: {
                type: 'string',
              },
              loggedIn: {
                type: 'boolean',
                description:
                  "Whether the engine could log in with the store's auth at the last check; absent when Vault could not be asked.",
              },
              healthy: {
                type: 'boolean',
                description:
                  'No problem found, so mappings of this store can sync.',
              },
              problems: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/HealthProblem',
                },
              },
              checkedAt: {
                type: 'string',
                format: 'date-time',
                description: 'When the check was made.',
              },
              error: {
                type: 'string',
                description: "The first problem's message; never a credential.",
              },
            },
          },
          requests: {
            type: 'object',
            required: ['reads', 'lists', 'logins', 'renewals', 'errors'],
            properties: {
              reads: {
                type: 'integer',
              },
              lists: {
                type: 'integer',
              },
              logins: {
                type: 'integer',
              },
              renewals: {
                type: 'integer',
              },
              errors: {
                type: 'integer',
              },
            },
          },
        },
      },
      StoreList: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/StoreStatus',
            },
          },
        },
      },
      ClusterInfo: {
        type: 'object',
        required: ['name', 'health'],
        properties: {
          name: {
            type: 'string',
          },
          namespaces: {
            type: 'array',
            items: {
              type: 'string',
            },
            description:
              'Only with `entityRef`; the namespaces the entity may write to.',
          },
          health: {
            $ref: '#/components/schemas/ClusterHealth',
          },
        },
      },
      ClusterHealth: {
        type: 'object',
        required: [
          'reachable',
          'healthy',
          'problems',
          'checkedAt',
          'namespaces',
        ],
        properties: {
          reachable: {
            type: 'boolean',
          },
          version: {
            type: 'string',
            description: "The API server's version, e.g. v1.36.3.",
          },
          healthy: {
            type: 'boolean',
            description:
              'No problem found, so mappings writing to this cluster can sync.',
          },
          problems: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/HealthProblem',
            },
          },
          namespaces: {
            type: 'array',
            items: {
              type: 'string',
            },
            description:
              'The namespaces whose RBAC was checked (those mappings write to).',
          },
          checkedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      HealthProblem: {
        type: 'object',
        description:
          'One reason a store or cluster cannot serve its mappings fully: the cause (the sync reason the affected mappings fail with; a Role without list and watch on Secrets, or without create on Events, fails none: the message says what is lost; nor does KubernetesWatchFailing, a watch of Secrets in a namespace failing for 30 s or more on the replica that answers, for a reason the rest of the report does not explain), what is wrong and what to do, in words. Never a credential.',
        required: ['cause', 'message', 'action'],
        properties: {
          cause: {
            type: 'string',
            enum: [
              'VaultUnreachable',
              'VaultNotInitialized',
              'VaultSealed',
              'VaultLoginFailed',
              'VaultDenied',
              'VaultCheckFailed',
              'KubernetesUnreachable',
              'KubernetesUnauthorized',
              'KubernetesForbidden',
              'KubernetesCheckFailed',
              'KubernetesWatchFailing',
            ],
          },
          message: {
            type: 'string',
            example:
              "The engine's Vault policy does not allow read on secret/data/payments/*",
          },
          action: {
            type: 'string',
            example:
              'Add path "secret/data/payments/*" { capabilities = ["read"] } to the policy attached to AppRole login at auth/approle',
          },
          path: {
            type: 'string',
            description:
              'Vault causes: the policy path that must grant the capability.',
          },
          namespace: {
            type: 'string',
            description:
              'Kubernetes causes: the namespace the engine lacks permissions in.',
          },
        },
      },
      ClusterList: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ClusterInfo',
            },
          },
        },
      },
      RemoteRef: {
        type: 'object',
        required: ['key'],
        additionalProperties: false,
        properties: {
          key: {
            type: 'string',
            maxLength: 512,
            description: "Path below the store's mount.",
            example: 'payments/payments-api',
          },
          property: {
            type: 'string',
            maxLength: 512,
            description:
              'A literal top-level key first, else a dot path into nested JSON. Omitted, the whole secret as JSON.',
          },
          version: {
            type: 'integer',
            minimum: 1,
            description: 'KV v2 version to pin.',
          },
          decodingStrategy: {
            type: 'string',
            enum: ['None', 'Base64', 'Base64URL', 'Auto'],
            description:
              "ESO's decoding before the value is written; Auto keeps a value neither encoding decodes. Decoded values may be binary.",
          },
          nullBytePolicy: {
            type: 'string',
            enum: ['Ignore', 'Fail'],
            description:
              'Fail refuses a value (after decoding) that holds a NUL byte.',
          },
          metadataPolicy: {
            type: 'string',
            enum: ['None', 'Fetch'],
            description:
              "Fetch reads the secret's KV v2 custom metadata instead of its data.",
          },
          conversionStrategy: {
            type: 'string',
            enum: ['Default', 'Unicode'],
            description:
              'dataFrom extract only; how its keys become valid Secret keys (invalid characters to _ or _U<hex>_).',
          },
        },
      },
      Rewrites: {
        type: 'array',
        maxItems: 10,
        description:
          "ESO's dataFrom rewrite, applied in order to every key of the source.",
        items: {
          oneOf: [
            {
              type: 'object',
              required: ['regexp'],
              additionalProperties: false,
              properties: {
                regexp: {
                  type: 'object',
                  required: ['source', 'target'],
                  additionalProperties: false,
                  properties: {
                    source: {
                      type: 'string',
                      maxLength: 256,
                    },
                    target: {
                      type: 'string',
                      maxLength: 256,
                    },
                  },
                },
              },
            },
            {
              type: 'object',
              required: ['transform'],
              additionalProperties: false,
              properties: {
                transform: {
                  type: 'object',
                  required: ['template'],
                  additionalProperties: false,
                  properties: {
                    template: {
                      type: 'string',
                      maxLength: 16384,
                    },
                  },
                },
              },
            },
          ],
        },
      },
      TemplateFrom: {
        description: 'Exactly one of literal, configMap, secret.',
        oneOf: [
          {
            type: 'object',
            required: ['literal'],
            additionalProperties: false,
            properties: {
              literal: {
                type: 'string',
                maxLength: 16384,
              },
            },
          },
          {
            type: 'object',
            required: ['configMap'],
            additionalProperties: false,
            properties: {
              configMap: {
                $ref: '#/components/schemas/TemplateFromRef',
              },
            },
          },
          {
            type: 'object',
            required: ['secret'],
            additionalProperties: false,
            properties: {
              secret: {
                $ref: '#/components/schemas/TemplateFromRef',
              },
            },
          },
        ],
      },
      TemplateFromRef: {
        type: 'object',
        required: ['name', 'items'],
        additionalProperties: false,
        description:
          'A ConfigMap or Secret in the target namespace, and its keys that hold templates.',
        properties: {
          name: {
            type: 'string',
          },
          items: {
            type: 'array',
            maxItems: 20,
            items: {
              type: 'object',
              required: ['key'],
              additionalProperties: false,
              properties: {
                key: {
                  type: 'string',
                },
                templateAs: {
                  type: 'string',
                  enum: ['Values', 'KeysAndValues'],
                  default: 'Values',
                  description:
                    "Values renders the key's template into the Secret key of the same name; KeysAndValues renders YAML whose entries become Secret keys.",
                },
              },
            },
          },
        },
      },
      RolloutRestartTarget: {
        type: 'object',
        required: ['kind', 'name'],
        additionalProperties: false,
        properties: {
          kind: {
            type: 'string',
            enum: ['Deployment', 'StatefulSet', 'DaemonSet'],
          },
          name: {
            type: 'string',
          },
        },
      },
      MappingSpec: {
        type: 'object',
        required: ['store', 'target'],
        additionalProperties: false,
        description:
          "Field names follow ESO's ExternalSecret. At least one entry in data or dataFrom, or a dynamic source (then neither).",
        properties: {
          store: {
            type: 'string',
            description: 'A store name from secrets.stores.',
          },
          dynamic: {
            $ref: '#/components/schemas/DynamicSource',
          },
          data: {
            type: 'array',
            maxItems: 100,
            items: {
              type: 'object',
              required: ['secretKey', 'remoteRef'],
              additionalProperties: false,
              properties: {
                secretKey: {
                  type: 'string',
                  maxLength: 253,
                },
                remoteRef: {
                  $ref: '#/components/schemas/RemoteRef',
                },
              },
            },
          },
          dataFrom: {
            type: 'array',
            maxItems: 20,
            items: {
              description: 'Exactly one of extract or find.',
              oneOf: [
                {
                  type: 'object',
                  required: ['extract'],
                  additionalProperties: false,
                  properties: {
                    extract: {
                      $ref: '#/components/schemas/RemoteRef',
                    },
                    rewrite: {
                      $ref: '#/components/schemas/Rewrites',
                    },
                  },
                },
                {
                  type: 'object',
                  required: ['find'],
                  additionalProperties: false,
                  properties: {
                    rewrite: {
                      $ref: '#/components/schemas/Rewrites',
                    },
                    find: {
                      type: 'object',
                      additionalProperties: false,
                      description: 'At least one of name and tags.',
                      properties: {
                        path: {
                          type: 'string',
                        },
                        name: {
                          type: 'object',
                          required: ['regexp'],
                          additionalProperties: false,
                          properties: {
                            regexp: {
                              type: 'string',
                              maxLength: 256,
                            },
                          },
                        },
                        tags: {
                          type: 'object',
                          description:
                            'KV v2 custom metadata every found secret must carry.',
                          additionalProperties: {
                            type: 'string',
                            maxLength: 512,
                          },
                        },
                        conversionStrategy: {
                          type: 'string',
                          enum: ['Default', 'Unicode'],
                        },
                      },
                    },
                  },
                },
              ],
            },
          },
          target: {
            type: 'object',
            required: ['clusters', 'namespace', 'name'],
            additionalProperties: false,
            properties: {
              clusters: {
                type: 'array',
                minItems: 1,
                maxItems: 10,
                items: {
                  type: 'string',
                },
              },
              namespace: {
                type: 'string',
                description: 'Must be a namespace bound to the owning entity.',
              },
              name: {
                type: 'string',
              },
              type: {
                type: 'string',
                default: 'Opaque',
              },
              creationPolicy: {
                type: 'string',
                enum: ['Owner', 'Merge', 'Orphan', 'None'],
                default: 'Owner',
                description:
                  'Owner creates and owns the Secret, Merge adds keys to an existing one, Orphan leaves it behind when the mapping goes, None reads Vault and writes nothing.',
              },
              deletionPolicy: {
                type: 'string',
                enum: ['Retain', 'Delete', 'Merge'],
                default: 'Retain',
                description:
                  'When the Vault secret vanishes: keep the Secret, delete it, or keep it without the vanished keys (Merge).',
              },
              immutable: {
                type: 'boolean',
                description:
                  'Write the Secret with immutable true; Vault changes reach it only after it is deleted (and written anew).',
              },
              labels: {
                type: 'object',
                additionalProperties: {
                  type: 'string',
                },
              },
              annotations: {
                type: 'object',
                additionalProperties: {
                  type: 'string',
                  maxLength: 8192,
                },
              },
              template: {
                type: 'object',
                required: ['data'],
                additionalProperties: false,
                properties: {
                  data: {
                    type: 'object',
                    description:
                      'ESO engineVersion v2 templates, one per Secret key.',
                    additionalProperties: {
                      type: 'string',
                      maxLength: 16384,
                    },
                  },
                  templateFrom: {
                    type: 'array',
                    maxItems: 10,
                    description:
                      'ESO templateFrom (target Data), rendered in order before data: a literal renders YAML whose entries become Secret keys; a ConfigMap or Secret of the target namespace is read when the mapping syncs.',
                    items: {
                      $ref: '#/components/schemas/TemplateFrom',
                    },
                  },
                  mergePolicy: {
                    type: 'string',
                    enum: ['Replace', 'Merge'],
                    description:
                      'Merge keeps the data keys beside the templated ones (a template wins a shared key); Replace (the default) keeps only the templated keys.',
                  },
                },
              },
              rolloutRestartTargets: {
                type: 'array',
                maxItems: 20,
                description:
                  "Workloads in the target namespace restarted after a sync changed the Secret's data; never after a cycle that changed nothing.",
                items: {
                  $ref: '#/components/schemas/RolloutRestartTarget',
                },
              },
            },
          },
          refreshInterval: {
            type: 'string',
            description: 'Go duration; 0 syncs once.',
            example: '1h',
          },
          refreshPolicy: {
            type: 'string',
            enum: ['Periodic', 'CreatedOnce', 'OnChange'],
            default: 'Periodic',
          },
          maxAge: {
            type: 'string',
            description:
              "Go duration: a synced Vault version older than this shows a rotation due. Default: the store's maxAge, else none.",
            example: '2160h',
          },
        },
      },
      MappingCreateRequest: {
        type: 'object',
        required: ['spec'],
        additionalProperties: false,
        properties: {
          spec: {
            $ref: '#/components/schemas/MappingSpec',
          },
        },
      },
      MappingReplaceRequest: {
        type: 'object',
        required: ['spec'],
        additionalProperties: false,
        properties: {
          spec: {
            $ref: '#/components/schemas/MappingSpec',
          },
          revision: {
            type: 'integer',
            minimum: 1,
            description:
              'The revision the caller read; a newer stored revision is refused with 409.',
          },
        },
      },
      PreviewRequest: {
        type: 'object',
        required: ['entityRef', 'spec'],
        additionalProperties: false,
        properties: {
          entityRef: {
            type: 'string',
            maxLength: 255,
            example: 'component:default/payments-api',
          },
          spec: {
            $ref: '#/components/schemas/MappingSpec',
          },
        },
      },
      SyncStatus: {
        type: 'string',
        enum: ['Pending', 'Synced', 'SyncedError', 'Drifted'],
        description:
          'Drifted: a watch saw the Secret deleted or edited in the cluster; its repair is queued and replaces this status within seconds.',
      },
      SyncedVersion: {
        type: 'object',
        required: ['key'],
        properties: {
          key: {
            type: 'string',
          },
          version: {
            type: 'integer',
          },
          createdTime: {
            type: 'string',
            format: 'date-time',
            description: 'When Vault wrote this version.',
          },
        },
      },
      MappingClusterStatus: {
        type: 'object',
        required: [
          'cluster',
          'status',
          'syncedVersions',
          'nextDueAt',
          'consecutiveFailures',
        ],
        properties: {
          cluster: {
            type: 'string',
          },
          status: {
            $ref: '#/components/schemas/SyncStatus',
          },
          reason: {
            type: 'string',
            example: 'VaultSealed',
          },
          message: {
            type: 'string',
          },
          syncedVersions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SyncedVersion',
            },
          },
          rotationDue: {
            type: 'boolean',
            description:
              "A synced version is older than the mapping's (or store's) maxAge.",
          },
          lastSyncedAt: {
            type: 'string',
            format: 'date-time',
          },
          lastAttemptAt: {
            type: 'string',
            format: 'date-time',
          },
          nextDueAt: {
            type: 'string',
            format: 'date-time',
          },
          consecutiveFailures: {
            type: 'integer',
          },
        },
      },
      DynamicSource: {
        type: 'object',
        required: ['engine', 'role'],
        additionalProperties: false,
        description:
          'Values a Vault engine issues for this mapping alone. database gives username and password; pki gives tls.crt, tls.key and ca.crt.',
        properties: {
          engine: {
            type: 'string',
            enum: ['database', 'pki'],
          },
          mount: {
            type: 'string',
            description: 'Default: database or pki.',
          },
          role: {
            type: 'string',
            maxLength: 128,
          },
          commonName: {
            type: 'string',
            description: 'pki only; required there.',
          },
          altNames: {
            type: 'array',
            maxItems: 20,
            items: {
              type: 'string',
            },
          },
          ttl: {
            type: 'string',
            description: 'pki only; Go duration.',
          },
          renewBefore: {
            type: 'string',
            description:
              'pki only; Go duration, default a third of the lifetime.',
          },
          renewAtPercent: {
            type: 'integer',
            minimum: 10,
            maximum: 90,
            description: 'database only; default 67.',
          },
        },
      },
      DynamicStatus: {
        type: 'object',
        required: [
          'engine',
          'issuedAt',
          'expiresAt',
          'nextAction',
          'nextActionAt',
          'renewals',
        ],
        description:
          'Times and counts only; never the credentials or the lease id.',
        properties: {
          engine: {
            type: 'string',
            enum: ['database', 'pki'],
          },
          issuedAt: {
            type: 'string',
            format: 'date-time',
          },
          expiresAt: {
            type: 'string',
            format: 'date-time',
          },
          nextAction: {
            type: 'string',
            enum: ['renew', 'reissue'],
          },
          nextActionAt: {
            type: 'string',
            format: 'date-time',
          },
          renewals: {
            type: 'integer',
          },
          serialNumber: {
            type: 'string',
          },
        },
      },
      MappingSource: {
        type: 'object',
        required: ['type', 'url', 'document'],
        description:
          "Present when the mapping is declared in the entity's repository; such a mapping changes only with its file.",
        properties: {
          type: {
            type: 'string',
            enum: ['git'],
          },
          url: {
            type: 'string',
            description:
              'The file holding the document (a URL, or file and a path for a file location).',
          },
          document: {
            type: 'string',
            description: "The ExternalSecret's metadata.name.",
          },
        },
      },
      DeclaredDocument: {
        type: 'object',
        required: ['file', 'name', 'outcome'],
        properties: {
          file: {
            type: 'string',
          },
          name: {
            type: 'string',
            description:
              "The ExternalSecret's metadata.name, or its position in the file when it has none.",
          },
          outcome: {
            type: 'string',
            enum: ['created', 'updated', 'unchanged', 'refused'],
            description:
              'refused keeps the mapping the document made before, if any.',
          },
          mappingId: {
            type: 'string',
            format: 'uuid',
          },
          issues: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Issue',
            },
          },
        },
      },
      DeclaredMappings: {
        type: 'object',
        required: ['declared', 'documents'],
        properties: {
          declared: {
            type: 'boolean',
            description:
              'Whether the entity carries the annotation (or still has declared mappings).',
          },
          pattern: {
            type: 'string',
            description: "The annotation's value.",
          },
          checkedAt: {
            type: 'string',
            format: 'date-time',
          },
          error: {
            type: 'string',
            description:
              'Why the files could not be read; the declared mappings were kept unchanged.',
          },
          documents: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DeclaredDocument',
            },
          },
        },
      },
      MappingView: {
        type: 'object',
        required: [
          'id',
          'entityRef',
          'spec',
          'revision',
          'createdAt',
          'updatedAt',
          'createdBy',
          'updatedBy',
          'status',
        ],
        properties: {
          id: {
            type: 'string',
            format: 'uuid',
          },
          entityRef: {
            type: 'string',
            example: 'component:default/payments-api',
          },
          spec: {
            $ref: '#/components/schemas/MappingSpec',
          },
          revision: {
            type: 'integer',
            minimum: 1,
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
          },
          createdBy: {
            type: 'string',
          },
          updatedBy: {
            type: 'string',
          },
          status: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MappingClusterStatus',
            },
          },
          dynamic: {
            $ref: '#/components/schemas/DynamicStatus',
          },
          source: {
            $ref: '#/components/schemas/MappingSource',
          },
        },
      },
      MappingSyncResult: {
        allOf: [
          {
            $ref: '#/components/schemas/MappingView',
          },
          {
            type: 'object',
            required: ['completed'],
            properties: {
              completed: {
                type: 'boolean',
              },
            },
          },
        ],
      },
      EntityMappings: {
        type: 'object',
        required: ['items', 'access'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MappingView',
            },
          },
          access: {
            type: 'object',
            required: ['canEdit', 'owners'],
            properties: {
              canEdit: {
                type: 'boolean',
              },
              owners: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
      MappingPreview: {
        type: 'object',
        required: ['reads', 'secretKeys', 'type'],
        properties: {
          reads: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SyncedVersion',
            },
          },
          secretKeys: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          type: {
            type: 'string',
          },
        },
      },
      SecretComparison: {
        type: 'object',
        required: ['cluster', 'secret', 'type', 'keys', 'matches'],
        properties: {
          cluster: {
            type: 'string',
          },
          secret: {
            type: 'string',
            enum: ['absent', 'ours', 'foreign'],
            description:
              'foreign — the Secret exists and this mapping did not write it.',
          },
          type: {
            type: 'object',
            required: ['desired'],
            properties: {
              desired: {
                type: 'string',
              },
              live: {
                type: 'string',
              },
            },
          },
          keys: {
            type: 'array',
            items: {
              type: 'object',
              required: ['key', 'status'],
              properties: {
                key: {
                  type: 'string',
                },
                status: {
                  type: 'string',
                  enum: ['match', 'differ', 'missing', 'extra'],
                },
              },
            },
          },
          matches: {
            type: 'boolean',
            description: 'The Secret holds exactly what the mapping writes.',
          },
          controller: {
            type: 'string',
            description:
              'The object controlling the Secret (kind/name), e.g. an ESO ExternalSecret.',
          },
          adopted: {
            type: 'boolean',
          },
          message: {
            type: 'string',
            description:
              'Why the Secret is not (or need not be) adopted, or what adopting did.',
          },
        },
      },
      SecretComparisonList: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SecretComparison',
            },
          },
        },
      },
      MappingDeletion: {
        type: 'object',
        required: ['id', 'secrets'],
        properties: {
          id: {
            type: 'string',
          },
          secrets: {
            type: 'array',
            items: {
              type: 'object',
              required: ['cluster', 'outcome'],
              properties: {
                cluster: {
                  type: 'string',
                },
                outcome: {
                  type: 'string',
                  enum: ['deleted', 'kept', 'failed'],
                },
                message: {
                  type: 'string',
                },
              },
            },
          },
          lease: {
            type: 'object',
            description:
              "A dynamic mapping's lease; pending means Vault could not revoke it yet and the engine retries.",
            required: ['outcome'],
            properties: {
              outcome: {
                type: 'string',
                enum: ['revoked', 'pending'],
              },
              message: {
                type: 'string',
              },
            },
          },
        },
      },
      MappingEvent: {
        type: 'object',
        required: ['id', 'cluster', 'at', 'type', 'actor'],
        properties: {
          id: {
            type: 'integer',
          },
          cluster: {
            type: 'string',
          },
          at: {
            type: 'string',
            format: 'date-time',
          },
          type: {
            type: 'string',
            example: 'DriftRepaired',
          },
          actor: {
            type: 'string',
            description: 'A user or service entity ref, or engine.',
            example: 'user:default/alice',
          },
          reason: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
        },
      },
      MappingEventList: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MappingEvent',
            },
          },
        },
      },
      ImportRequest: {
        type: 'object',
        required: ['yaml'],
        additionalProperties: false,
        properties: {
          yaml: {
            type: 'string',
            description: 'The ExternalSecret manifest.',
          },
          store: {
            type: 'string',
            description:
              'A configured store to use instead of secretStoreRef.name.',
          },
          clusters: {
            type: 'array',
            items: {
              type: 'string',
            },
            description:
              'Target clusters; required when more than one cluster is configured.',
          },
          dryRun: {
            type: 'boolean',
            default: false,
            description: 'Only convert and check; write nothing.',
          },
        },
      },
      BulkImportRequest: {
        type: 'object',
        required: ['files'],
        additionalProperties: false,
        properties: {
          files: {
            type: 'array',
            minItems: 1,
            maxItems: 20,
            items: {
              type: 'object',
              required: ['name', 'yaml'],
              additionalProperties: false,
              properties: {
                name: {
                  type: 'string',
                  minLength: 1,
                  maxLength: 255,
                },
                yaml: {
                  type: 'string',
                  minLength: 1,
                },
              },
            },
          },
          store: {
            type: 'string',
            description:
              'A configured store for every document instead of its secretStoreRef.name.',
          },
          clusters: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'string',
            },
            description:
              "Target clusters of every document; without it, each document's secrets.backstage.io/clusters annotation or the only configured cluster.",
          },
          mode: {
            type: 'string',
            enum: ['dryRun', 'all', 'valid'],
            default: 'dryRun',
          },
        },
      },
      BulkImportDocument: {
        type: 'object',
        required: ['file', 'name', 'outcome'],
        properties: {
          file: {
            type: 'string',
          },
          name: {
            type: 'string',
            description:
              "metadata.name, or the document's position in its file.",
          },
          outcome: {
            type: 'string',
            enum: ['accepted', 'refused', 'created'],
          },
          issues: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Issue',
            },
          },
          notes: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Issue',
            },
          },
          mappingId: {
            type: 'string',
            format: 'uuid',
          },
        },
      },
      BulkImportResult: {
        type: 'object',
        required: ['mode', 'documents'],
        properties: {
          mode: {
            type: 'string',
            enum: ['dryRun', 'all', 'valid'],
          },
          documents: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/BulkImportDocument',
            },
          },
        },
      },
      ImportDryRunResult: {
        type: 'object',
        required: ['spec', 'notes'],
        properties: {
          spec: {
            $ref: '#/components/schemas/MappingSpec',
          },
          notes: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Issue',
            },
          },
        },
      },
      ImportedMapping: {
        allOf: [
          {
            $ref: '#/components/schemas/MappingView',
          },
          {
            type: 'object',
            required: ['notes'],
            properties: {
              notes: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/Issue',
                },
              },
            },
          },
        ],
      },
      ExternalSecretYaml: {
        type: 'string',
        description:
          'An external-secrets.io/v1 ExternalSecret whose secretStoreRef is a ClusterSecretStore.',
      },
      PasswordGeneratorSpec: {
        type: 'object',
        additionalProperties: false,
        description: "ESO's Password generator vocabulary.",
        properties: {
          length: {
            type: 'integer',
            minimum: 8,
            maximum: 256,
            default: 24,
          },
          digits: {
            type: 'integer',
            minimum: 0,
          },
          symbols: {
            type: 'integer',
            minimum: 0,
          },
          symbolCharacters: {
            type: 'string',
            minLength: 1,
            maxLength: 64,
          },
          noUpper: {
            type: 'boolean',
            default: false,
          },
          allowRepeat: {
            type: 'boolean',
            default: false,
          },
        },
      },
      WriteOnlyValues: {
        type: 'object',
        description:
          'Property to value; write-only, never echoed, logged or audited.',
        additionalProperties: {
          type: 'string',
          minLength: 1,
          writeOnly: true,
        },
      },
      RotateRequest: {
        type: 'object',
        required: ['key', 'expectedVersion'],
        additionalProperties: false,
        description:
          'At least one property in generate or values, none in both.',
        properties: {
          key: {
            type: 'string',
            description: 'A Vault path the mapping reads.',
          },
          expectedVersion: {
            type: 'integer',
            minimum: 1,
          },
          generate: {
            type: 'object',
            additionalProperties: {
              $ref: '#/components/schemas/PasswordGeneratorSpec',
            },
          },
          values: {
            $ref: '#/components/schemas/WriteOnlyValues',
          },
          confirmUnmanaged: {
            type: 'boolean',
          },
        },
      },
      PushRequest: {
        type: 'object',
        required: ['store', 'key', 'values', 'expectedVersion'],
        additionalProperties: false,
        properties: {
          store: {
            type: 'string',
            description: 'A configured KV v2 store.',
          },
          key: {
            type: 'string',
          },
          values: {
            $ref: '#/components/schemas/WriteOnlyValues',
          },
          expectedVersion: {
            type: 'integer',
            minimum: 0,
            description: 'The current version seen, or 0 for a new secret.',
          },
          confirmUnmanaged: {
            type: 'boolean',
          },
        },
      },
      RollbackRequest: {
        type: 'object',
        required: ['key', 'version', 'expectedVersion'],
        additionalProperties: false,
        properties: {
          key: {
            type: 'string',
          },
          version: {
            type: 'integer',
            minimum: 1,
            description: 'The version to restore.',
          },
          expectedVersion: {
            type: 'integer',
            minimum: 1,
          },
          confirmUnmanaged: {
            type: 'boolean',
          },
        },
      },
      RotateResult: {
        type: 'object',
        required: [
          'store',
          'key',
          'previousVersion',
          'version',
          'properties',
          'consumers',
        ],
        description: "Versions and each consumer's status; never a value.",
        properties: {
          store: {
            type: 'string',
          },
          key: {
            type: 'string',
          },
          previousVersion: {
            type: 'integer',
          },
          version: {
            type: 'integer',
          },
          properties: {
            type: 'array',
            items: {
              type: 'string',
            },
            description: 'Property names written.',
          },
          consumers: {
            type: 'array',
            items: {
              type: 'object',
              required: ['mappingId', 'entityRef', 'secrets'],
              properties: {
                mappingId: {
                  type: 'string',
                },
                entityRef: {
                  type: 'string',
                },
                secrets: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['cluster', 'namespace', 'name', 'status'],
                    properties: {
                      cluster: {
                        type: 'string',
                      },
                      namespace: {
                        type: 'string',
                      },
                      name: {
                        type: 'string',
                      },
                      status: {
                        $ref: '#/components/schemas/SyncStatus',
                      },
                      reason: {
                        type: 'string',
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      SecretVersions: {
        type: 'object',
        required: [
          'store',
          'key',
          'currentVersion',
          'managed',
          'versions',
          'synced',
        ],
        properties: {
          store: {
            type: 'string',
          },
          key: {
            type: 'string',
          },
          currentVersion: {
            type: 'integer',
          },
          managed: {
            type: 'boolean',
            description: 'Written by Backstage Secrets (custom metadata).',
          },
          versions: {
            type: 'array',
            items: {
              type: 'object',
              required: ['version', 'createdTime', 'destroyed'],
              properties: {
                version: {
                  type: 'integer',
                },
                createdTime: {
                  type: 'string',
                  format: 'date-time',
                },
                deletionTime: {
                  type: 'string',
                  format: 'date-time',
                },
                destroyed: {
                  type: 'boolean',
                },
              },
            },
          },
          synced: {
            type: 'array',
            items: {
              type: 'object',
              required: ['cluster'],
              properties: {
                cluster: {
                  type: 'string',
                },
                version: {
                  type: 'integer',
                },
              },
            },
          },
        },
      },
      AuditMapping: {
        allOf: [
          {
            $ref: '#/components/schemas/MappingView',
          },
          {
            type: 'object',
            required: ['owners', 'entityExists'],
            properties: {
              owners: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
              entityExists: {
                type: 'boolean',
              },
            },
          },
        ],
      },
      AuditMappingList: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AuditMapping',
            },
          },
        },
      },
      AuditMappingsCsv: {
        type: 'string',
        description: 'One row per mapping, with a header row.',
      },
      AuditOrphan: {
        type: 'object',
        required: ['mapping', 'reason', 'message'],
        properties: {
          mapping: {
            $ref: '#/components/schemas/MappingView',
          },
          reason: {
            type: 'string',
            enum: ['EntityMissing', 'OwnerMissing'],
          },
          message: {
            type: 'string',
          },
        },
      },
      AuditOrphanList: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AuditOrphan',
            },
          },
        },
      },
      AuditUnmanagedSecret: {
        type: 'object',
        required: ['cluster', 'namespace', 'name'],
        properties: {
          cluster: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          mappingId: {
            type: 'string',
            description: "From the Secret's labels; the mapping is gone.",
          },
          entityRef: {
            type: 'string',
          },
        },
      },
      AuditUnmanagedReport: {
        type: 'object',
        required: ['items', 'errors'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AuditUnmanagedSecret',
            },
          },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['cluster', 'namespace', 'message'],
              properties: {
                cluster: {
                  type: 'string',
                },
                namespace: {
                  type: 'string',
                },
                message: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
      AuditFailing: {
        allOf: [
          {
            $ref: '#/components/schemas/MappingClusterStatus',
          },
          {
            type: 'object',
            required: ['mapping', 'stale'],
            properties: {
              mapping: {
                $ref: '#/components/schemas/MappingView',
              },
              stale: {
                type: 'boolean',
                description: 'Not synced for longer than staleAfter.',
              },
            },
          },
        ],
      },
      AuditFailingList: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AuditFailing',
            },
          },
        },
      },
      AuditPathConsumer: {
        type: 'object',
        required: [
          'mappingId',
          'entityRef',
          'cluster',
          'namespace',
          'secretName',
          'field',
        ],
        properties: {
          mappingId: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          cluster: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          secretName: {
            type: 'string',
          },
          field: {
            type: 'string',
            example: 'data[0].remoteRef.key',
          },
        },
      },
      AuditPathConsumerList: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AuditPathConsumer',
            },
          },
        },
      },
    },
  },
} as const;
