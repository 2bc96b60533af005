import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePromtool } from '@internal/devstack';
import YAML from 'yaml';
import {
  fillTemplate,
  inputSeries,
  metricNamesIn,
  parseExposition,
  type Sample,
} from './prometheus.ts';
import type { Context } from './flowContext.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const RULES = path.join(repoRoot, 'deploy/monitoring/prometheus-rules.yaml');
const DASHBOARD = path.join(
  repoRoot,
  'deploy/monitoring/grafana-dashboard.json',
);

/** Scrapes the backend's Prometheus endpoint; the text is kept with the results. */
export async function scrapeMetrics(
  ctx: Context,
  name: string,
): Promise<Sample[]> {
  const res = await fetch(ctx.metricsUrl);
  assert.equal(res.status, 200, `GET ${ctx.metricsUrl}: ${res.status}`);
  const text = await res.text();
  fs.writeFileSync(path.join(ctx.results, `metrics-${name}.txt`), text);
  ctx.scrapes[name] = parseExposition(text);
  return ctx.scrapes[name];
}

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const ready = (s: Sample, status: 'True' | 'False') =>
  s.name === 'externalsecret_status_condition' &&
  s.labels.condition === 'Ready' &&
  s.labels.status === status;

/** One Ready pair per mapping and cluster; replicas' duplicates merged with max, as the rules do. */
function mappingsNotReady(samples: Sample[]) {
  const key = (s: Sample) =>
    ['name', 'namespace', 'cluster', 'store', 'entity', 'owner']
      .map(k => s.labels[k])
      .join('\u0000');
  const out = new Map<string, Record<string, string>>();
  for (const s of samples)
    if (ready(s, 'False') && s.value > 0) {
      // An empty label is no label to Prometheus (an entity without a known owner).
      const labels = Object.fromEntries(
        ['name', 'namespace', 'cluster', 'store', 'entity', 'owner']
          .map(k => [k, s.labels[k] ?? ''])
          .filter(([, v]) => v !== ''),
      );
      out.set(key(s), labels);
    }
  return [...out.values()];
}

/** Stores where more than half, and at least 3, of the mappings that synced or failed fail. */
function storesInOutage(samples: Sample[]): string[] {
  const counts = new Map<string, { failing: number; known: number }>();
  const seen = new Set<string>();
  for (const s of samples) {
    if (!ready(s, 'True') && !ready(s, 'False')) continue;
    if (s.value <= 0) continue;
    const id = `${s.labels.store}/${s.labels.cluster}/${s.labels.namespace}/${s.labels.name}/${s.labels.status}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const c = counts.get(s.labels.store) ?? { failing: 0, known: 0 };
    c.known++;
    if (s.labels.status === 'False') c.failing++;
    counts.set(s.labels.store, c);
  }
  return [...counts]
    .filter(([, c]) => c.failing / c.known > 0.5 && c.failing >= 3)
    .map(([store]) => store);
}

/**
 * The alert rules and the dashboard against the real backend: every metric they query is in
 * its scrapes, and promtool evaluates the rules over the scrapes taken while a mapping
 * failed and after it synced again — its alert fires after the rule's 10 minutes and is gone
 * after the recovery.
 */
export async function metricsFlows(
  ctx: Context,
  failedMapping: string,
  /** The failing mapping's Vault value, once it existed: never in a scrape. */
  value: string,
): Promise<void> {
  const rules: Rule[] = YAML.parse(
    fs.readFileSync(RULES, 'utf8'),
  ).groups.flatMap((g: { rules: Rule[] }) => g.rules);

  await ctx.report.step(
    'the backend exports every metric the alert rules and the dashboard query, and no value',
    async () => {
      const { failing, recovered, final } = ctx.scrapes;
      assert.ok(failing && recovered && final, 'a scrape is missing');
      const exported = new Set(
        [...failing, ...recovered, ...final].map(s => s.name),
      );
      const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8'));
      const exprs = [
        ...rules.map(r => r.expr),
        ...dashboard.panels.flatMap((p: { targets: { expr: string }[] }) =>
          p.targets.map(t => t.expr),
        ),
        ...dashboard.templating.list
          .filter((v: { type: string }) => v.type === 'query')
          .map((v: { definition: string }) => v.definition),
      ];
      const missing = exprs
        .flatMap(metricNamesIn)
        .filter(name => !exported.has(name));
      assert.deepEqual([...new Set(missing)], [], 'queried but never exported');
      // The failing mapping was labelled by its Secret, entity and owner.
      const failed = mappingsNotReady(failing).find(
        m => m.name === failedMapping,
      );
      assert.deepEqual(failed, {
        name: failedMapping,
        namespace: 'payments',
        cluster: 'local',
        store: failed?.store,
        entity: 'component:default/payments-api',
        owner: 'group:default/team-payments',
      });
      const text = [failing, recovered, final]
        .flat()
        .map(s => JSON.stringify(s))
        .join('\n');
      assert.equal(text.includes(value), false, 'a value in /metrics');
    },
  );

  await ctx.report.step(
    'promtool fires the failing-mapping alert on the scrapes and clears it after the recovery',
    async () => {
      const { failing, recovered } = ctx.scrapes;
      assert.ok(failing && recovered, 'a scrape is missing');
      const names = new Set(rules.flatMap(r => metricNamesIn(r.expr)));
      const expected = (samples: Sample[], evalTime: string) =>
        rules.map(rule => {
          let alerts: Record<string, string>[] = [];
          if (rule.alert === 'BackstageSecretsSyncFailing')
            alerts = mappingsNotReady(samples);
          else if (rule.alert === 'BackstageSecretsStoreOutage')
            alerts = storesInOutage(samples).map(store => ({ store }));
          // The rest stay silent here: no sync took 30 s, no revocation failed.
          return {
            eval_time: evalTime,
            alertname: rule.alert,
            exp_alerts: alerts.map(labels => ({
              exp_labels: { ...labels, ...rule.labels },
              exp_annotations: Object.fromEntries(
                Object.entries(rule.annotations ?? {}).map(([k, v]) => [
                  k,
                  fillTemplate(v, labels),
                ]),
              ),
            })),
          };
        });
      const before = mappingsNotReady(failing).map(m => m.name);
      const after = mappingsNotReady(recovered).map(m => m.name);
      assert.ok(before.includes(failedMapping), 'not failing in the scrape');
      assert.ok(!after.includes(failedMapping), 'still failing after recovery');
      // Each scrape held for 15 one-minute samples: long enough for the 10-minute `for`.
      const test = {
        rule_files: [RULES],
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: inputSeries([failing, recovered], 15, names),
            alert_rule_test: [
              ...expected(failing, '14m'),
              ...expected(recovered, '29m'),
            ],
          },
        ],
      };
      const file = path.join(ctx.results, 'prometheus-rules.test.yaml');
      fs.writeFileSync(file, YAML.stringify(test));
      const promtool = ensurePromtool();
      execFileSync(promtool.path, ['check', 'rules', RULES], {
        stdio: 'pipe',
      });
      try {
        execFileSync(promtool.path, ['test', 'rules', file], { stdio: 'pipe' });
      } catch (error) {
        const e = error as { stdout?: Buffer; stderr?: Buffer };
        throw new Error(
          `promtool test rules failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`,
        );
      }
    },
  );
}
