// The handlers of the contract's probe routes: health.readiness (GET /api/health: 200 pass/warn, 503 fail) and
// health.liveness (GET /api/health/live, Render's health check).
//
// Liveness answers 503 until this process has reached its database once, and 200 from then on, whatever the
// database does. Render moves traffic to a new instance when its check passes, and restarts an instance whose check
// fails for a minute: a new release that cannot reach its database never takes traffic from the one serving, while
// a running instance waits out a database outage (readiness 503, writes 503 UNAVAILABLE) and recovers in place
// instead of being restarted into an outage it cannot fix (docs/operations.md: Health checks on Render).
//
// Probes arrive every few seconds from every load balancer, forever: app.ts mounts them first, after only the
// request id, the security headers and the shutdown's Connection: close, ahead of the request logger and CORS
// (a probe is never logged, nor called from a browser). Each answers with one writeHead + end.
import { HEALTH_CHECKS } from '@monitrax/contract/health';
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { Handlers, RouteHandler } from '../http/route-table.ts';
import type { Lifecycle } from '../lifecycle/lifecycle.ts';
import { loggableReason, runWithTimeout, worstOf, type CheckResult, type CheckFailureLog, type HealthCheck } from './checks.ts';

export interface HealthInfo {
  version: string;
  releaseId: string | undefined;
}

const startedAt = Date.now();

function send(res: Response, status: number, body: object) {
  const text = JSON.stringify(body);
  res
    .writeHead(status, {
      'Content-Type': 'application/health+json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-store',
    })
    .end(text);
}

/** Logs a failing check's reason when it changes, not on every probe of an outage. */
function failureLog(logger: Logger | undefined): CheckFailureLog {
  const lastReason = new Map<string, string>();
  return (checkName, error) => {
    const reason = loggableReason(error);
    if (lastReason.get(checkName) === reason) return;
    lastReason.set(checkName, reason);
    logger?.error({ check: checkName, reason }, `health check ${checkName} failed`);
  };
}

export function healthHandlers(deps: {
  /** The database round trip: part of readiness, and what liveness waits for once. */
  database: HealthCheck;
  /** The other readiness checks. */
  checks: readonly HealthCheck[];
  lifecycle: Lifecycle;
  info: HealthInfo;
  logger?: Logger;
}): Handlers<'health.readiness' | 'health.liveness'> {
  const logFailure = failureLog(deps.logger);
  const readinessChecks = [deps.database, ...deps.checks];
  let reachedDatabase = false;
  const base = {
    version: deps.info.version,
    ...(deps.info.releaseId ? { releaseId: deps.info.releaseId } : {}),
    serviceId: 'monitrax-api',
    description: 'Monitrax API',
  };

  const readiness: RouteHandler<'health.readiness'> = async (_req, res) => {
    const uptime: CheckResult = {
      componentType: 'system',
      status: 'pass',
      observedValue: Math.round((Date.now() - startedAt) / 1000),
      observedUnit: 's',
      time: new Date().toISOString(),
    };
    if (deps.lifecycle.shuttingDown) {
      send(res, 503, { status: 'fail', ...base, output: 'shutting down', checks: { [HEALTH_CHECKS.uptime]: [uptime] } });
      return;
    }
    const results = await Promise.all(readinessChecks.map(async (check) => [check.name, await runWithTimeout(check, undefined, logFailure)] as const));
    if (results[0]?.[1].status !== 'fail') reachedDatabase = true;
    const status = worstOf(results.map(([, result]) => result.status));
    const checks = Object.fromEntries([...results.map(([name, result]) => [name, [result]]), [HEALTH_CHECKS.uptime, [uptime]]]);
    send(res, status === 'fail' ? 503 : 200, { status, ...base, checks });
  };

  const liveness: RouteHandler<'health.liveness'> = async (_req, res) => {
    if (!reachedDatabase) {
      const database = await runWithTimeout(deps.database, undefined, logFailure);
      if (database.status === 'fail') {
        send(res, 503, { status: 'fail', ...base, output: 'starting: the database has not answered yet', checks: { [deps.database.name]: [database] } });
        return;
      }
      reachedDatabase = true;
    }
    send(res, 200, { status: 'pass', ...base });
  };

  return { 'health.readiness': readiness, 'health.liveness': liveness };
}
