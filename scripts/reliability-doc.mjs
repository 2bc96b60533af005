#!/usr/bin/env node
/**
 * Writes docs/reliability.md from the rows the recovery suites
 * (plugins/secrets-backend/src/engine/recovery/) recorded in their last run, so the fault
 * matrix says what was measured, not what was hoped. Run after the suites:
 *
 *   npm test   (or the recovery suites alone), then   node scripts/reliability-doc.mjs
 *
 * Fails, writing nothing, when a fault the suites cover has no row (a suite did not run or
 * did not pass).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dir =
  process.env.FAULT_MATRIX_DIR ?? path.join(root, '.devstack', 'fault-matrix');
const EXPECTED = [
  'Vault sealed',
  'Vault unreachable',
  'Policy denies',
  'Engine credentials revoked',
  'Kubernetes API server unreachable',
  'Secret hand-edited',
  'Secret deleted',
  'Namespace deleted',
  'A 900 KiB value',
  'NUL bytes and unicode',
  'Backend killed -9 mid-cycle',
  'Two replicas, one killed',
  'PostgreSQL restarted mid-cycle',
  'PostgreSQL down while outcomes are recorded',
];

const rows = fs.existsSync(dir)
  ? fs
      .readdirSync(dir)
      .filter(f => f.endsWith('.json'))
      .map(f => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))
  : [];
const missing = EXPECTED.filter(f => !rows.some(r => r.fault === f));
if (missing.length) {
  console.error(
    `no row for: ${missing.join(
      '; ',
    )} (run the recovery suites first; rows are read from ${dir})`,
  );
  process.exit(1);
}
rows.sort((a, b) => a.order - b.order);

const secs = ms => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);
const cell = text => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const newest = rows
  .map(
    r =>
      fs.statSync(
        path.join(
          dir,
          `${r.fault.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.json`,
        ),
      ).mtime,
  )
  .sort((a, b) => b - a)[0];

const out = `# Reliability: the fault matrix

<!-- Written by scripts/reliability-doc.mjs from the rows the recovery suites recorded; do not edit by hand. -->

What happens to a mapping and its live Secret when something breaks, as the recovery suites
(\`plugins/secrets-backend/src/engine/recovery/*.stack.test.ts\`) do it to the real servers of
the local stack and measure it. The plugin runs on its real schedule — a sync cycle every
5 s, a health check every second in these suites (\`secrets.engine.healthCheckInterval\`,
default 30 s), a first retry after a failure 30–60 s later — and nobody calls "sync now"
unless the row says so. Each suite asserts what its row says; the times are those of the
run of ${newest.toISOString().slice(0, 10)} on ${
  os.cpus().length
} CPU cores (${os.type()} ${os.arch()},
Node ${process.versions.node}), with the other suites running beside it.

"Failed after" is from the fault to the mapping's status saying so; "recovered after" is from
the fix (or, for hand edits and edge values, from the change) to Synced again. The local
stack runs no controller-manager, so for a deleted namespace the suite does what the
namespace controller would (deletes what is in it, then finalizes it).

| fault | what the test did | the live Secret | what the status said | failed after | recovered after |
| ----- | ----------------- | --------------- | -------------------- | ------------ | --------------- |
${rows
  .map(
    r =>
      `| ${cell(r.fault)} | ${cell(r.done)} | ${cell(r.secret)} | ${cell(
        r.status,
      )} | ${secs(r.failedAfterMs)} | ${secs(r.recoveredAfterMs)} |`,
  )
  .join('\n')}

In every row the suite also searched the plugin's logs, audit events and API answers (and,
for the killed engine, everything its processes printed) for the values it planted: none
was found.

## Covered elsewhere

- **Malformed mappings**: \`plugins/secrets-backend/src/service/malformed.stack.test.ts\` sends
  over 400 malformed bodies; each gets a 400 naming the field, none a 500 or a partial write.
- **A non-owner on every route**: \`plugins/secrets-backend/src/service/everyRoute.stack.test.ts\`
  calls every operation of openapi.yaml as a signed-in non-owner and signed out: reads of a
  mapping answer, everything else is 403 (401 signed out), and a refused call leaves the
  plugin's rows, the Vault path's versions and the Secrets as they were. It fails when the
  contract gains a route it does not call. \`access.stack.test.ts\` adds owners, team
  members, admins and services on the mapping routes.
- **Canary values in every output**: \`plugins/secrets-backend/src/service/leak.stack.test.ts\`
  searches every route's answers, the logs, audit events and database rows; the engine,
  notification and e2e suites search Kubernetes Events, notifications and metric scrapes.
- **A lease's or certificate's renewal failing**: \`plugins/secrets-backend/src/service/dynamic.stack.test.ts\`.

## Not in the matrix yet

- **Clock skew between replicas** is not a row with a recovery time: \`engine/clockSkew.stack.test.ts\`
  shows a replica 20 s ahead leaving another's claimed row alone, one ahead by more than
  the 60 s lease taking over a row still being written — hence the documented bound of half
  \`secrets.engine.claimTimeout\`, 30 s by default — and a 3-minute claim timeout leaving the
  row alone at that same skew ([operations.md](operations.md#several-replicas)).
`;
fs.writeFileSync(path.join(root, 'docs', 'reliability.md'), out);
console.log(`docs/reliability.md: ${rows.length} rows`);
