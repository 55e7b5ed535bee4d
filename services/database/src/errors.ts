// Recognises database failures by what they mean for the caller, whichever layer reports them:
// Prisma's known-request codes, the driver adapter's error kinds, or raw pg/socket codes.
// Prisma wraps adapter errors, so we walk the `cause` chain rather than trusting the outer type; a known-request
// error (e.g. P2039) carries the driver's error in `meta.driverAdapterError` instead, so that link is walked too
// (seen when PostgreSQL restarts under load: SQLSTATE 57P01 arrives that way).

const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
const UNAVAILABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'the database system is shutting down',
  'the database system is starting up',
  "Can't reach database server",
  // node-postgres, for a pooled client whose connection broke (seen inside an interactive transaction while
  // PostgreSQL restarted under load): the client is dead, the database may be back a moment later.
  'has encountered a connection error and is not queryable',
];

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  meta?: { driverAdapterError?: unknown; code?: unknown; message?: unknown };
  originalMessage?: unknown;
}

function* chain(error: unknown): Generator<ErrorLike> {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth += 1) {
    const link = current as ErrorLike;
    yield link;
    current = link.cause ?? (typeof link.meta === 'object' && link.meta ? link.meta.driverAdapterError : undefined);
  }
}

function codeOf(link: ErrorLike): string | undefined {
  return typeof link.code === 'string' ? link.code : typeof link.originalCode === 'string' ? link.originalCode : undefined;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const link of chain(error)) {
    const code = codeOf(link);
    if (code && (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
    // SQLSTATE class 08 (connection exception) and 57P0x (admin shutdown, crash, cannot connect now).
    if (code && /^(08...|57P0[1-4])$/.test(code)) return true;
    if (typeof link.kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(link.kind)) return true;
    if (link.name === 'PrismaClientInitializationError') return true;
    const message = typeof link.message === 'string' ? link.message : '';
    if (UNAVAILABLE_MESSAGES.some((fragment) => message.includes(fragment))) return true;
  }
  return false;
}

/** Prisma P2025: an update/delete whose where clause (id AND userId) matched nothing. */
export function isRecordNotFound(error: unknown): boolean {
  return [...chain(error)].some((link) => codeOf(link) === 'P2025');
}

/** Prisma P2003 / PostgreSQL 23503: a row names another that is not there (deleted meanwhile). */
export function isForeignKeyViolation(error: unknown): boolean {
  return [...chain(error)].some((link) => codeOf(link) === 'P2003' || codeOf(link) === '23503' || link.kind === 'ForeignKeyConstraintViolation');
}

export function isUniqueViolation(error: unknown): boolean {
  return [...chain(error)].some((link) => codeOf(link) === 'P2002' || codeOf(link) === '23505' || link.kind === 'UniqueConstraintViolation');
}

/** PostgreSQL's own SQLSTATE and message behind an error from any layer (the driver adapter keeps them as
 * originalCode/originalMessage; a raw query's known-request error as meta.code/meta.message); undefined when none. */
export function postgresErrorOf(error: unknown): { sqlState: string; message: string } | undefined {
  for (const link of chain(error)) {
    if (typeof link.originalCode === 'string') {
      return { sqlState: link.originalCode, message: typeof link.originalMessage === 'string' ? link.originalMessage : String(link.message ?? '') };
    }
    const meta = link.meta;
    if (meta && typeof meta.code === 'string' && /^[0-9A-Z]{5}$/.test(meta.code)) {
      return { sqlState: meta.code, message: typeof meta.message === 'string' ? meta.message : String(link.message ?? '') };
    }
  }
  return undefined;
}

/** SQLSTATE class 22 (data exception: numeric overflow, division by zero, ...) or 23 (integrity constraint): the
 * rows a statement read or wrote are the problem, not the database, so the same statement fails again for them. */
export function isDataError(error: unknown): boolean {
  const sqlState = postgresErrorOf(error)?.sqlState;
  return sqlState !== undefined && /^2[23]/.test(sqlState);
}
