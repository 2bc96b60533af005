import {
  MeterProvider,
  MetricReader,
  type DataPoint,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** Collects on demand, so a test reads exactly what an exporter would receive. */
class TestMetricReader extends MetricReader {
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

/** The data points of metric `name` in what was collected; empty when it has none. */
export const pointsOf = (
  collected: ResourceMetrics,
  name: string,
): DataPoint<unknown>[] =>
  collected.scopeMetrics
    .flatMap(scope => scope.metrics)
    .find(m => m.descriptor.name === name)?.dataPoints ?? [];

/**
 * A meter for code under test, and what it has recorded: everything an exporter would
 * receive (`collect`), or the data points of one metric (`points`, empty when it has none).
 */
export function testMeter() {
  const reader = new TestMetricReader();
  const collect = async () => (await reader.collect()).resourceMetrics;
  return {
    meter: new MeterProvider({ readers: [reader] }).getMeter('test'),
    collect,
    points: async (name: string) => pointsOf(await collect(), name),
  };
}
