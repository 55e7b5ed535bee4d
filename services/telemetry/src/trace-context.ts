// Work handed from one process to another through a table (the mail outbox) keeps its place in a trace: the request
// writes its traceparent beside the work, and the process that does it opens a span linked to that trace. Both are
// no-ops when telemetry is off (no propagator is registered, and the tracer's spans record nothing).
import { context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/** The active trace as a W3C traceparent, or undefined without one. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** Runs `work` in a new span linked to the trace `traceparent` names (when there is one), ending it after. */
export function inSpanLinkedTo<T>(
  name: string,
  traceparent: string | null | undefined,
  attributes: Record<string, string | number>,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const linked = traceparent ? trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent })) : undefined;
  const links = linked ? [{ context: linked }] : [];
  return trace.getTracer('monitrax').startActiveSpan(name, { kind: SpanKind.CONSUMER, attributes, links }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}
