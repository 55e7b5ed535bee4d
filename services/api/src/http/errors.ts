// Typed API errors. Each code has exactly one HTTP status (the contract package's ERROR_STATUS); the
// error middleware turns any of these into the envelope, and anything else into a bare INTERNAL.

import { ERROR_STATUS, type ErrorCode, type FieldIssue } from '@monitrax/contract/envelope';

export type { FieldIssue };

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = details ?? null;
  }
}

export const validationError = (issues: readonly FieldIssue[], message = 'Request validation failed') => new ApiError('VALIDATION_ERROR', message, { issues });
export const unauthorized = (message = 'Authentication required') => new ApiError('UNAUTHORIZED', message);
export const notFound = (message = 'Not found') => new ApiError('NOT_FOUND', message);
export const conflict = (message: string) => new ApiError('CONFLICT', message);
export const unavailable = (message = 'Service temporarily unavailable, try again shortly') => new ApiError('UNAVAILABLE', message);
