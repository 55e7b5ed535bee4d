import { describe, expect, it } from 'vitest';
import { scrubUrlQueries } from './scrub.ts';

/** The part of a span the processor reads and writes. */
function spanWith(attributes: Record<string, string | number>, name = 'GET') {
  return {
    name,
    updateName(next: string) {
      this.name = next;
      return this;
    },
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

  it('drops the query from a span named by its URL (Next.js names its fetch spans so)', () => {
    const span = spanWith({}, 'fetch GET http://127.0.0.1:4000/api/properties?page=1&pageSize=20');
    scrubUrlQueries.onStart(span as never, undefined as never);
    expect(span.name).toBe('fetch GET http://127.0.0.1:4000/api/properties?[redacted]');
  });

  it('leaves URLs without a query as they are', () => {
    const span = spanWith({ 'url.full': 'http://127.0.0.1:4000/api/properties', 'http.status_code': 201 });
    scrubUrlQueries.onStart(span as never, undefined as never);
    expect(span.attributes).toEqual({ 'url.full': 'http://127.0.0.1:4000/api/properties', 'http.status_code': 201 });
  });
});
