// GET /api/health (readiness: 200 pass/warn, 503 fail) and GET /api/health/live (liveness: 200 while
// the process runs). Render uses /api/health for both, so a failing database takes the instance out
// of rotation without restarting it.
//
// Probes arrive every few seconds from every load balancer, forever: app.ts mounts these first, after only the
// request id, the security headers and the shutdown's Connection: close, ahead of the request logger and CORS
// (a probe is never logged, nor called from a browser). Each answers with one writeHead + end.
import { HEALTH_CHECKS } from '@monitrax/contract/health';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Lifecycle } from '../lifecycle/lifecycle.ts';
import { loggableReason, runWithTimeout, worstOf, type CheckResult, type CheckFailureLog, type HealthCheck } from './checks.ts';

export interface HealthInfo {
  version: string;
  releaseId: string | undefined;
}

/** Answers one probe (Express handler; the headers set by the middleware before it go out with it). */
export type ProbeHandler = (req: Request, res: Response) => void | Promise<void>;

export interface HealthHandlers {
  readiness: ProbeHandler;
  liveness: ProbeHandler;
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

export function healthRoutes(deps: { checks: readonly HealthCheck[]; lifecycle: Lifecycle; info: HealthInfo; logger?: Logger }): HealthHandlers {
  const logFailure = failureLog(deps.logger);
  const base = {
    version: deps.info.version,
    ...(deps.info.releaseId ? { releaseId: deps.info.releaseId } : {}),
    serviceId: 'monitrax-api',
    description: 'Monitrax API',
  };

  const readiness: ProbeHandler = async (_req, res) => {
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

  const liveness: ProbeHandler = (_req, res) => {
    send(res, 200, { status: 'pass', ...base });
  };

  return { readiness, liveness };
}
