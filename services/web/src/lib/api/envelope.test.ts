import { describe, expect, it } from 'vitest';
import { ApiError, describeError, fieldErrorsFrom, parseEnvelope, SessionExpiredError, SESSION_EXPIRED_MESSAGE, unreachable } from './envelope';

const meta = { timestamp: '2026-11-25T00:00:00.000Z', durationMs: 1.2, requestId: 'req-1' };
const ok = (data: unknown, extra: object = {}) => ({ success: true, data, error: null, meta: { ...meta, ...extra } });
const failure = (code: string, message: string, details: unknown = null) => ({ success: false, data: null, error: { code, message, details }, meta });

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('parseEnvelope', () => {
  it('returns data and meta, including pagination', () => {
    const pagination = { page: 2, pageSize: 20, total: 41, totalPages: 3 };
    const result = parseEnvelope<string[]>(200, ok(['a'], { pagination }), { authenticated: true });
    expect(result.data).toEqual(['a']);
    expect(result.meta.pagination).toEqual(pagination);
    expect(result.meta.requestId).toBe('req-1');
  });

  it('maps VALIDATION_ERROR details.issues to one message per field', () => {
    const error = thrown(() =>
      parseEnvelope(
        400,
        failure('VALIDATION_ERROR', 'Request body is invalid', {
          issues: [
            { field: 'name', message: 'is required' },
            { field: 'purchasePrice', message: 'must not be negative' },
            { field: 'purchasePrice', message: 'second message is ignored' },
          ],
        }),
        { authenticated: true },
      ),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', status: 400, message: 'Request body is invalid', requestId: 'req-1' });
    expect((error as ApiError).fieldErrors).toEqual({ name: 'is required', purchasePrice: 'must not be negative' });
  });

  it('maps a 401 on a signed-in call to "session expired"', () => {
    const error = thrown(() => parseEnvelope(401, failure('UNAUTHORIZED', 'A valid access token is required'), { authenticated: true }));
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect((error as ApiError).message).toBe(SESSION_EXPIRED_MESSAGE);
  });

  it('keeps a 401 without a session (wrong password) as the API said it', () => {
    const error = thrown(() => parseEnvelope(401, failure('UNAUTHORIZED', 'Email or password is incorrect'), { authenticated: false }));
    expect(error).not.toBeInstanceOf(SessionExpiredError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401, message: 'Email or password is incorrect' });
  });

  it.each([
    [404, 'NOT_FOUND', 'No property with this id'],
    [409, 'CONFLICT', 'An account with this email already exists'],
    [429, 'RATE_LIMITED', 'Too many attempts; wait a few minutes and try again'],
    [503, 'UNAVAILABLE', 'The database is unavailable, try again shortly'],
  ])('keeps HTTP %d %s with its message', (status, code, message) => {
    expect(thrown(() => parseEnvelope(status, failure(code, message), { authenticated: true }))).toMatchObject({ code, status, message, fieldErrors: {} });
  });

  it('reports an answer that is not an envelope (a proxy error page)', () => {
    const error = thrown(() => parseEnvelope(502, undefined, { authenticated: true, requestId: 'mine' }));
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', status: 502, requestId: 'mine' });
    expect(thrown(() => parseEnvelope(200, { hello: 'world' }, { authenticated: false }))).toMatchObject({ code: 'BAD_RESPONSE', status: 502 });
  });
});

describe('fieldErrorsFrom', () => {
  it('splits multi-field issues and ignores malformed entries', () => {
    expect(fieldErrorsFrom({ issues: [{ field: 'a,b', message: 'unknown fields: a, b' }, { field: 1, message: 'x' }, null, 'x'] })).toEqual({
      a: 'unknown fields: a, b',
      b: 'unknown fields: a, b',
    });
    expect(fieldErrorsFrom(null)).toEqual({});
    expect(fieldErrorsFrom({ issues: 'nope' })).toEqual({});
  });
});

describe('unreachable and describeError', () => {
  it('tells a time-out from a refused connection', () => {
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    expect(unreachable(timeout, 8000, 'r')).toMatchObject({ code: 'UNAVAILABLE', status: 504, message: expect.stringContaining('within 8 s'), requestId: 'r' });
    expect(unreachable(new TypeError('fetch failed'), 8000)).toMatchObject({
      code: 'UNAVAILABLE',
      status: 503,
      message: expect.stringContaining('could not be reached'),
    });
  });
  it('describes any error for people without leaking internals', () => {
    expect(describeError(new ApiError({ code: 'INTERNAL', status: 500, message: 'Something broke', requestId: 'abc' }))).toEqual({
      message: 'Something broke',
      requestId: 'abc',
    });
    expect(describeError(new Error('ECONNREFUSED 10.0.0.1:5432'))).toEqual({ message: 'Something went wrong on our side. Please try again.', requestId: null });
  });
});
