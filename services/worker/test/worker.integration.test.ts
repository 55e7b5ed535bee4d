// The real worker process (services/worker/src/main.ts) on pg-boss against a real PostgreSQL: at start it writes
// today's portfolio rows, `npm run job` queues the job again and reports it (writing nothing twice), a second worker
// at once adds no row, an unknown job name is refused with the known ones, and SIGTERM ends it with exit 0.
import { createDb, type Database } from '@monitrax/database/create-db';
import { REPO_ROOT } from '@monitrax/schema-sync/repo-root';
import { WORKER_ENTRY } from '@monitrax/test-support/api-process';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { type NodeProcess, startNodeProcess } from '@monitrax/test-support/node-process';
import { runNodeScript } from '@monitrax/test-support/run-to-exit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const WORKER = WORKER_ENTRY;
const JOB_CLI = 'services/worker/src/job-cli.ts';

let adminUrl: string;
let name: string;
let url: string;
let db: Database;
const workers: NodeProcess[] = [];

function startWorker(): NodeProcess {
  const worker = startNodeProcess(WORKER, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, DATABASE_URL: url, LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '5000', SNAPSHOT_TIME_ZONE: 'Australia/Sydney' },
  });
  workers.push(worker);
  return worker;
}

beforeAll(async () => {
  const provided = inject('testPostgres');
  adminUrl = provided.adminUrl;
  name = uniqueDatabaseName('monitrax_worker');
  await createDatabase(adminUrl, name, provided.templateDatabase);
  url = databaseUrl(adminUrl, name);
  db = createDb(url, { maxConnections: 2 });
  for (const n of [1, 2, 3]) {
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
});

afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await db?.close();
  if (name) await dropDatabase(adminUrl, name);
});

describe('the worker', () => {
  it("writes today's rows at start, once per user", async () => {
    const worker = startWorker();
    await worker.waitForOutput(/monitrax-worker ready/, 60_000);
    await worker.waitForOutput(/job portfolio-snapshot done/, 60_000);
    const rows = await db.prisma.portfolioDay.findMany({ orderBy: { propertyValue: 'asc' } });
    expect(rows.map((row) => Number(row.propertyValue))).toEqual([800001, 800002, 800003]);
  });

  it('runs a job queued by npm run job and reports it; a second worker at once adds no row', async () => {
    const second = startWorker();
    await second.waitForOutput(/monitrax-worker ready/, 60_000);
    const run = await runNodeScript(JOB_CLI, ['portfolio-snapshot'], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, DATABASE_URL: url } });
    expect(run.stdout).toMatch(/job: portfolio-snapshot (completed: .*"written":0|is already queued)/);
    expect(run.code).toBe(0);
    expect(await db.prisma.portfolioDay.count()).toBe(3);
  });

  it('refuses an unknown job, naming the known ones', async () => {
    const run = await runNodeScript(JOB_CLI, ['nightly-report'], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, DATABASE_URL: url } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no job named "nightly-report"; known jobs: portfolio-snapshot');
  });

  it('stops on SIGTERM with exit 0', async () => {
    const worker = workers[0]!;
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.output()).toContain('worker stopped');
  });
});
