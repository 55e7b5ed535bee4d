// pg-boss on the application's PostgreSQL, in a schema of its own (pgboss), so neither Prisma's diff nor the drift
// check ever sees its tables. One queue per job: singleton policy (at most one active job per queue, across every
// worker), retried with backoff when a worker dies or the job fails; every job is idempotent.
import { PgBoss } from 'pg-boss';
import { JOB_NAMES } from './jobs/registry.ts';

export const QUEUE_SCHEMA = 'pgboss';

export function createQueueClient(databaseUrl: string, options: { maintenance: boolean }): PgBoss {
  return new PgBoss({
    connectionString: databaseUrl,
    schema: QUEUE_SCHEMA,
    application_name: 'monitrax-worker',
    // A one-off client (`npm run job`) neither schedules nor maintains; the worker does both.
    schedule: options.maintenance,
    supervise: options.maintenance,
  });
}

export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const name of JOB_NAMES) {
    await boss.createQueue(name, { policy: 'singleton', retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 15 * 60 });
  }
}
