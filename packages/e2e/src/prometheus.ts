/**
 * Prometheus's text exposition format read into samples, and `promtool test rules` input
 * built from scrapes: how the e2e run checks the alert rules against the real backend.
 */

/** One sample of a scrape. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/gy;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** The samples of a scrape in the text format; comments and blank lines are skipped. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    if (m[2]) {
      LABEL.lastIndex = 0;
      while (LABEL.lastIndex < m[2].length) {
        const l = LABEL.exec(m[2]);
        if (!l) throw new Error(`unreadable labels: ${line}`);
        labels[l[1]] = unescape(l[2]);
      }
    }
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** The metric names a PromQL expression reads (ours and ESO's only). */
export function metricNamesIn(expr: string): string[] {
  return [
    ...new Set(expr.match(/\b(?:externalsecret|backstage_secrets)_\w+/g) ?? []),
  ];
}

const quote = (v: string) =>
  `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** A series selector with every label, as promtool's `input_series` wants it. */
export function seriesSelector(sample: Omit<Sample, 'value'>): string {
  const labels = Object.entries(sample.labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${quote(v)}`);
  return `${sample.name}{${labels.join(',')}}`;
}

/**
 * `input_series` for promtool: each series of `phases` (scrapes in order, each held for
 * `minutes` one-minute samples) with its value in every phase, missing (`_`) where a
 * scrape did not have it.
 */
export function inputSeries(
  phases: Sample[][],
  minutes: number,
  names: ReadonlySet<string>,
): { series: string; values: string }[] {
  const bySeries = new Map<string, (number | undefined)[]>();
  phases.forEach((samples, phase) => {
    for (const s of samples) {
      if (!names.has(s.name)) continue;
      const key = seriesSelector(s);
      const values = bySeries.get(key) ?? phases.map(() => undefined);
      values[phase] = s.value;
      bySeries.set(key, values);
    }
  });
  // `vxN` is N+1 samples of v, one per interval; `_xN` is N+1 missing ones.
  return [...bySeries].map(([series, values]) => ({
    series,
    values: values
      .map(v => `${v === undefined ? '_' : String(v)}x${minutes - 1}`)
      .join(' '),
  }));
}

/** `{{ $labels.x }}` in a rule's annotation, filled as Prometheus would. */
export function fillTemplate(
  text: string,
  labels: Record<string, string>,
): string {
  return text.replace(
    /\{\{\s*\$labels\.(\w+)\s*\}\}/g,
    (_, k: string) => labels[k] ?? '',
  );
}
