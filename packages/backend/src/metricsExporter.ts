/*
 * A Prometheus scrape endpoint for every plugin's metrics (Backstage's metrics service and
 * OpenTelemetry meters alike), served on a port of its own so the backend's public port
 * never exposes it: `http://METRICS_HOST:METRICS_PORT/metrics`, by default
 * 127.0.0.1:9464. METRICS_PORT=0 turns it off. Imported before the backend is created:
 * a meter taken before the provider is set stays a no-op.
 */

import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

const port = Number(process.env.METRICS_PORT ?? 9464);
const host = process.env.METRICS_HOST ?? '127.0.0.1';

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new Error(
    `METRICS_PORT must be a port number (0 turns the metrics endpoint off), not "${process.env.METRICS_PORT}"`,
  );
}
if (port > 0) {
  const exporter = new PrometheusExporter({
    host,
    port,
    preventServerStart: true,
  });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
  // A port in use costs the metrics, not the backend: say so and go on.
  exporter.startServer().then(
    () =>
      process.stdout.write(
        `Prometheus metrics at http://${host}:${port}/metrics\n`,
      ),
    error =>
      process.stderr.write(
        `Prometheus metrics endpoint not started on ${host}:${port}: ${error}\n`,
      ),
  );
}
