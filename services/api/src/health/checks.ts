// Health checks in the shape of the IETF "Health Check Response Format for HTTP APIs" draft
// (application/health+json). Each check has a hard time limit so the endpoint answers within
// about 2 s even when the database hangs, well inside Render's 5 s health-check timeout.

export type HealthStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  componentType: string;
  status: HealthStatus;
  time: string;
  observedValue?: number | string;
  observedUnit?: string;
  output?: string;
  [extra: string]: unknown;
}

export interface HealthCheck {
  /** Key in the document's `checks`, e.g. "postgresql:responseTime". */
  name: string;
  run(): Promise<CheckResult>;
}

export const CHECK_TIMEOUT_MS = 1_500;
export const SLOW_DATABASE_MS = 500;

/** Resolves with the check's result, or a `fail` result once `timeoutMs` has passed. */
export async function runWithTimeout(check: HealthCheck, timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckResult> {
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
        .catch(
          (error: unknown): CheckResult => ({
            componentType: 'component',
            status: 'fail',
            time: new Date().toISOString(),
            output: summariseError(error),
          }),
        ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A one-line reason safe to publish: no connection strings, hosts' passwords or stack traces. */
function summariseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n').find((line) => line.trim().length > 0) ?? 'check failed';
  return firstLine.replace(/postgres(ql)?:\/\/[^\s]+/g, '[connection string]').slice(0, 200);
}

/** PostgreSQL round trip (`SELECT 1`) and its latency. */
export function databaseCheck(ping: () => Promise<unknown>): HealthCheck {
  return {
    name: 'postgresql:responseTime',
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
