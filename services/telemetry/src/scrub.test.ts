import { describe, expect, it } from 'vitest';
import { scrubUrlQueries } from './scrub.ts';

/** The part of a span the processor reads and writes. */
function spanWith(attributes: Record<string, string | number>) {
  return {
    attributes: { ...attributes },
    setAttribute(key: string, value: string) {
      this.attributes[key] = value;
      return this;
    },
  };
}

describe('scrubUrlQueries', () => {
  it('drops query strings from the URL attributes a request span starts with, and keeps the path', () => {
    const span = spanWith({
      'url.full': 'https://app.example.com/confirm-email?token=secret-link-token',
      'http.target': '/confirm-email?token=secret-link-token',
      'url.query': 'token=secret-link-token',
      'url.path': '/confirm-email',
      'http.request.method': 'GET',
    });
    scrubUrlQueries.onStart(span as never, undefined as never);
    expect(span.attributes).toEqual({
      'url.full': 'https://app.example.com/confirm-email?[redacted]',
      'http.target': '/confirm-email?[redacted]',
      'url.query': '[redacted]',
      'url.path': '/confirm-email',
      'http.request.method': 'GET',
    });
  });

  it('leaves URLs without a query as they are', () => {
    const span = spanWith({ 'url.full': 'http://127.0.0.1:4000/api/properties', 'http.status_code': 201 });
    scrubUrlQueries.onStart(span as never, undefined as never);
    expect(span.attributes).toEqual({ 'url.full': 'http://127.0.0.1:4000/api/properties', 'http.status_code': 201 });
  });
});
