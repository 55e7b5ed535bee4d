// Structured JSON logs (pino). Secrets never reach a log line: auth headers, cookies, passwords and
// tokens are redacted by path, and connection strings are masked before they are logged.
import { pino, type Logger, type LoggerOptions } from 'pino';
import { INTERNAL_SECRET_HEADER } from '@monitrax/contract/headers';
import { logFields } from '@monitrax/telemetry/log-fields';

export { maskDatabaseUrl } from '@monitrax/database/url';

export type { Logger };

/** Every field that can hold a secret, wherever a log line carries it (a request's headers, a body, a config). */
const SECRET_FIELDS = ['password', 'currentPassword', 'newPassword', 'passwordHash', 'token', 'jwtSecret', 'internalApiSecret', 'databaseUrl'];

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  `req.headers["${INTERNAL_SECRET_HEADER.toLowerCase()}"]`,
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  const loggerOptions: LoggerOptions = {
    level: options.level,
    base: { service: 'monitrax-api' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // trace_id and span_id of the span the line is written in (none when telemetry is off): a line leads to its trace.
    mixin: logFields,
  };
  return options.destination ? pino(loggerOptions, options.destination) : pino(loggerOptions);
}
