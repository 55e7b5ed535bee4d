// GET /api/health (readiness: 200 pass/warn, 503 fail) and GET /api/health/live (liveness: 200 while
// the process runs). Render uses /api/health for both, so a failing database takes the instance out
// of rotation without restarting it.
import { Router, type Response } from 'express';
import type { Lifecycle } from '../lifecycle/lifecycle.ts';
import { runWithTimeout, worstOf, type CheckResult, type HealthCheck } from './checks.ts';
import { HEALTH_PATHS } from './paths.ts';

/** The liveness route inside this router, which app.ts mounts at HEALTH_PATHS.readiness. */
const LIVENESS_SUBPATH = HEALTH_PATHS.liveness.slice(HEALTH_PATHS.readiness.length);

export interface HealthInfo {
  version: string;
  releaseId: string | undefined;
}

const startedAt = Date.now();

function send(res: Response, status: number, body: object) {
  res.status(status).type('application/health+json').set('Cache-Control', 'no-store').send(JSON.stringify(body));
}

export function healthRoutes(deps: { checks: readonly HealthCheck[]; lifecycle: Lifecycle; info: HealthInfo }): Router {
  const router = Router();
  const base = () => ({
    version: deps.info.version,
    ...(deps.info.releaseId ? { releaseId: deps.info.releaseId } : {}),
    serviceId: 'monitrax-api',
    description: 'Monitrax API',
  });

  router.get('/', async (_req, res) => {
    const uptime: CheckResult = {
      componentType: 'system',
      status: 'pass',
      observedValue: Math.round((Date.now() - startedAt) / 1000),
      observedUnit: 's',
      time: new Date().toISOString(),
    };
    if (deps.lifecycle.shuttingDown) {
      send(res, 503, { status: 'fail', ...base(), output: 'shutting down', checks: { uptime: [uptime] } });
      return;
    }
    const results = await Promise.all(deps.checks.map(async (check) => [check.name, await runWithTimeout(check)] as const));
    const status = worstOf(results.map(([, result]) => result.status));
    const checks = Object.fromEntries([...results.map(([name, result]) => [name, [result]]), ['uptime', [uptime]]]);
    send(res, status === 'fail' ? 503 : 200, { status, ...base(), checks });
  });

  router.get(LIVENESS_SUBPATH, (_req, res) => {
    send(res, 200, { status: 'pass', ...base() });
  });

  return router;
}
