// The ids that join a log line to its trace: a pino `mixin` for the API and the worker, and the web's log lines.
// Reads the active span through @opentelemetry/api alone, so it costs a lookup and returns nothing when telemetry is
// off (no context manager is registered then, and no span is ever active).
import { isSpanContextValid, trace } from '@opentelemetry/api';

export function logFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const context = span.spanContext();
  return isSpanContextValid(context) ? { trace_id: context.traceId, span_id: context.spanId } : {};
}
