// Health checks in the shape of the IETF "Health Check Response Format for HTTP APIs" draft
// (application/health+json; the entry's shape is the contract's). Each check has a hard time limit
// (CHECK_TIMEOUT_MS) so the endpoint answers even when the database hangs, well inside Render's 5 s timeout.

import { type CheckResult, HEALTH_CHECKS, type HealthStatus } from '@monitrax/contract/health';

export type { CheckResult };

export interface HealthCheck {
  /** Key in the document's `checks`, e.g. "postgresql:responseTime". */
  name: string;
  run(): Promise<CheckResult>;
}

export const CHECK_TIMEOUT_MS = 1_500;
export const SLOW_DATABASE_MS = 500;

/** Where a failed check's full reason goes (the API log); the public document gets only a hint. */
export type CheckFailureLog = (checkName: string, error: unknown) => void;

/** Resolves with the check's result, or a `fail` result once `timeoutMs` has passed. */
export async function runWithTimeout(check: HealthCheck, timeoutMs = CHECK_TIMEOUT_MS, logFailure: CheckFailureLog = () => {}): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ componentType: 'component', status: 'fail', time: new Date().toISOString(), output: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      // Through a promise, so that a check that throws before it returns one is a `fail` like any other.
      Promise.resolve()
        .then(() => check.run())
        .catch((error: unknown): CheckResult => {
          logFailure(check.name, error);
          return { componentType: 'component', status: 'fail', time: new Date().toISOString(), output: publicHint(error) };
        }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Driver error codes (node's and PostgreSQL's SQLSTATE) a visitor may read about; anything else stays generic. */
const HINTS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  '28P01': 'authentication failed',
  '28000': 'authentication failed',
  '3D000': 'database does not exist',
  '57P01': 'server shutting down',
  '57P03': 'server starting up',
  '53300': 'too many connections',
};

/**
 * What /api/health and the public status page say about a failure: a short hint and where the detail is. The
 * driver's or Prisma's text can carry SQL, table names, hosts and user names, so it only goes to the log.
 */
export function publicHint(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const hint = typeof code === 'string' && HINTS[code] ? HINTS[code] : 'check failed';
  return `${hint} (the API log has the detail)`;
}

/** A failure's text as the log gets it: its first line, without connection strings. */
export function loggableReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n').find((line) => line.trim().length > 0) ?? 'check failed';
  return firstLine.replace(/postgres(ql)?:\/\/[^\s]+/g, '[connection string]').slice(0, 500);
}

/** PostgreSQL round trip (`SELECT 1`) and its latency. */
export function databaseCheck(ping: () => Promise<unknown>): HealthCheck {
  return {
    name: HEALTH_CHECKS.database,
    async run() {
      const started = performance.now();
      await ping();
      const latencyMs = Math.round((performance.now() - started) * 100) / 100;
      return {
        componentType: 'datastore',
        componentId: 'postgresql',
        status: latencyMs > SLOW_DATABASE_MS ? 'warn' : 'pass',
        observedValue: latencyMs,
        observedUnit: 'ms',
        time: new Date().toISOString(),
        ...(latencyMs > SLOW_DATABASE_MS ? { output: `slow round trip (> ${SLOW_DATABASE_MS} ms)` } : {}),
      };
    },
  };
}

export function worstOf(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'pass';
  for (const status of statuses) {
    if (status === 'fail') return 'fail';
    if (status === 'warn') worst = 'warn';
  }
  return worst;
}
