// pg-boss's own OpenTelemetry (spans for send, process and complete; queue and job metrics): the trace active when a
// job is queued is stored on the job (W3C trace context only: never baggage, which a browser could fill), and the job
// is processed in that trace. Without a registered SDK, pg-boss stores nothing and its spans are no-ops.
import { W3CTraceContextPropagator } from '@opentelemetry/core';

export const jobTracing = { propagateContext: true, propagator: new W3CTraceContextPropagator() } as const;
