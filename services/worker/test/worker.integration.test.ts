// The real worker process (services/worker/src/main.ts) on pg-boss against a real PostgreSQL: at start it writes
// today's portfolio rows, `npm run job` queues the job again and reports it (writing nothing twice), a second worker
// at once adds no row, an unknown job name is refused with the known ones, the API's status reader sees the workers
// and the last job, and SIGTERM ends it with exit 0. Then the two ways a worker leaves a job unfinished: killed
// outright (SIGKILL) mid-job, and stopped (SIGTERM) while a job runs, finishing it in time or handing it back.
//
// A job is held mid-run without any hook in the worker: the test locks the table it writes (LOCK TABLE ... IN SHARE
// MODE in an open transaction), so the job's INSERT waits, exactly as it would behind a long migration.
import { createDb, type Database } from '@monitrax/database/create-db';
import { REPO_ROOT } from '@monitrax/database/paths';
import { WORKER_ENTRY } from '@monitrax/local-stack/entry-points';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { type NodeProcess, startNodeProcess } from '@monitrax/local-stack/supervisor';
import { runNodeScript } from '@monitrax/test-support/run-to-exit';
import pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createQueueClient } from '../src/queue.ts';
import { createWorkerStatusReader, type WorkerStatusReader } from '../src/status.ts';

const JOB_CLI = 'services/worker/src/job-cli.ts';
const USERS = 3;
/** pg-boss's shortest job heartbeat: a job whose worker died is retried within about two of these. */
const HEARTBEAT_SECONDS = 10;

interface TestDatabase {
  url: string;
  db: Database;
  workers: NodeProcess[];
  startWorker(env?: NodeJS.ProcessEnv): NodeProcess;
  drop(): Promise<void>;
}

/** A database from the synced template with USERS users, each with one property. */
async function testDatabase(prefix: string): Promise<TestDatabase> {
  const provided = inject('testPostgres');
  const name = uniqueDatabaseName(prefix);
  await createDatabase(provided.adminUrl, name, provided.templateDatabase);
  const url = databaseUrl(provided.adminUrl, name);
  const db = createDb(url, { maxConnections: 2 });
  for (let n = 1; n <= USERS; n++) {
    await db.prisma.user.create({
      data: {
        email: `worker-${n}@example.com`,
        name: `Worker ${n}`,
        passwordHash: 'not-a-real-hash',
        properties: {
          create: {
            name: 'Home',
            address: `${n} Test St`,
            type: 'HOME',
            purchasePrice: '500000',
            purchaseDate: new Date('2015-01-01'),
            currentValue: `${800000 + n}`,
          },
        },
      },
    });
  }
  const workers: NodeProcess[] = [];
  return {
    url,
    db,
    workers,
    startWorker(env = {}) {
      const worker = startNodeProcess(WORKER_ENTRY, {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: url,
          LOG_LEVEL: 'info',
          SHUTDOWN_TIMEOUT_MS: '5000',
          SNAPSHOT_TIME_ZONE: 'Australia/Sydney',
          WORKER_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS),
          ...env,
        },
      });
      workers.push(worker);
      return worker;
    },
    async drop() {
      for (const worker of workers) await worker.stop({ signal: 'SIGKILL' });
      await db.close();
      await dropDatabase(provided.adminUrl, name);
    },
  };
}

/** Holds the table the snapshot job writes until release(): the job's INSERT waits behind the lock. */
async function lockPortfolioDays(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE "PortfolioDay" IN SHARE MODE');
  return {
    /** Ends the sessions waiting on the lock (the server would, once it noticed their client had died). */
    async endWaitingSessions() {
      await client.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
      );
    },
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

/** The id the worker logged when it took the job. */
async function startedJobId(worker: NodeProcess): Promise<string> {
  const line = await worker.waitForOutput(/job portfolio-snapshot started/, 60_000);
  const id = (JSON.parse(line) as { id?: string }).id;
  if (!id) throw new Error(`no job id in: ${line}`);
  return id;
}

async function jobState(boss: PgBoss, id: string) {
  const [job] = await boss.findJobs('portfolio-snapshot', { id });
  return job;
}

describe('the worker', () => {
  let target: TestDatabase;
  let reader: WorkerStatusReader;

  beforeAll(async () => {
    target = await testDatabase('monitrax_worker');
    reader = createWorkerStatusReader(target.url);
  });
  afterAll(async () => {
    await reader?.close();
    await target?.drop();
  });

  it('is reported as never started before any worker ran', async () => {
    expect(await reader.read()).toMatchObject({ installed: false, liveWorkers: 0, lastJob: null });
  });

  it("writes today's rows at start, once per user", async () => {
    const worker = target.startWorker();
    await worker.waitForOutput(/monitrax-worker ready/, 60_000);
    await worker.waitForOutput(/job portfolio-snapshot done/, 60_000);
    const rows = await target.db.prisma.portfolioDay.findMany({ orderBy: { propertyValue: 'asc' } });
    expect(rows.map((row) => Number(row.propertyValue))).toEqual([800001, 800002, 800003]);
  });

  it('is seen by the status reader: a live worker, nothing queued, the last job completed', async () => {
    const status = await reader.read();
    expect(status).toMatchObject({
      installed: true,
      liveWorkers: 1,
      queued: 0,
      active: 0,
      failed: 0,
      lastJob: { name: 'portfolio-snapshot', state: 'completed' },
    });
    expect(Date.now() - (status.lastHeartbeat?.getTime() ?? 0)).toBeLessThan(HEARTBEAT_SECONDS * 3 * 1000);
  });

  it('runs a job queued by npm run job and reports it; a second worker at once adds no row', async () => {
    const second = target.startWorker();
    await second.waitForOutput(/monitrax-worker ready/, 60_000);
    const run = await runNodeScript(JOB_CLI, ['portfolio-snapshot'], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, DATABASE_URL: target.url } });
    expect(run.stdout).toMatch(/job: portfolio-snapshot (completed: .*"written":0|is already queued)/);
    expect(run.code).toBe(0);
    expect(await target.db.prisma.portfolioDay.count()).toBe(USERS);
    // npm run job is not a worker: the registry still counts two.
    expect((await reader.read()).liveWorkers).toBe(2);
  });

  it('refuses an unknown job, naming the known ones', async () => {
    const run = await runNodeScript(JOB_CLI, ['nightly-report'], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, DATABASE_URL: target.url } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no job named "nightly-report"; known jobs: portfolio-snapshot');
  });

  it('stops on SIGTERM with exit 0, and no longer counts as live', async () => {
    for (const worker of target.workers) worker.child.kill('SIGTERM');
    for (const worker of target.workers) {
      expect(await worker.exited).toEqual({ code: 0, signal: null });
      expect(worker.output()).toContain('worker stopped');
    }
    expect((await reader.read()).liveWorkers).toBe(0);
  });
});

describe('a job its worker did not finish', () => {
  let target: TestDatabase;
  let boss: PgBoss;
  let lock: Awaited<ReturnType<typeof lockPortfolioDays>> | undefined;

  beforeAll(async () => {
    target = await testDatabase('monitrax_worker_jobs');
    boss = createQueueClient(target.url, { role: 'one-off' });
    boss.on('error', () => {});
  });
  afterEach(async () => {
    await lock?.release().catch(() => {});
    lock = undefined;
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: true }).catch(() => {});
    await target?.drop();
  });

  it('is retried after its worker is killed outright (SIGKILL), and the retry writes every row once', async () => {
    lock = await lockPortfolioDays(target.url);
    const killed = target.startWorker();
    const id = await startedJobId(killed);
    await boss.start();
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    await lock.endWaitingSessions();
    await lock.release();
    lock = undefined;
    expect(await target.db.prisma.portfolioDay.count()).toBe(0); // the killed run wrote nothing

    const next = target.startWorker();
    await next.waitForOutput(/monitrax-worker ready/, 60_000);
    // The lost job's heartbeat stops; a heartbeat later the next worker's supervision fails it into a retry.
    await vi.waitFor(
      async () => {
        expect(await jobState(boss, id)).toMatchObject({ state: 'completed', retryCount: expect.any(Number) });
      },
      { timeout: HEARTBEAT_SECONDS * 6 * 1000, interval: 500 },
    );
    expect((await jobState(boss, id))?.retryCount).toBeGreaterThanOrEqual(1);
    expect(await target.db.prisma.portfolioDay.count()).toBe(USERS);
    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
  }, 120_000);

  it('finishes the running job on SIGTERM when it ends within SHUTDOWN_TIMEOUT_MS', async () => {
    await target.db.prisma.portfolioDay.deleteMany();
    lock = await lockPortfolioDays(target.url);
    const worker = target.startWorker({ SHUTDOWN_TIMEOUT_MS: '30000' });
    const id = await startedJobId(worker);
    worker.child.kill('SIGTERM');
    await worker.waitForOutput(/stopping: no new jobs/);
    await lock.release(); // the job can go on now, while the worker is draining
    lock = undefined;
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.output()).toContain('job portfolio-snapshot done');
    expect(await jobState(boss, id)).toMatchObject({ state: 'completed', retryCount: 0 });
    expect(await target.db.prisma.portfolioDay.count()).toBe(USERS);
  }, 120_000);

  it('hands the running job back to the queue on SIGTERM when it outlasts SHUTDOWN_TIMEOUT_MS; another worker finishes it', async () => {
    await target.db.prisma.portfolioDay.deleteMany();
    lock = await lockPortfolioDays(target.url);
    const worker = target.startWorker({ SHUTDOWN_TIMEOUT_MS: '1000' });
    const id = await startedJobId(worker);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.output()).toContain('handed back to the queue');
    expect((await jobState(boss, id))?.state).toBe('retry');
    await lock.endWaitingSessions();
    await lock.release();
    lock = undefined;
    expect(await target.db.prisma.portfolioDay.count()).toBe(0);

    const next = target.startWorker();
    await vi.waitFor(
      async () => {
        expect((await jobState(boss, id))?.state).toBe('completed');
      },
      { timeout: HEARTBEAT_SECONDS * 6 * 1000, interval: 500 },
    );
    expect(await target.db.prisma.portfolioDay.count()).toBe(USERS);
    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
  }, 120_000);
});
