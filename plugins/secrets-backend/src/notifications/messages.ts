import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { dynamicPath } from '@backstage-secrets/plugin-secrets-common';
import type { ScannedMapping, UnrenewedLease } from '../database';
import { commonReason, type MappingFailure } from './failures';

/**
 * What owners read, one builder per kind of notification. Each names entities, Secrets,
 * clusters, stores, Vault paths and status reasons only: status messages are value-free
 * by construction (`describeFailure`), and nothing here reads a value.
 */

/**
 * Topics, so a user can mute one kind in the notifications settings (origin
 * `plugin:secrets`).
 */
export const TOPICS = {
  sync: 'Secret sync failures',
  lease: 'Expiring secret leases',
  orphan: 'Orphaned secret mappings',
  rotation: 'Secret rotation due',
} as const;

/** Status messages are short already; this bounds what an unexpected one adds. */
const MESSAGE_LIMIT = 400;
const LIST_LIMIT = 5;

const entityName = (ref: string) => parseEntityRef(ref).name;

/** The entity's Secrets tab, where every notification about its mappings leads. */
export function secretsTabLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase(
    'en-US',
  )}/${name}/secrets`;
}

const secretName = (m: ScannedMapping) =>
  `${m.spec.target.namespace}/${m.spec.target.name}`;

const clip = (text: string) =>
  text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT)}…` : text;

/** `a, b, c and 4 more`. */
function listed(items: string[]): string {
  const shown = items.slice(0, LIST_LIMIT).join(', ');
  return items.length > LIST_LIMIT
    ? `${shown} and ${items.length - LIST_LIMIT} more`
    : shown;
}

/** Whole minutes, hours or days, for "expires in …". */
export function roughly(ms: number): string {
  const minutes = Math.max(Math.round(ms / 60_000), 0);
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

const mappingScope = (mappingId: string, topic: string) =>
  `secrets:mapping:${mappingId}:${topic}`;

/** A mapping failing past the grace; its recovery later updates the same notification. */
export function failureNotice(
  f: MappingFailure,
  since: Date,
): NotificationSendOptions {
  const m = f.mapping;
  const clusters = f.clusters.map(c => c.cluster).join(', ');
  return {
    recipients: { type: 'entity', entityRef: m.entityRef },
    payload: {
      title: `Secret ${secretName(m)} of ${entityName(
        m.entityRef,
      )} is failing to sync`,
      description: clip(
        `${
          f.reason
        } on ${clusters}, seen failing since ${since.toISOString()} (${
          f.consecutiveFailures
        } failed sync${f.consecutiveFailures === 1 ? '' : 's'} in a row)${
          f.message ? `: ${f.message}` : ''
        }. The Secret keeps its last values; the engine keeps retrying.`,
      ),
      link: secretsTabLink(m.entityRef),
      severity: 'high',
      topic: TOPICS.sync,
      scope: mappingScope(f.mappingId, 'sync'),
    },
  };
}

/** A mapping whose failure was told syncs again in every cluster. */
export function recoveredNotice(
  mappingId: string,
  m: ScannedMapping,
): NotificationSendOptions {
  return {
    recipients: { type: 'entity', entityRef: m.entityRef },
    payload: {
      title: `Secret ${secretName(m)} of ${entityName(
        m.entityRef,
      )} syncs again`,
      description: `Synced again on ${m.spec.target.clusters.join(
        ', ',
      )} from Vault store ${m.spec.store}.`,
      link: secretsTabLink(m.entityRef),
      severity: 'low',
      topic: TOPICS.sync,
      scope: mappingScope(mappingId, 'sync'),
    },
  };
}

const storeScope = (store: string) => `secrets:store:${store}:sync`;

const distinct = (refs: string[]) => [...new Set(refs)].sort();

/** One notification for many mappings failing for the same store-level cause. */
export function storeFailureNotice(
  store: string,
  failures: MappingFailure[],
  totalFailing: number,
): NotificationSendOptions {
  const entities = distinct(failures.map(f => f.mapping.entityRef));
  const example = failures.find(f => f.message)?.message;
  return {
    recipients: { type: 'entity', entityRef: entities },
    payload: {
      title: `Vault store ${store} fails: ${totalFailing} mappings are not syncing`,
      description: clip(
        `${commonReason(failures)} for mappings of ${listed(entities)}${
          example ? ` (${example})` : ''
        }. Their Secrets keep their last values, and syncing resumes by itself once the store answers. This one notification stands for each of those mappings.`,
      ),
      ...(entities.length === 1 ? { link: secretsTabLink(entities[0]) } : {}),
      severity: 'critical',
      topic: TOPICS.sync,
      scope: storeScope(store),
    },
  };
}

/** Mappings told in a store's summary sync again. */
export function storeRecoveredNotice(
  store: string,
  recovered: { entityRef: string }[],
  stillFailing: number,
): NotificationSendOptions {
  const entities = distinct(recovered.map(r => r.entityRef));
  return {
    recipients: { type: 'entity', entityRef: entities },
    payload: {
      title: `Vault store ${store}: ${recovered.length} mappings sync again`,
      description: `Mappings of ${listed(entities)} synced again.${
        stillFailing > 0
          ? ` ${stillFailing} mappings of the store still fail; their owners are told when they recover.`
          : ''
      }`,
      ...(entities.length === 1 ? { link: secretsTabLink(entities[0]) } : {}),
      severity: stillFailing > 0 ? 'normal' : 'low',
      topic: TOPICS.sync,
      scope: storeScope(store),
    },
  };
}

/** A dynamic lease or certificate the engine could not renew or replace, expiring soon. */
export function leaseNotice(
  lease: UnrenewedLease,
  now: Date,
): NotificationSendOptions {
  const m = lease.mapping;
  const path = m.spec.dynamic ? dynamicPath(m.spec.dynamic) : m.spec.store;
  const what =
    lease.engine === 'pki'
      ? `The certificate in Secret ${secretName(m)}`
      : `The database credentials in Secret ${secretName(m)}`;
  const left = lease.expiresAt.getTime() - now.getTime();
  return {
    recipients: { type: 'entity', entityRef: m.entityRef },
    payload: {
      title: `${what} ${
        left > 0 ? `expire in ${roughly(left)}` : 'have expired'
      }`,
      description: `The engine could not ${
        lease.engine === 'pki' ? 're-issue' : 'renew or replace'
      } them from ${path} (store ${
        m.spec.store
      }; due since ${lease.nextActionAt.toISOString()}). They expire at ${lease.expiresAt.toISOString()}; the consumers of the Secret lose access then unless the engine succeeds first. The Secrets tab shows why it fails.`,
      link: secretsTabLink(m.entityRef),
      severity: 'critical',
      topic: TOPICS.lease,
      scope: mappingScope(lease.mappingId, 'lease'),
    },
  };
}

/** The mappings of an entity that left the catalog: nobody owns them any more. */
export function orphanNotice(
  entityRef: string,
  mappings: ScannedMapping[],
  recipients: string[],
): NotificationSendOptions {
  return {
    recipients: { type: 'entity', entityRef: recipients },
    payload: {
      title: `${entityRef} left the catalog; ${mappings.length} secret mapping${
        mappings.length === 1 ? '' : 's'
      } remain`,
      description: `Mappings of Secrets ${listed(
        mappings.map(secretName),
      )} still sync, but no owner can change them. Delete them on the Secrets audit page, or bring the entity back to the catalog.`,
      link: '/secrets-audit',
      severity: 'normal',
      topic: TOPICS.orphan,
      scope: `secrets:entity:${entityRef}:orphan`,
    },
  };
}

/** A Vault version a mapping syncs is older than its maximum age. */
export function rotationNotice(
  mappingId: string,
  m: ScannedMapping,
  oldest: { key: string; createdTime: string },
  maxAge: string,
): NotificationSendOptions {
  return {
    recipients: { type: 'entity', entityRef: m.entityRef },
    payload: {
      title: `Secret ${secretName(m)} of ${entityName(
        m.entityRef,
      )}: rotation due`,
      description: `Vault secret ${oldest.key} (store ${m.spec.store}) was written ${oldest.createdTime}, longer ago than the maximum age of ${maxAge}. Rotate it from the Secrets tab.`,
      link: secretsTabLink(m.entityRef),
      severity: 'low',
      topic: TOPICS.rotation,
      scope: mappingScope(mappingId, 'rotation'),
    },
  };
}
