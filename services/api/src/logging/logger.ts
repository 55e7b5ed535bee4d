// Structured JSON logs (pino). Secrets never reach a log line: auth headers, cookies, passwords and
// tokens are redacted by path, and connection strings are masked before they are logged.
import { pino, type Logger, type LoggerOptions } from 'pino';

export { maskDatabaseUrl } from '@monitrax/database/url';

export type { Logger };

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.jwtSecret',
  '*.databaseUrl',
  'password',
  'token',
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  const loggerOptions: LoggerOptions = {
    level: options.level,
    base: { service: 'monitrax-api' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(loggerOptions, options.destination) : pino(loggerOptions);
}
