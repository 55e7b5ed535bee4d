// What the API's `worker` health check reports, read from pg-boss's own tables through pg-boss (its instance
// registry and its jobs), so the API needs no knowledge of pg-boss's table layout. The reader is a pg-boss client
// that only reads: it creates and migrates nothing, schedules and supervises nothing, takes no job and does not
// register itself as an instance, on one pooled connection.
import { PgBoss } from 'pg-boss';
import { JOB_NAMES, type JobOutput } from './jobs/registry.ts';
import { QUEUE_SCHEMA, WORKER_INSTANCE_NAME } from './queue.ts';

export interface LastJob {
  name: string;
  /** pg-boss's state: completed, failed, cancelled (or active when only a running job exists). */
  state: string;
  /** When it ended (or started, while active). */
  at: Date;
  /** Users a completed job could not do (its output's usersFailed); 0 when it says none. */
  usersFailed: number;
}

export interface WorkerStatus {
  /** False until a worker has started on this database once (pg-boss's schema is missing). */
  installed: boolean;
  /** Worker processes heard from within pg-boss's liveness window (three missed heartbeats). */
  liveWorkers: number;
  /** The newest heartbeat of any worker, live or not; null when none ever registered. */
  lastHeartbeat: Date | null;
  /** Jobs waiting (created or waiting to retry), running, and failed for good (still retained). */
  queued: number;
  active: number;
  failed: number;
  lastJob: LastJob | null;
}

export interface WorkerStatusReader {
  read(): Promise<WorkerStatus>;
  close(): Promise<void>;
}

const NOT_INSTALLED: WorkerStatus = { installed: false, liveWorkers: 0, lastHeartbeat: null, queued: 0, active: 0, failed: 0, lastJob: null };
const PAGE = 1_000;
const FINISHED = new Set(['completed', 'failed', 'cancelled']);

const usersFailedOf = (output: unknown) => {
  const count = output && typeof output === 'object' ? (output as JobOutput).usersFailed : undefined;
  return typeof count === 'number' && Number.isInteger(count) && count > 0 ? count : 0;
};

/** pg-boss says so in its error's message, the only place it does (it has no error codes). */
const isNotInstalled = (error: unknown) => error instanceof Error && error.message.startsWith('pg-boss is not installed');

export function createWorkerStatusReader(databaseUrl: string, options: { applicationName?: string } = {}): WorkerStatusReader {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: QUEUE_SCHEMA,
    application_name: options.applicationName ?? 'monitrax-worker-status',
    max: 1,
    migrate: false,
    createSchema: false,
    schedule: false,
    supervise: false,
    registerInstance: false,
  });
  // Errors reach read()'s caller; an unhandled 'error' event would end the process that embeds the reader.
  boss.on('error', () => {});
  let started = false;

  async function ensureStarted(): Promise<boolean> {
    if (started) return true;
    try {
      await boss.start();
      started = true;
      return true;
    } catch (error) {
      if (isNotInstalled(error)) return false; // asked again on the next read, once a worker has created it
      throw error;
    }
  }

  async function jobsOf(name: string) {
    const jobs = [];
    for (let after: string | undefined; ; ) {
      const page = await boss.findJobs(name, { limit: PAGE, ...(after ? { after } : {}) });
      jobs.push(...page);
      if (page.length < PAGE) return jobs;
      after = page[page.length - 1]?.id;
    }
  }

  return {
    async read() {
      if (!(await ensureStarted())) return NOT_INSTALLED;
      const instances = (await boss.getInstances()).filter((instance) => instance.name === WORKER_INSTANCE_NAME);
      const status: WorkerStatus = {
        installed: true,
        liveWorkers: instances.filter((instance) => instance.live).length,
        lastHeartbeat: instances.reduce<Date | null>((newest, instance) => (!newest || instance.heartbeatOn > newest ? instance.heartbeatOn : newest), null),
        queued: 0,
        active: 0,
        failed: 0,
        lastJob: null,
      };
      for (const name of JOB_NAMES) {
        for (const job of await jobsOf(name)) {
          if (job.state === 'created' || job.state === 'retry') status.queued += 1;
          else if (job.state === 'active') status.active += 1;
          else if (job.state === 'failed') status.failed += 1;
          const at = FINISHED.has(job.state) ? job.completedOn : job.state === 'active' ? job.startedOn : null;
          if (at && (!status.lastJob || at > status.lastJob.at)) status.lastJob = { name, state: job.state, at, usersFailed: usersFailedOf(job.output) };
        }
      }
      return status;
    },
    async close() {
      // Also after a start that failed half-way (pg-boss may have opened its pool before finding no schema).
      await boss.stop({ graceful: false, close: true }).catch(() => {});
    },
  };
}
