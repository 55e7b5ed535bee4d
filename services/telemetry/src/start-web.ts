// Telemetry for the web's Node server (Next.js's instrumentation.ts; the standalone server and Vercel's functions):
// Next opens a span for each request and its render (continuing a traceparent that came with it) once a tracer
// provider is registered; the undici instrumentation carries the trace on every fetch() to the API. With
// OTEL_EXPORTER_OTLP_ENDPOINT unset this imports nothing.
import { telemetrySettings } from './settings.ts';
import type { Telemetry } from './sdk.ts';

export async function startWebTelemetry(env: NodeJS.ProcessEnv = process.env): Promise<Telemetry | undefined> {
  const settings = telemetrySettings(env);
  if (!settings) return undefined;
  const [{ startSdk }, { UndiciInstrumentation }] = await Promise.all([import('./sdk.ts'), import('@opentelemetry/instrumentation-undici')]);
  const collector = new URL(settings.OTEL_EXPORTER_OTLP_ENDPOINT!).origin;
  return startSdk(
    {
      serviceName: 'monitrax-web',
      // The exporter's own requests are not the app's.
      instrumentations: [new UndiciInstrumentation({ ignoreRequestHook: (request) => request.origin === collector })],
    },
    settings,
  );
}
