// The API's response envelope and its errors, as the web server sees them. Pure (no fetch, no Next.js),
// so the mapping rules are unit-tested: { success, data, error: null | {code, message, details}, meta }.

import type { Envelope as ContractEnvelope, Meta, Pagination } from '@monitrax/contract/envelope';

export type { Pagination };

/** The envelope's meta as the web reads it: every field may be missing from an answer it did not expect. */
export type ApiMeta = Partial<Meta>;

/** The contract's envelope (services/contract/src/envelope.ts), as received: checked by isEnvelope before use. */
export type Envelope<T = unknown> = Omit<ContractEnvelope<T>, 'meta'> & { meta: ApiMeta };

export interface ApiResult<T> {
  data: T;
  meta: ApiMeta;
}

export type FieldErrors = Readonly<Record<string, string>>;

/** What people see when the API refuses a session token (expired, signed with an old key, user deleted). */
export const SESSION_EXPIRED_MESSAGE = 'Your session has expired. Please sign in again.';

export class ApiError extends Error {
  /** The API's error code (VALIDATION_ERROR, NOT_FOUND, ...), or UNAVAILABLE / BAD_RESPONSE when it could not answer properly. */
  readonly code: string;
  /** HTTP status of the API's answer (503/504 when it could not be reached). */
  readonly status: number;
  /** VALIDATION_ERROR details.issues[] as field -> message (the first message per field). */
  readonly fieldErrors: FieldErrors;
  /** The X-Request-Id of the call, to quote when reporting a problem. */
  readonly requestId: string | undefined;

  constructor(options: { code: string; status: number; message: string; fieldErrors?: FieldErrors; requestId?: string | undefined }) {
    super(options.message);
    this.name = 'ApiError';
    this.code = options.code;
    this.status = options.status;
    this.fieldErrors = options.fieldErrors ?? {};
    this.requestId = options.requestId;
  }
}

/** A signed-in call answered 401: the session is over; the caller clears the cookie and sends the person to sign in. */
export class SessionExpiredError extends ApiError {
  constructor(requestId?: string) {
    super({ code: 'UNAUTHORIZED', status: 401, message: SESSION_EXPIRED_MESSAGE, requestId });
    this.name = 'SessionExpiredError';
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function isEnvelope(body: unknown): body is Envelope {
  return isRecord(body) && typeof body.success === 'boolean' && 'data' in body && 'error' in body;
}

/** VALIDATION_ERROR `details.issues[]` ({field, message}) -> one message per field. An issue about several
 * fields at once ("a,b": unknown fields) is attached to each of them. */
export function fieldErrorsFrom(details: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!isRecord(details) || !Array.isArray(details.issues)) return errors;
  for (const issue of details.issues) {
    if (!isRecord(issue) || typeof issue.field !== 'string' || typeof issue.message !== 'string') continue;
    for (const field of issue.field.split(',')) {
      const name = field.trim();
      if (name && !(name in errors)) errors[name] = issue.message;
    }
  }
  return errors;
}

/**
 * Turns one HTTP answer of the API into its data, or throws an ApiError.
 * - 401 on a call made with a session token -> SessionExpiredError (401 on sign-in is a wrong password, not an expiry);
 * - an error envelope -> ApiError with the API's code, message and field errors;
 * - anything that is not an envelope (a proxy's HTML 502, an empty body) -> BAD_RESPONSE.
 */
export function parseEnvelope<T>(status: number, body: unknown, options: { requestId?: string; authenticated: boolean }): ApiResult<T> {
  const envelope = isEnvelope(body) ? body : undefined;
  const requestId = (envelope && typeof envelope.meta?.requestId === 'string' ? envelope.meta.requestId : undefined) ?? options.requestId;

  if (status === 401 && options.authenticated) throw new SessionExpiredError(requestId);

  if (envelope?.success === true && status >= 200 && status < 300) {
    return { data: envelope.data as T, meta: isRecord(envelope.meta) ? envelope.meta : {} };
  }
  if (envelope && envelope.success === false && isRecord(envelope.error)) {
    const { code, message, details } = envelope.error;
    throw new ApiError({
      code: typeof code === 'string' ? code : 'INTERNAL',
      status,
      message: typeof message === 'string' && message ? message : `The API refused the request (HTTP ${status})`,
      fieldErrors: fieldErrorsFrom(details),
      requestId,
    });
  }
  throw new ApiError({
    code: 'BAD_RESPONSE',
    status: status >= 400 ? status : 502,
    message: `The Monitrax API gave an unexpected answer (HTTP ${status}). Please try again shortly.`,
    requestId,
  });
}

/** A failed fetch (network error or time-out) as an ApiError. */
export function unreachable(error: unknown, timeoutMs: number, requestId?: string): ApiError {
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  return new ApiError({
    code: 'UNAVAILABLE',
    status: timedOut ? 504 : 503,
    message: timedOut
      ? `The Monitrax API did not answer within ${Math.round(timeoutMs / 100) / 10} s. Please try again shortly.`
      : 'The Monitrax API could not be reached. Please try again shortly.',
    requestId,
  });
}

/** A one-line message for people, with the request id when there is one. */
export function describeError(error: unknown): { message: string; requestId: string | null } {
  if (error instanceof ApiError) return { message: error.message, requestId: error.requestId ?? null };
  return { message: 'Something went wrong on our side. Please try again.', requestId: null };
}
