// The worker process once telemetry is running (./main.ts starts it first; compose's `worker`, Render's worker
// service, make dev): takes jobs from pg-boss and runs them.
// At start it schedules each job's cron and queues today's portfolio snapshot (catch-up after downtime; the job
// writes nothing twice). SIGTERM stops taking jobs and waits up to SHUTDOWN_TIMEOUT_MS for the running one; a job
// still running then is handed back (pg-boss retries it), as is one whose worker was killed outright.
import { createDb } from '@monitrax/database/create-db';
import { maskDatabaseUrl } from '@monitrax/database/url';
import { bucketSettings } from '@monitrax/document-store/bucket-env';
import { s3Store } from '@monitrax/document-store/s3-store';
import { pino } from 'pino';
import { logFields } from '@monitrax/telemetry/log-fields';
import type { Telemetry } from '@monitrax/telemetry/start';
import { ConfigError, loadWorkerConfig } from './config.ts';
import { JOBS } from './jobs/registry.ts';
import { PORTFOLIO_SNAPSHOT_JOB } from './jobs/portfolio-snapshot.ts';
import { startHousekeeping } from './housekeeping.ts';
import { type OutboxSender, startOutboxSender } from './mail/outbox-sender.ts';
import { chosenMailTransport, mailTransportFor } from './mail/transport.ts';
import { createQueueClient, ensureQueues } from './queue.ts';

/** The last spans and metrics get this long to leave at shutdown (docs/observability.md). */
const TELEMETRY_FLUSH_MS = 2_000;

export async function runWorker(telemetry: Telemetry | undefined) {
  let config: ReturnType<typeof loadWorkerConfig>;
  try {
    config = loadWorkerConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`monitrax-worker: refusing to start.\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // Each line carries the trace and span ids of the job it is written in (none when telemetry is off).
  const logger = pino({ level: config.LOG_LEVEL, base: { service: 'monitrax-worker' }, timestamp: pino.stdTimeFunctions.isoTime, mixin: logFields });
  const db = createDb(config.DATABASE_URL, { maxConnections: 3, onPoolError: (error) => logger.warn({ err: error }, 'database connection error') });
  let running = 0; // jobs this process has in hand
  const boss = createQueueClient(config.DATABASE_URL, { role: 'worker', heartbeatSeconds: config.WORKER_HEARTBEAT_SECONDS });
  boss.on('error', (error) => logger.error({ err: error }, 'queue error'));
  // Handlers first: a SIGTERM that arrives while the worker is still starting (a job may already run) is a stop too.
  let housekeeping: { stop(): void } | undefined;
  let outboxSender: OutboxSender | undefined;
  let stopping = false;
  // The last spans and metrics leave before the process does.
  const exit = async (code: number) => {
    await telemetry?.shutdown(TELEMETRY_FLUSH_MS);
    process.exit(code);
  };
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    housekeeping?.stop();
    logger.info({ signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'stopping: no new jobs, waiting for the running one');
    try {
      // pg-boss waits for the running job up to the timeout, then fails it back to its queue (a retry).
      const [, mailDone] = await Promise.all([
        boss.stop({ graceful: true, timeout: config.SHUTDOWN_TIMEOUT_MS }),
        outboxSender ? outboxSender.stop(config.SHUTDOWN_TIMEOUT_MS) : true,
      ]);
      if (!mailDone) await exit(0); // the mail in hand is left to its lease; its connection goes with the process
      if (running > 0) {
        // Its statement may still hold a pooled connection, which db.close() would wait for: exit, which drops it.
        logger.warn({ running }, 'worker stopped: the running job did not finish in time and was handed back to the queue (it is retried)');
        await exit(0);
      }
      await db.close();
      logger.info('worker stopped');
      await exit(0);
    } catch (error) {
      logger.error({ err: error }, 'worker did not stop cleanly');
      await exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop(signal));
  await boss.start();
  await ensureQueues(boss, { heartbeatSeconds: config.WORKER_HEARTBEAT_SECONDS, log: (line) => logger.warn(line) });
  if (stopping) return; // the stop under way ends the process

  for (const [name, job] of Object.entries(JOBS)) {
    const cron = job.cron?.(config);
    if (cron) await boss.schedule(name, cron, null, { tz: config.SNAPSHOT_TIME_ZONE });
    await boss.work(name, { batchSize: 1 }, async ([queued]) => {
      const started = performance.now();
      running += 1;
      logger.info({ job: name, id: queued?.id }, `job ${name} started`);
      try {
        const output = await job.run(db, config, logger);
        const ms = Math.round(performance.now() - started);
        if (output.usersFailed)
          logger.warn({ job: name, id: queued?.id, output, ms }, `job ${name} done, except for ${output.usersFailed} user(s): see the lines above`);
        else logger.info({ job: name, id: queued?.id, output, ms }, `job ${name} done`);
        return output;
      } finally {
        running -= 1;
      }
    });
  }
  await boss.send(PORTFOLIO_SNAPSHOT_JOB, { reason: 'catch-up at start' });
  if (stopping) return;
  const mailTransport = mailTransportFor(config, logger);
  if (config.NODE_ENV === 'production' && chosenMailTransport(config) === 'log') {
    logger.warn('MAIL_TRANSPORT=log: sign-up mail, links included, goes to this log and to nobody; set MAIL_TRANSPORT=smtp and SMTP_URL for real mail');
  }
  const bucket = bucketSettings(config);
  housekeeping = startHousekeeping(db, bucket ? s3Store(bucket) : undefined, logger);
  outboxSender = await startOutboxSender({ db, databaseUrl: config.DATABASE_URL, transport: mailTransport, pollMs: config.OUTBOX_POLL_MS, logger });
  if (stopping) {
    await outboxSender.stop(0); // a stop that came while it started has not seen it
    return;
  }
  logger.info(
    {
      database: maskDatabaseUrl(config.DATABASE_URL),
      jobs: Object.keys(JOBS),
      cron: config.SNAPSHOT_CRON,
      timeZone: config.SNAPSHOT_TIME_ZONE,
      mail: chosenMailTransport(config),
    },
    'monitrax-worker ready',
  );
}
