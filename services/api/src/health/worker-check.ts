// The `worker` readiness check: is a background worker alive, how many jobs wait, and how did the last one end?
// Read from pg-boss's instance registry and jobs (@monitrax/worker's status reader) on an interval, never per probe.
// Never worse than `warn`: the API serves every request without a worker; people should look, not restart the API.
// Render's worker services have no HTTP health check of their own, so this is where a stuck worker shows.
import { HEALTH_CHECKS, type WorkerCheckFields } from '@monitrax/contract/health';
import type { WorkerStatus, WorkerStatusReader } from '@monitrax/worker/status';
import type { Logger } from 'pino';
import { loggableReason, type CheckResult } from './checks.ts';
import { createPeriodicCheck, type PeriodicCheck } from './periodic-check.ts';

const COMPONENT = { componentType: 'component', componentId: 'monitrax-worker' } as const;

/** What the health document says about a worker status read at `now`. */
export function workerCheckResult(status: WorkerStatus, now: Date): CheckResult & Partial<WorkerCheckFields> {
  const time = now.toISOString();
  if (!status.installed) {
    return { ...COMPONENT, status: 'warn', time, observedValue: 0, observedUnit: 'workers', output: 'no worker has started on this database yet' };
  }
  const fields: WorkerCheckFields = {
    queued: status.queued,
    active: status.active,
    failed: status.failed,
    ...(status.lastHeartbeat ? { lastHeartbeat: status.lastHeartbeat.toISOString() } : {}),
    ...(status.lastJob
      ? {
          lastJob: {
            name: status.lastJob.name,
            state: status.lastJob.state,
            time: status.lastJob.at.toISOString(),
            ...(status.lastJob.usersFailed ? { usersFailed: status.lastJob.usersFailed } : {}),
          },
        }
      : {}),
  };
  const result = { ...COMPONENT, time, observedValue: status.liveWorkers, observedUnit: 'workers', ...fields };
  if (status.liveWorkers === 0) {
    const since = status.lastHeartbeat ? `since ${status.lastHeartbeat.toISOString()}` : 'ever';
    return { ...result, status: 'warn', output: `no worker heartbeat ${since}: is the worker running? Its log says why it stopped` };
  }
  if (status.lastJob?.state === 'failed') {
    return {
      ...result,
      status: 'warn',
      output: `the last job, ${status.lastJob.name}, failed for good at ${fields.lastJob?.time}; the worker log has the reason`,
    };
  }
  if (status.lastJob?.usersFailed) {
    return {
      ...result,
      status: 'warn',
      output: `the last job, ${status.lastJob.name}, could not do ${status.lastJob.usersFailed} user(s) at ${fields.lastJob?.time} (everyone else was done); the worker log names them with PostgreSQL's reason`,
    };
  }
  const queue = `${status.queued} queued, ${status.active} running`;
  return {
    ...result,
    status: 'pass',
    output: fields.lastJob ? `${queue}; last job ${fields.lastJob.name} ${fields.lastJob.state} at ${fields.lastJob.time}` : `${queue}; no job has run yet`,
  };
}

export function createWorkerMonitor(options: { reader: WorkerStatusReader; intervalMs: number; logger: Logger }): PeriodicCheck {
  let lastProblem: string | undefined;
  return createPeriodicCheck({
    name: HEALTH_CHECKS.worker,
    initial: { ...COMPONENT, status: 'warn', time: new Date().toISOString(), output: 'worker not checked yet' },
    intervalMs: options.intervalMs,
    async measure() {
      try {
        const result = workerCheckResult(await options.reader.read(), new Date());
        // Said once when it starts, not on every interval of an outage.
        if (result.status !== 'pass' && result.output !== lastProblem) options.logger.warn(`worker check: ${result.output}`);
        lastProblem = result.status === 'pass' ? undefined : result.output;
        return result;
      } catch (error) {
        options.logger.warn({ reason: loggableReason(error) }, 'worker check: could not read the worker state');
        return { ...COMPONENT, status: 'warn', time: new Date().toISOString(), output: "could not read the worker's state (the API log has the detail)" };
      }
    },
  });
}
