import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  SECRETS_PLUGIN_ID,
  type AuditFilter,
  type MappingSpec,
  type PushRequest,
} from '@backstage-secrets/plugin-secrets-common';
import type { SecretsApi } from './SecretsApi';
import { SecretsApiError } from './SecretsApiError';

type Query = Record<string, string | number | undefined>;

/** What a method of {@link SecretsApi} resolves to: the body the backend answers with. */
type Result<K extends keyof SecretsApi> = Awaited<ReturnType<SecretsApi[K]>>;

const entityPath = (entityRef: string) => {
  let ref;
  try {
    ref = parseEntityRef(entityRef);
  } catch {
    throw new SecretsApiError(400, `"${entityRef}" is not a full entity ref`);
  }
  return `/entities/${[ref.kind, ref.namespace, ref.name]
    .map(encodeURIComponent)
    .join('/')}/mappings`;
};

const declaredPath = (entityRef: string) =>
  entityPath(entityRef).replace(/\/mappings$/, '/declared');

/**
 * Default {@link SecretsApi} implementation. It goes through the app's fetchApi so that
 * the user's Backstage token is attached to every call.
 *
 * @public
 */
export class SecretsClient implements SecretsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /** {@inheritDoc SecretsApi.getHealth} */
  getHealth() {
    return this.json<Result<'getHealth'>>('GET', '/health');
  }

  /** {@inheritDoc SecretsApi.listStores} */
  async listStores(entityRef?: string) {
    return (
      await this.json<{ items: Result<'listStores'> }>(
        'GET',
        '/stores',
        undefined,
        { entityRef },
      )
    ).items;
  }

  /** {@inheritDoc SecretsApi.listClusters} */
  async listClusters(entityRef?: string) {
    return (
      await this.json<{ items: Result<'listClusters'> }>(
        'GET',
        '/clusters',
        undefined,
        { entityRef },
      )
    ).items;
  }

  /** {@inheritDoc SecretsApi.listMappings} */
  listMappings(entityRef: string) {
    return this.json<Result<'listMappings'>>('GET', entityPath(entityRef));
  }

  /** {@inheritDoc SecretsApi.getMapping} */
  getMapping(id: string) {
    return this.json<Result<'getMapping'>>(
      'GET',
      `/mappings/${encodeURIComponent(id)}`,
    );
  }

  /** {@inheritDoc SecretsApi.createMapping} */
  createMapping(entityRef: string, spec: MappingSpec) {
    return this.json<Result<'createMapping'>>('POST', entityPath(entityRef), {
      spec,
    });
  }

  /** {@inheritDoc SecretsApi.updateMapping} */
  updateMapping(id: string, spec: MappingSpec, revision?: number) {
    return this.json<Result<'updateMapping'>>(
      'PUT',
      `/mappings/${encodeURIComponent(id)}`,
      {
        spec,
        revision,
      },
    );
  }

  /** {@inheritDoc SecretsApi.deleteMapping} */
  deleteMapping(id: string) {
    return this.json<Result<'deleteMapping'>>(
      'DELETE',
      `/mappings/${encodeURIComponent(id)}`,
    );
  }

  /** {@inheritDoc SecretsApi.syncMapping} */
  syncMapping(id: string) {
    return this.json<Result<'syncMapping'>>(
      'POST',
      `/mappings/${encodeURIComponent(id)}/sync`,
    );
  }

  /** {@inheritDoc SecretsApi.previewMapping} */
  previewMapping(entityRef: string, spec: MappingSpec) {
    return this.json<Result<'previewMapping'>>('POST', '/mappings/preview', {
      entityRef,
      spec,
    });
  }

  /** {@inheritDoc SecretsApi.listEvents} */
  async listEvents(id: string, limit?: number) {
    return (
      await this.json<{ items: Result<'listEvents'> }>(
        'GET',
        `/mappings/${encodeURIComponent(id)}/events`,
        undefined,
        { limit },
      )
    ).items;
  }

  /** {@inheritDoc SecretsApi.listVersions} */
  listVersions(id: string, key: string) {
    return this.json<Result<'listVersions'>>(
      'GET',
      `/mappings/${encodeURIComponent(id)}/versions`,
      undefined,
      { key },
    );
  }

  /** {@inheritDoc SecretsApi.pushSecret} */
  pushSecret(entityRef: string, request: PushRequest) {
    return this.json<Result<'pushSecret'>>(
      'POST',
      `${entityPath(entityRef).replace(/\/mappings$/, '/secrets')}:push`,
      request,
    );
  }

  /** {@inheritDoc SecretsApi.reissueMapping} */
  reissueMapping(id: string) {
    return this.json<Result<'reissueMapping'>>(
      'POST',
      `/mappings/${encodeURIComponent(id)}/reissue`,
    );
  }

  /** {@inheritDoc SecretsApi.rotateSecret} */
  rotateSecret(id: string, request: Parameters<SecretsApi['rotateSecret']>[1]) {
    return this.json<Result<'rotateSecret'>>(
      'POST',
      `/mappings/${encodeURIComponent(id)}/rotate`,
      request,
    );
  }

  /** {@inheritDoc SecretsApi.rollbackSecret} */
  rollbackSecret(
    id: string,
    request: Parameters<SecretsApi['rollbackSecret']>[1],
  ) {
    return this.json<Result<'rollbackSecret'>>(
      'POST',
      `/mappings/${encodeURIComponent(id)}/rollback`,
      request,
    );
  }

  /** {@inheritDoc SecretsApi.importExternalSecret} */
  importExternalSecret(
    entityRef: string,
    request: Parameters<SecretsApi['importExternalSecret']>[1],
  ) {
    return this.json<Result<'importExternalSecret'>>(
      'POST',
      `${entityPath(entityRef)}:import`,
      request,
    );
  }

  /** {@inheritDoc SecretsApi.bulkImport} */
  bulkImport(
    entityRef: string,
    request: Parameters<SecretsApi['bulkImport']>[1],
  ) {
    return this.json<Result<'bulkImport'>>(
      'POST',
      `${entityPath(entityRef)}:bulkImport`,
      request,
    );
  }

  /** {@inheritDoc SecretsApi.compareMapping} */
  async compareMapping(id: string) {
    return (
      await this.json<{ items: Result<'compareMapping'> }>(
        'POST',
        `/mappings/${encodeURIComponent(id)}/compare`,
      )
    ).items;
  }

  /** {@inheritDoc SecretsApi.adoptMapping} */
  async adoptMapping(id: string) {
    return (
      await this.json<{ items: Result<'adoptMapping'> }>(
        'POST',
        `/mappings/${encodeURIComponent(id)}/adopt`,
      )
    ).items;
  }

  /** {@inheritDoc SecretsApi.exportExternalSecret} */
  async exportExternalSecret(id: string) {
    return (
      await this.request('GET', `/mappings/${encodeURIComponent(id)}/export`)
    ).text();
  }

  /** {@inheritDoc SecretsApi.exportEntityMappings} */
  async exportEntityMappings(entityRef: string) {
    return (
      await this.request('GET', `${entityPath(entityRef)}:export`)
    ).text();
  }

  /** {@inheritDoc SecretsApi.getDeclaredMappings} */
  getDeclaredMappings(entityRef: string) {
    return this.json<Result<'getDeclaredMappings'>>(
      'GET',
      declaredPath(entityRef),
    );
  }

  /** {@inheritDoc SecretsApi.refreshDeclaredMappings} */
  refreshDeclaredMappings(entityRef: string) {
    return this.json<Result<'refreshDeclaredMappings'>>(
      'POST',
      `${declaredPath(entityRef)}:refresh`,
    );
  }

  /** {@inheritDoc SecretsApi.auditMappings} */
  async auditMappings(filter: AuditFilter = {}) {
    return (
      await this.json<{ items: Result<'auditMappings'> }>(
        'GET',
        '/audit/mappings',
        undefined,
        { ...filter },
      )
    ).items;
  }

  /** {@inheritDoc SecretsApi.auditMappingsYaml} */
  async auditMappingsYaml(filter: AuditFilter = {}) {
    return (
      await this.request('GET', '/audit/mappings', undefined, {
        ...filter,
        format: 'yaml',
      })
    ).text();
  }

  /** {@inheritDoc SecretsApi.auditMappingsCsv} */
  async auditMappingsCsv(filter: AuditFilter = {}) {
    return (
      await this.request('GET', '/audit/mappings', undefined, {
        ...filter,
        format: 'csv',
      })
    ).text();
  }

  /** {@inheritDoc SecretsApi.auditOrphans} */
  async auditOrphans() {
    return (
      await this.json<{ items: Result<'auditOrphans'> }>(
        'GET',
        '/audit/orphans',
      )
    ).items;
  }

  /** {@inheritDoc SecretsApi.auditUnmanaged} */
  auditUnmanaged() {
    return this.json<Result<'auditUnmanaged'>>('GET', '/audit/unmanaged');
  }

  /** {@inheritDoc SecretsApi.auditFailing} */
  async auditFailing(staleAfter?: string) {
    return (
      await this.json<{ items: Result<'auditFailing'> }>(
        'GET',
        '/audit/failing',
        undefined,
        { staleAfter },
      )
    ).items;
  }

  /** {@inheritDoc SecretsApi.auditPaths} */
  async auditPaths(store: string, key: string) {
    return (
      await this.json<{ items: Result<'auditPaths'> }>(
        'GET',
        '/audit/paths',
        undefined,
        { store, key },
      )
    ).items;
  }

  private async json<T>(
    method: string,
    path: string,
    body?: unknown,
    query?: Query,
  ): Promise<T> {
    return (await this.request(method, path, body, query)).json();
  }

  private async request(
    method: string,
    path: string,
    body?: unknown,
    query: Query = {},
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(SECRETS_PLUGIN_ID);
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query))
      if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${qs ? `?${qs}` : ''}`,
      {
        method,
        ...(body === undefined
          ? {}
          : {
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify(body),
            }),
      },
    );
    if (!response.ok) throw await SecretsApiError.fromResponse(response);
    return response;
  }
}
