// The web server's log lines, structured like the API's and the worker's (pino's JSON: a numeric level, an ISO time,
// the service, the message) and carrying the trace and span ids of the request they are written in, when telemetry
// is on. Hand-written rather than pino: a few lines of JSON need no transport, and this runs wherever Next runs.
import { logFields } from '@monitrax/telemetry/log-fields';

const LEVELS = { info: 30, warn: 40, error: 50 } as const;

export function log(level: keyof typeof LEVELS, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level: LEVELS[level], time: new Date().toISOString(), service: 'monitrax-web', ...logFields(), ...fields, msg });
  if (level === 'info') console.log(line);
  else if (level === 'warn') console.warn(line);
  else console.error(line);
}
