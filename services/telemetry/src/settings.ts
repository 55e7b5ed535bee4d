// The standard OpenTelemetry variables this project reads itself (the SDK's exporters read the rest of the OTEL_*
// family directly: OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TIMEOUT, per-signal endpoints, ...). One zod shape,
// spread into the API's, the worker's and the web's config schemas, so a variable means the same in each.
import { booleanString, unsetWhenEmpty } from '@monitrax/contract/env';
import { z } from 'zod';

export const telemetryEnvShape = {
  // Where traces and metrics go (an OTLP/HTTP receiver: a collector, Jaeger, Honeycomb, Grafana Cloud, ...). Unset:
  // no telemetry at all (the SDK is not even loaded); the logs still carry request ids.
  OTEL_EXPORTER_OTLP_ENDPOINT: unsetWhenEmpty(z.url({ error: 'must be a URL, e.g. http://127.0.0.1:4318' }).optional()),
  // Credentials some receivers want ("x-honeycomb-team=...", "Authorization=Basic ..."): a secret.
  OTEL_EXPORTER_OTLP_HEADERS: unsetWhenEmpty(z.string().min(1).optional()),
  // The service's name in the trace viewer (default monitrax-api, monitrax-worker, monitrax-web).
  OTEL_SERVICE_NAME: unsetWhenEmpty(z.string().min(1).max(100).optional()),
  // true turns telemetry off with the endpoint still set (the specification's switch).
  OTEL_SDK_DISABLED: booleanString,
  // How often metrics are sent, and how long finished spans wait to be sent in a batch (milliseconds).
  OTEL_METRIC_EXPORT_INTERVAL: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(10).max(60_000).default(5_000),
};

export type TelemetryEnv = z.output<z.ZodObject<typeof telemetryEnvShape>>;

const telemetryEnv = z.object(telemetryEnvShape);

/** The settings when telemetry should run (an endpoint, not disabled), else undefined. Bad values: undefined too, so
 * that the process's own config check (which spreads this shape) refuses to start with the variable's name. */
export function telemetrySettings(env: NodeJS.ProcessEnv): TelemetryEnv | undefined {
  const parsed = telemetryEnv.safeParse(env);
  if (!parsed.success || parsed.data.OTEL_SDK_DISABLED || parsed.data.OTEL_EXPORTER_OTLP_ENDPOINT === undefined) return undefined;
  return parsed.data;
}
