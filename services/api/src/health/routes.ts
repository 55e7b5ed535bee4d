// The handlers of the contract's probe routes: health.readiness (GET /api/health: 200 pass/warn, 503 fail) and
// health.liveness (GET /api/health/live: 200 while the process runs).
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
  checks: readonly HealthCheck[];
  lifecycle: Lifecycle;
  info: HealthInfo;
  logger?: Logger;
}): Handlers<'health.readiness' | 'health.liveness'> {
  const logFailure = failureLog(deps.logger);
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
    const results = await Promise.all(deps.checks.map(async (check) => [check.name, await runWithTimeout(check, undefined, logFailure)] as const));
    const status = worstOf(results.map(([, result]) => result.status));
    const checks = Object.fromEntries([...results.map(([name, result]) => [name, [result]]), [HEALTH_CHECKS.uptime, [uptime]]]);
    send(res, status === 'fail' ? 503 : 200, { status, ...base, checks });
  };

  const liveness: RouteHandler<'health.liveness'> = (_req, res) => {
    send(res, 200, { status: 'pass', ...base });
  };

  return { 'health.readiness': readiness, 'health.liveness': liveness };
}
