import type {
  MappingView,
  StoreStatus,
} from '@backstage-secrets/plugin-secrets-common';
import fs from 'node:fs';
import nodePath from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import request from 'supertest';
import {
  LAST_SYNC_ANNOTATION,
  SYNC_REASON_ANNOTATION,
  SYNC_STATUS_ANNOTATION,
} from '../../../kubernetes';
import {
  callers,
  type startApiBackend,
} from '../../../service/__testUtils__/apiBackend';

/**
 * Shared steps of the recovery suites: the plugin runs on the real schedule (a sync cycle
 * every 5 s, a health check every second) and nobody calls "sync now"; a fault is made
 * and taken away, and what the mapping's status and the live Secret say is read back.
 */

export type RecoveryBackend = Awaited<ReturnType<typeof startApiBackend>>;
export type ClusterStatus = MappingView['status'][number];

const BASE = '/api/secrets';
/** The plugin starts a sync cycle every 5 s (plugin.ts). */
export const CYCLE_MS = 5_000;
/** One sync cycle, and room for a loaded machine. */
export const WITHIN_A_CYCLE_MS = CYCLE_MS + 5_000;

/**
 * `secrets.engine` for recovery by the clock: a health check every second, and a backoff
 * so long (a first retry 30 to 60 s after a failure) that a recovery within seconds can
 * only be the health monitor's re-queue.
 */
export const RECOVERY_ENGINE = {
  healthCheckInterval: '1s',
  backoff: { initial: '1m', max: '2m' },
};

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Polls `read` until `done` holds, for at most `ms`; returns the last value and the time taken. */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms: number,
): Promise<{ value: T; tookMs: number }> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - start > ms)
      return { value, tookMs: Date.now() - start };
    await sleep(200);
  }
}

/** A measured time, printed so a run shows it. */
export function report(line: string): void {
  process.stdout.write(`[recovery] ${line}\n`);
}

/** One row of docs/reliability.md, as a suite measured it. */
export interface FaultRow {
  /** Orders the rows: rows sort by it. */
  order: number;
  fault: string;
  /** What the test did, in an operator's words. */
  done: string;
  /** What the live Secret looked like during and after the fault. */
  secret: string;
  /** What the mapping's status said. */
  status: string;
  /** From the fault to the status saying so; undefined when there is no failed status. */
  failedAfterMs?: number;
  /** From the fix (or the fault, when the engine repairs it) to Synced again. */
  recoveredAfterMs?: number;
  suite: string;
}

/**
 * Where the recovery suites leave their rows; `node scripts/reliability-doc.mjs` turns them
 * into docs/reliability.md, so the document says what the last run measured.
 */
export const FAULT_MATRIX_DIR =
  process.env.FAULT_MATRIX_DIR ??
  nodePath.resolve(__dirname, '../../../../../../.devstack/fault-matrix');

/** Records a row (only after the test's assertions held: call it last). */
export function recordFault(row: FaultRow): void {
  fs.mkdirSync(FAULT_MATRIX_DIR, { recursive: true });
  const slug = row.fault.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  fs.writeFileSync(
    nodePath.join(FAULT_MATRIX_DIR, `${slug}.json`),
    `${JSON.stringify(row, null, 2)}\n`,
  );
}

/** The plugin's API as a member of the owning team: mappings created, read, deleted. */
export function recoveryApi(backend: RecoveryBackend) {
  const s = () => request(backend.server);
  const created: string[] = [];
  return {
    /** A mapping of payments-api; returns its id. */
    async create(spec: object): Promise<string> {
      const res = await s()
        .post(`${BASE}/entities/component/default/payments-api/mappings`)
        .set('authorization', callers.member)
        .send({ spec });
      expect(res.status).toBe(201);
      created.push(res.body.id);
      return res.body.id;
    },
    async view(id: string): Promise<MappingView> {
      const res = await s()
        .get(`${BASE}/mappings/${id}`)
        .set('authorization', callers.member);
      expect(res.status).toBe(200);
      return res.body;
    },
    /** The mapping's status in its one cluster. */
    async status(id: string): Promise<ClusterStatus> {
      return (await this.view(id)).status[0];
    },
    /** A store's last health check, as `/stores` shows it. */
    async storeHealth(name: string): Promise<StoreStatus['health']> {
      const res = await s()
        .get(`${BASE}/stores`)
        .set('authorization', callers.member);
      return (res.body.items as StoreStatus[]).find(x => x.name === name)!
        .health;
    },
    /** Every mapping created here, as the API shows it (to search for values). */
    async views(): Promise<MappingView[]> {
      return Promise.all(created.map(id => this.view(id)));
    },
    async removeAll(): Promise<void> {
      for (const id of created)
        await s()
          .delete(`${BASE}/mappings/${id}`)
          .set('authorization', callers.member)
          .catch(() => undefined);
    },
  };
}
export type RecoveryApi = ReturnType<typeof recoveryApi>;

/** A one-Secret KV mapping spec of payments-api, re-read every 2 s (every cycle). */
export function kvSpec(options: {
  store: string;
  cluster: string;
  path: string;
  name: string;
  refreshInterval?: string;
  /** `payments` unless said. */
  namespace?: string;
}) {
  return {
    store: options.store,
    data: ['user', 'password'].map(property => ({
      secretKey: property,
      remoteRef: { key: options.path, property },
    })),
    target: {
      clusters: [options.cluster],
      namespace: options.namespace ?? 'payments',
      name: options.name,
    },
    refreshInterval: options.refreshInterval ?? '2s',
  };
}

/** The engine's status marks: what a failed sync may change on a Secret, and only that. */
const STATUS_MARKS = [
  LAST_SYNC_ANNOTATION,
  SYNC_STATUS_ANNOTATION,
  SYNC_REASON_ANNOTATION,
];

/**
 * The live Secret as the admin reads it (straight from the API server, never through a
 * test proxy): its identity, type and data byte for byte, labels and annotations other
 * than the status marks, which are returned apart.
 */
export async function liveSecret(
  core: k8s.CoreV1Api,
  name: string,
  namespace = 'payments',
) {
  const secret = await core.readNamespacedSecret({ name, namespace });
  const annotations = { ...secret.metadata?.annotations };
  const marks: Record<string, string | undefined> = {};
  for (const key of STATUS_MARKS) {
    marks[key] = annotations[key];
    delete annotations[key];
  }
  return {
    content: {
      uid: secret.metadata?.uid,
      type: secret.type,
      immutable: secret.immutable,
      data: secret.data,
      labels: secret.metadata?.labels,
      annotations,
    },
    status: marks[SYNC_STATUS_ANNOTATION],
    reason: marks[SYNC_REASON_ANNOTATION],
    resourceVersion: secret.metadata?.resourceVersion,
  };
}

/** What {@link outageAndRecovery} measured. */
export interface RecoveryTimes {
  /** From the fault to the SyncedError status. */
  failedAfterMs: number;
  /** From the fix to Synced again. */
  recoveredAfterMs: number;
  /** How much sooner than its backoff retry the mapping synced again. */
  beforeBackoffMs: number;
}

/**
 * One fault, proved by the clock: the synced mapping turns SyncedError with `reason`
 * within one cycle, its Secret keeps its data (and, when the engine can reach the API
 * server, carries the failure mark), and once the fault is fixed the mapping syncs again
 * by itself, well before the backoff retry its failure scheduled.
 */
export async function outageAndRecovery(options: {
  api: RecoveryApi;
  core: k8s.CoreV1Api;
  mappingId: string;
  secretName: string;
  reason: string;
  message: RegExp;
  breakIt: () => Promise<unknown>;
  fixIt: () => Promise<unknown>;
  /** Whether the engine can write the failure mark (false when the API server is down). */
  marksSecret: boolean;
  /** The fault's row in docs/reliability.md, recorded once everything held. */
  row?: Pick<FaultRow, 'order' | 'fault' | 'done' | 'suite'>;
}): Promise<RecoveryTimes> {
  const { api, core, mappingId, secretName } = options;
  const synced = await until(
    () => api.status(mappingId),
    s => s.status === 'Synced',
    30_000,
  );
  expect(synced.value).toMatchObject({ status: 'Synced' });
  const before = await liveSecret(core, secretName);
  expect(before.status).toBe('Synced');

  const brokeAt = Date.now();
  await options.breakIt();
  const failed = await until(
    () => api.status(mappingId),
    s => s.status === 'SyncedError',
    WITHIN_A_CYCLE_MS,
  );
  const failedAfterMs = Date.now() - brokeAt;
  expect(failed.value).toMatchObject({
    status: 'SyncedError',
    reason: options.reason,
  });
  expect(failed.value.message).toMatch(options.message);
  expect(failedAfterMs).toBeLessThan(WITHIN_A_CYCLE_MS);
  // The backoff (1m): the retry it scheduled is at least 30 s after the failure.
  const retryAt = Date.parse(failed.value.nextDueAt);
  expect(retryAt - Date.parse(failed.value.lastAttemptAt!)).toBeGreaterThan(
    29_000,
  );
  const during = await liveSecret(core, secretName);
  expect(during.content).toEqual(before.content);
  if (options.marksSecret) {
    expect(during).toMatchObject({
      status: 'SyncedError',
      reason: options.reason,
    });
  } else {
    // Nothing could write: the Secret is the very same object version.
    expect(during.resourceVersion).toBe(before.resourceVersion);
  }

  const fixedAt = Date.now();
  await options.fixIt();
  const recovered = await until(
    () => api.status(mappingId),
    s => s.status === 'Synced',
    30_000,
  );
  const recoveredAfterMs = Date.now() - fixedAt;
  expect(recovered.value).toMatchObject({
    status: 'Synced',
    consecutiveFailures: 0,
  });
  const syncedAt = Date.parse(recovered.value.lastSyncedAt!);
  expect(syncedAt).toBeGreaterThan(fixedAt);
  expect(syncedAt).toBeLessThan(retryAt);
  const after = await liveSecret(core, secretName);
  expect(after.content).toEqual(before.content);
  expect(after.status).toBe('Synced');
  if (!options.marksSecret)
    expect(after.resourceVersion).toBe(before.resourceVersion);
  if (options.row) {
    recordFault({
      ...options.row,
      secret: options.marksSecret
        ? 'kept: same uid, type, data and labels; its sync-status annotation said SyncedError, then Synced'
        : 'kept: not written at all (same resourceVersion)',
      status: `SyncedError, reason ${options.reason}: "${
        failed.value.message
      }"; Synced again by itself, ${Math.round(
        (retryAt - syncedAt) / 1000,
      )} s before its backoff retry`,
      failedAfterMs,
      recoveredAfterMs,
    });
  }
  return {
    failedAfterMs,
    recoveredAfterMs,
    beforeBackoffMs: retryAt - syncedAt,
  };
}
