// Query strings stay out of spans: the web's links carry sign-up tokens in them (/confirm-email?token=), and the
// instrumentations record a request's whole URL (Next.js even in the name of its fetch spans). Rewritten as each span
// starts, before any exporter sees it.
import type { Span, SpanProcessor } from '@opentelemetry/sdk-trace';

const URL_ATTRIBUTES = ['url.full', 'url.query', 'http.url', 'http.target', 'next.route'];

const withoutQuery = (text: string) => (text.includes('?') ? `${text.slice(0, text.indexOf('?'))}?[redacted]` : text);

export const scrubUrlQueries: SpanProcessor = {
  onStart(span: Span) {
    if (span.name.includes('?')) span.updateName(withoutQuery(span.name));
    for (const key of URL_ATTRIBUTES) {
      const value = span.attributes[key];
      if (typeof value !== 'string') continue;
      if (key === 'url.query') span.setAttribute(key, '[redacted]');
      else if (value.includes('?')) span.setAttribute(key, withoutQuery(value));
    }
  },
  onEnd() {},
  forceFlush: async () => {},
  shutdown: async () => {},
};
