// The one response shape every API endpoint uses (except health, which speaks application/health+json):
// { success, data, error: null | {code, message, details}, meta: {timestamp, durationMs, requestId, ...} }

/** Each error code has exactly one HTTP status (docs/architecture.md: fixed contracts). */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One entry of a VALIDATION_ERROR's details.issues[]; `field` may name several ("a,b") when an issue is about all of them. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
}

export interface Meta {
  timestamp: string;
  durationMs: number;
  requestId: string;
  pagination?: Pagination;
  [extra: string]: unknown;
}

export interface EnvelopeError {
  code: ErrorCode;
  message: string;
  details: unknown;
}

export interface Envelope<T> {
  success: boolean;
  data: T | null;
  error: EnvelopeError | null;
  meta: Meta;
}
