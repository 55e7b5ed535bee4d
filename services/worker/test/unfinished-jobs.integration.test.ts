// Two ways a worker leaves a job unfinished, on the real worker process and pg-boss: killed outright (SIGKILL)
// mid-job, and stopped (SIGTERM) while a job runs, finishing it in time or handing it back. A job is held mid-run by
// locking the table it writes (support.ts).
import { describe, it, vi } from 'vitest';
import { createQueueClient } from '../src/queue.ts';
import { HEARTBEAT_SECONDS, jobState, lockPortfolioDays, startedJobId, testDatabase, USERS } from './support.ts';
import { LONG_TEST_TIMEOUT_MS } from '@monitrax/test-support/timeouts';

/**
 * A database of its own (the cases run at once), a pg-boss client that reads jobs, and the table lock, all undone
 * after the test (through the test's own onTestFinished: the cases run concurrently).
 */
async function jobTestbed(onTestFinished: (cleanup: () => Promise<void>) => void) {
  const target = await testDatabase('monitrax_worker_jobs');
  const boss = createQueueClient(target.url, { role: 'one-off' });
  boss.on('error', () => {});
  const held: { lock: Awaited<ReturnType<typeof lockPortfolioDays>> | undefined } = { lock: undefined };
  onTestFinished(async () => {
    await held.lock?.release().catch(() => {});
    await boss.stop({ graceful: false, close: true }).catch(() => {});
    await target.drop();
  });
  return { target, boss, held };
}

// Each case waits most of its time on pg-boss's timers (heartbeats, retry delays), so they run at once.
describe.concurrent('a job its worker did not finish', { timeout: LONG_TEST_TIMEOUT_MS }, () => {
  it('is retried after its worker is killed outright (SIGKILL), and the retry writes every row once', async ({ expect, onTestFinished }) => {
    const { target, boss, held } = await jobTestbed(onTestFinished);
    const lock = await lockPortfolioDays(target.url);
    held.lock = lock;
    const killed = target.startWorker();
    const id = await startedJobId(killed);
    await boss.start();
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    await lock.endWaitingSessions();
    await lock.release();
    held.lock = undefined;
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
  });

  it('finishes the running job on SIGTERM when it ends within SHUTDOWN_TIMEOUT_MS', async ({ expect, onTestFinished }) => {
    const { target, boss, held } = await jobTestbed(onTestFinished);
    const lock = await lockPortfolioDays(target.url);
    held.lock = lock;
    const worker = target.startWorker({ SHUTDOWN_TIMEOUT_MS: '30000' });
    const id = await startedJobId(worker);
    await boss.start(); // the worker has made pg-boss's schema by now
    worker.child.kill('SIGTERM');
    await worker.waitForOutput(/stopping: no new jobs/);
    await lock.release(); // the job can go on now, while the worker is draining
    held.lock = undefined;
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.output()).toContain('job portfolio-snapshot done');
    expect(await jobState(boss, id)).toMatchObject({ state: 'completed', retryCount: 0 });
    expect(await target.db.prisma.portfolioDay.count()).toBe(USERS);
  });

  it('hands the running job back to the queue on SIGTERM when it outlasts SHUTDOWN_TIMEOUT_MS; another worker finishes it', async ({
    expect,
    onTestFinished,
  }) => {
    const { target, boss, held } = await jobTestbed(onTestFinished);
    const lock = await lockPortfolioDays(target.url);
    held.lock = lock;
    const worker = target.startWorker({ SHUTDOWN_TIMEOUT_MS: '1000' });
    const id = await startedJobId(worker);
    await boss.start(); // the worker has made pg-boss's schema by now
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.output()).toContain('handed back to the queue');
    expect((await jobState(boss, id))?.state).toBe('retry');
    await lock.endWaitingSessions();
    await lock.release();
    held.lock = undefined;
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
  });
});
