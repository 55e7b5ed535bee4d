// What the API and the worker record. Nothing private: no headers or bodies (the http instrumentation records none by
// default), no query strings (./scrub.ts), SQL as text with its $1 placeholders and never its values (pg's
// enhancedDatabaseReporting stays off).
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PrismaInstrumentation } from '@prisma/instrumentation';
import type { TelemetryEnv } from './settings.ts';

/** What a process traces: the API serves HTTP through Express; the worker runs jobs; `npm run job` queues one. All use
 * pg (and the API and the worker Prisma over it). */
export type NodeService = 'api' | 'worker' | 'job-cli';

export function nodeInstrumentations(service: NodeService, settings: TelemetryEnv): Instrumentation[] {
  const collector = new URL(settings.OTEL_EXPORTER_OTLP_ENDPOINT!);
  const collectorPort = collector.port || (collector.protocol === 'https:' ? '443' : '80');
  return [
    new HttpInstrumentation({
      // The exporter's own requests are not the app's.
      ignoreOutgoingRequestHook: (request) => request.hostname === collector.hostname && String(request.port ?? '') === collectorPort,
      // Outside the API, an HTTP request is worth a span only inside a job's trace (a bucket's listing in housekeeping is not).
      requireParentforOutgoingSpans: service !== 'api',
    }),
    ...(service === 'api' ? [new ExpressInstrumentation()] : []),
    // Queries outside any request or job (pg-boss polling, the health checks' reads) would each be a trace of one span.
    new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    // Prisma's operation span (model and method) above pg's query span; its own copies of the query and its
    // bookkeeping spans would say the same thing twice.
    new PrismaInstrumentation({ ignoreSpanTypes: [/^prisma:client:(db_query|serialize|compile|connect|disconnect)$/] }),
  ];
}
