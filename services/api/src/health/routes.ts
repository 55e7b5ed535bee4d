// GET /api/health (readiness: 200 pass/warn, 503 fail) and GET /api/health/live (liveness: 200 while
// the process runs). Render uses /api/health for both, so a failing database takes the instance out
// of rotation without restarting it.
//
// Probes arrive every few seconds from every load balancer, forever, so they are plain node:http handlers that
// answer with one writeHead + end: health/probes-first.ts runs them before Express sees the request (a probe is
// never logged, nor called from a browser, and needs none of res.send's content negotiation). make bench
// measures the difference (the ratio to a bare node:http server).
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Lifecycle } from '../lifecycle/lifecycle.ts';
import { loggableReason, runWithTimeout, worstOf, type CheckResult, type CheckFailureLog, type HealthCheck } from './checks.ts';

export interface HealthInfo {
  version: string;
  releaseId: string | undefined;
}

/** Answers one probe; `headers` go out with it (the request id, the security headers). */
export type ProbeHandler = (req: IncomingMessage, res: ServerResponse, headers: OutgoingHttpHeaders) => void | Promise<void>;

export interface HealthHandlers {
  readiness: ProbeHandler;
  liveness: ProbeHandler;
}

const startedAt = Date.now();

function send(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: object) {
  const text = JSON.stringify(body);
  res
    .writeHead(status, {
      ...headers,
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

  const readiness: ProbeHandler = async (_req, res, headers) => {
    const uptime: CheckResult = {
      componentType: 'system',
      status: 'pass',
      observedValue: Math.round((Date.now() - startedAt) / 1000),
      observedUnit: 's',
      time: new Date().toISOString(),
    };
    if (deps.lifecycle.shuttingDown) {
      send(res, 503, headers, { status: 'fail', ...base, output: 'shutting down', checks: { uptime: [uptime] } });
      return;
    }
    const results = await Promise.all(deps.checks.map(async (check) => [check.name, await runWithTimeout(check, undefined, logFailure)] as const));
    const status = worstOf(results.map(([, result]) => result.status));
    const checks = Object.fromEntries([...results.map(([name, result]) => [name, [result]]), ['uptime', [uptime]]]);
    send(res, status === 'fail' ? 503 : 200, headers, { status, ...base, checks });
  };

  const liveness: ProbeHandler = (_req, res, headers) => {
    send(res, 200, headers, { status: 'pass', ...base });
  };

  return { readiness, liveness };
}
