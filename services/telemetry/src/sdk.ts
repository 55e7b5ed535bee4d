// The OpenTelemetry SDK, composed by hand from the 3.x packages (not @opentelemetry/sdk-node, which brings every
// exporter, gRPC and protobuf included, into the images): traces and metrics over OTLP/HTTP to
// OTEL_EXPORTER_OTLP_ENDPOINT, W3C trace context only (baggage is not propagated: a browser could fill it), context
// carried by AsyncLocalStorage. Loaded only when telemetry is on (./start.ts).
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { telemetrySampler } from './probes.ts';
import { scrubUrlQueries } from './scrub.ts';
import type { TelemetryEnv } from './settings.ts';

export interface Telemetry {
  /** Sends what is buffered and stops, within `timeoutMs`; never rejects (a receiver that is down loses the rest). */
  shutdown(timeoutMs: number): Promise<void>;
}

export interface SdkOptions {
  serviceName: string;
  serviceVersion?: string | undefined;
  instrumentations: Instrumentation[];
}

export function startSdk(options: SdkOptions, settings: TelemetryEnv): Telemetry {
  // The resource says which service a span is from, and no more: no command line, host ids or environment.
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: settings.OTEL_SERVICE_NAME ?? options.serviceName,
    ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const tracerProvider = new TracerProvider({
    resource,
    sampler: telemetrySampler,
    spanProcessors: [scrubUrlQueries, new BatchSpanProcessor({ exporter: new OTLPTraceExporter(), scheduledDelayMillis: settings.OTEL_BSP_SCHEDULE_DELAY })],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  const meterProvider = new MeterProvider({
    resource,
    readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis: settings.OTEL_METRIC_EXPORT_INTERVAL })],
  });
  metrics.setGlobalMeterProvider(meterProvider);
  const unregister = registerInstrumentations({ instrumentations: options.instrumentations, tracerProvider, meterProvider });
  return {
    async shutdown(timeoutMs) {
      unregister();
      const done = Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([done, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    },
  };
}
