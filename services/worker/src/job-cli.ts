// `npm run job -- <name>` / `make job NAME=<name>`: queues a job now, waits for a worker to run it, and prints what
// happened. Exit codes: 0 done, 1 failed or not picked up in time, 2 unknown job or bad usage.
import { devDatabaseUrl } from '@monitrax/contract/platform';
import { startTelemetry } from '@monitrax/telemetry/start';
import { createQueueClient, ensureQueues } from './queue.ts';
import { JOB_NAMES, jobNamed } from './jobs/registry.ts';
import { setTimeout as delay } from 'node:timers/promises';
import { config as loadDotenv } from 'dotenv';

const DEFAULT_WAIT_MS = 120_000;
/** What the last spans get to leave before the command ends. */
const TELEMETRY_FLUSH_MS = 2_000;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || rest.length > 0) {
    process.stderr.write(`usage: npm run job -- <name>   (known jobs: ${JOB_NAMES.join(', ')})\n`);
    return 2;
  }
  if (!jobNamed(name)) {
    process.stderr.write(`job: no job named "${name}"; known jobs: ${JOB_NAMES.join(', ')}\n`);
    return 2;
  }
  const waitMs = Number(process.env.JOB_WAIT_MS ?? DEFAULT_WAIT_MS);
  if (!Number.isInteger(waitMs) || waitMs <= 0) {
    process.stderr.write(`job: JOB_WAIT_MS must be a whole number of milliseconds above 0, not "${process.env.JOB_WAIT_MS}"\n`);
    return 2;
  }
  loadDotenv({ quiet: true }); // DATABASE_URL from .env when the shell has none, as the Prisma CLI reads it
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write(`job: DATABASE_URL is required (the database the worker uses; make dev's is ${devDatabaseUrl(process.env.PG_PORT)})\n`);
    return 2;
  }
  // With OTEL_EXPORTER_OTLP_ENDPOINT set, the job is queued in a trace of its own, which the worker continues.
  const telemetry = await startTelemetry('job-cli');
  const boss = createQueueClient(url, { role: 'one-off' });
  boss.on('error', () => {});
  await boss.start();
  try {
    await ensureQueues(boss);
    const id = await boss.send(name, { reason: 'npm run job' });
    if (!id) {
      process.stdout.write(`job: ${name} is already queued (one waits at a time): a worker runs it shortly\n`);
      return 0;
    }
    process.stdout.write(`job: queued ${name} (${id}); waiting for a worker\n`);
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      const [job] = await boss.findJobs<object>(name, { id });
      if (job?.state === 'completed') {
        process.stdout.write(`job: ${name} completed: ${JSON.stringify(job.output)}\n`);
        return 0;
      }
      if (job?.state === 'failed' || job?.state === 'cancelled') {
        process.stdout.write(`job: ${name} ${job.state}: ${JSON.stringify(job.output)}\n`);
        return 1;
      }
      await delay(250); // another process runs the job; its state is only observable by asking
    }
    process.stdout.write(`job: ${name} was not picked up within ${waitMs / 1000} s: is a worker running? (make dev starts one)\n`);
    return 1;
  } finally {
    await boss.stop({ graceful: false, close: true });
    await telemetry?.shutdown(TELEMETRY_FLUSH_MS);
  }
}

process.exitCode = await main(process.argv.slice(2));
