// The real worker process (services/worker/src/main.ts) on pg-boss against a real PostgreSQL: at start it writes
// today's portfolio rows, `npm run job` queues the job again and reports it (writing nothing twice), a second worker
// at once adds no row, an unknown job name is refused with the known ones, the API's status reader sees the workers
// and the last job, and SIGTERM ends it with exit 0. (unfinished-jobs.integration.test.ts: a job its worker left.)
import { REPO_ROOT } from '@monitrax/database/paths';
import { runNodeScript } from '@monitrax/test-support/run-to-exit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWorkerStatusReader, type WorkerStatusReader } from '../src/status.ts';
import { HEARTBEAT_SECONDS, JOB_CLI, type TestDatabase, testDatabase, USERS } from './support.ts';

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
    // The job's "done" line comes from its handler; pg-boss marks it completed just after the handler returns.
    const expected = { installed: true, liveWorkers: 1, queued: 0, active: 0, failed: 0, lastJob: { name: 'portfolio-snapshot', state: 'completed' } };
    await vi.waitFor(async () => expect(await reader.read()).toMatchObject(expected), { timeout: 10_000, interval: 100 });
    const status = await reader.read();
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

  it('refuses a JOB_WAIT_MS that is not a number of milliseconds, queueing nothing', async () => {
    const run = await runNodeScript(JOB_CLI, ['portfolio-snapshot'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, DATABASE_URL: target.url, JOB_WAIT_MS: '2 minutes' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('JOB_WAIT_MS must be a whole number of milliseconds above 0, not "2 minutes"');
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
