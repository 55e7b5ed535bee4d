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
//
// Anyone may ask, so the public document says only how each check stands (and a hint when it is not passing): no
// version, release, uptime, queue or schema detail. A request carrying INTERNAL_API_SECRET (the web's status page,
// an operator) gets the whole document. Readiness is worked out at most once per `cacheMs` whoever asks, and probes
// arriving meanwhile share that answer, so probes cannot load the database.
import { HEALTH_ANSWER_CACHE_MS, HEALTH_CHECKS, publicCheck } from '@monitrax/contract/health';
import type { Request, Response } from 'express';
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

type Evaluation = { shuttingDown: true } | { shuttingDown: false; status: CheckResult['status']; results: (readonly [string, CheckResult])[] };

export function healthHandlers(deps: {
  /** The database round trip: part of readiness, and what liveness waits for once. */
  database: HealthCheck;
  /** The other readiness checks. */
  checks: readonly HealthCheck[];
  lifecycle: Lifecycle;
  info: HealthInfo;
  /** Whether a request may see the detailed document (it carries INTERNAL_API_SECRET). */
  seesDetails: (req: Request) => boolean;
  logger?: Logger;
  cacheMs?: number;
}): Handlers<'health.readiness' | 'health.liveness'> {
  const logFailure = failureLog(deps.logger);
  const readinessChecks = [deps.database, ...deps.checks];
  const cacheMs = deps.cacheMs ?? HEALTH_ANSWER_CACHE_MS;
  let reachedDatabase = false;
  const publicBase = { serviceId: 'monitrax-api', description: 'Monitrax API' };
  const detailedBase = {
    version: deps.info.version,
    ...(deps.info.releaseId ? { releaseId: deps.info.releaseId } : {}),
    ...publicBase,
  };

  let latest: { startedAt: number; evaluation: Promise<Evaluation> } | undefined;
  async function evaluateNow(): Promise<Evaluation> {
    if (deps.lifecycle.shuttingDown) return { shuttingDown: true };
    const results = await Promise.all(readinessChecks.map(async (check) => [check.name, await runWithTimeout(check, undefined, logFailure)] as const));
    if (results[0]?.[1].status !== 'fail') reachedDatabase = true;
    return { shuttingDown: false, status: worstOf(results.map(([, result]) => result.status)), results };
  }
  function evaluate(): Promise<Evaluation> {
    const now = performance.now();
    if (!latest || now - latest.startedAt >= cacheMs || deps.lifecycle.shuttingDown) latest = { startedAt: now, evaluation: evaluateNow() };
    return latest.evaluation;
  }

  const readiness: RouteHandler<'health.readiness'> = async (req, res) => {
    const detailed = deps.seesDetails(req);
    const evaluation = await evaluate();
    if (evaluation.shuttingDown) {
      send(res, 503, { status: 'fail', ...(detailed ? detailedBase : publicBase), output: 'shutting down' });
      return;
    }
    const { status, results } = evaluation;
    const httpStatus = status === 'fail' ? 503 : 200;
    if (!detailed) {
      send(res, httpStatus, { status, ...publicBase, checks: Object.fromEntries(results.map(([name, result]) => [name, [publicCheck(result)]])) });
      return;
    }
    const uptime: CheckResult = {
      componentType: 'system',
      status: 'pass',
      observedValue: Math.round((Date.now() - startedAt) / 1000),
      observedUnit: 's',
      time: new Date().toISOString(),
    };
    const checks = Object.fromEntries([...results.map(([name, result]) => [name, [result]]), [HEALTH_CHECKS.uptime, [uptime]]]);
    send(res, httpStatus, { status, ...detailedBase, checks });
  };

  const liveness: RouteHandler<'health.liveness'> = async (req, res) => {
    const base = deps.seesDetails(req) ? detailedBase : publicBase;
    if (!reachedDatabase) {
      const evaluation = await evaluate();
      if (!reachedDatabase) {
        const database = evaluation.shuttingDown ? undefined : evaluation.results[0]?.[1];
        send(res, 503, {
          status: 'fail',
          ...base,
          output: 'starting: the database has not answered yet',
          ...(database ? { checks: { [deps.database.name]: [publicCheck(database)] } } : {}),
        });
        return;
      }
    }
    send(res, 200, { status: 'pass', ...base });
  };

  return { 'health.readiness': readiness, 'health.liveness': liveness };
}
