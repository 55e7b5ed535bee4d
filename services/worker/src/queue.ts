// pg-boss on the application's PostgreSQL, in a schema of its own (pgboss), so neither Prisma's diff nor the drift
// check ever sees its tables. One queue per job with the `stately` policy: at most one job waiting and one running
// per queue, across every worker, so the catch-up at each start, the cron and `npm run job` collapse into one run
// instead of piling up. Jobs are retried with backoff when a worker dies or the job fails; every job is idempotent.
import { jobTracing } from '@monitrax/telemetry/job-tracing';
import { PgBoss, type Queue } from 'pg-boss';
import { JOB_NAMES } from './jobs/registry.ts';

export const QUEUE_SCHEMA = 'pgboss';

/** How worker processes appear in pg-boss's instance registry (what the API's `worker` check counts). */
export const WORKER_INSTANCE_NAME = 'monitrax-worker';

const QUEUE_OPTIONS = {
  policy: 'stately',
  retryLimit: 5,
  retryDelay: 10,
  retryBackoff: true,
  // A job still active this long after it started is taken to be lost and retried (the snapshot takes seconds).
  expireInSeconds: 15 * 60,
  // Finished jobs are kept two days: enough to see what ran last, little for the status reader to page through.
  deleteAfterSeconds: 2 * 24 * 60 * 60,
} satisfies Omit<Queue, 'name'>;

export type QueueClientRole = { role: 'worker'; heartbeatSeconds: number } | { role: 'one-off' };

export function createQueueClient(databaseUrl: string, options: QueueClientRole): PgBoss {
  const worker = options.role === 'worker';
  return new PgBoss({
    connectionString: databaseUrl,
    schema: QUEUE_SCHEMA,
    application_name: worker ? WORKER_INSTANCE_NAME : 'monitrax-job-cli',
    // The worker schedules, maintains and registers itself (its heartbeat is what the API's check reads); a one-off
    // client (`npm run job`) does none of these, so it never counts as a worker.
    schedule: worker,
    supervise: worker,
    registerInstance: worker,
    // A job runs in the trace that queued it (@monitrax/telemetry/job-tracing; nothing is stored with telemetry off).
    openTelemetry: jobTracing,
    ...(options.role === 'worker'
      ? { instanceName: WORKER_INSTANCE_NAME, instanceHeartbeatSeconds: options.heartbeatSeconds, superviseIntervalSeconds: options.heartbeatSeconds }
      : {}),
  });
}

/**
 * Creates the missing queues. The worker also passes its settings, which are applied to existing queues (a one-off
 * client leaves them as the workers set them, and a queue it creates gets them at the next worker start): jobs sent
 * from then on carry the heartbeat, so a job whose worker dies mid-run is retried one heartbeat after its last one
 * rather than after expireInSeconds. Only a worker recreates a queue of an earlier policy.
 */
export async function ensureQueues(boss: PgBoss, worker?: { heartbeatSeconds: number; log: (line: string) => void }): Promise<void> {
  const options = { ...QUEUE_OPTIONS, ...(worker ? { heartbeatSeconds: worker.heartbeatSeconds } : {}) };
  const { policy: _policy, ...updatable } = options;
  for (const name of JOB_NAMES) {
    const existing = await boss.getQueue(name);
    // pg-boss cannot change a queue's policy; a queue made with another one (an earlier build) is made again. Its
    // jobs go with it, which loses nothing: every job is idempotent and the worker queues a catch-up at start.
    if (existing && existing.policy !== QUEUE_OPTIONS.policy && !worker) continue; // a worker will recreate it
    if (existing && existing.policy !== QUEUE_OPTIONS.policy) {
      worker?.log(`queue ${name} had policy ${existing.policy}; recreating it as ${QUEUE_OPTIONS.policy}`);
      await boss.deleteQueue(name);
    }
    if (!existing || existing.policy !== QUEUE_OPTIONS.policy) await boss.createQueue(name, options);
    else if (worker) await boss.updateQueue(name, updatable);
  }
}
