// /api/health's `worker` check on the real processes: server.ts (as deployed) and the worker (main.ts) on one real
// PostgreSQL. Before any worker ran it warns; once a worker runs it passes with the worker counted, the queue depth
// and the job the worker ran at start; after the worker stops it warns again, saying since when.
import { HEALTH_CHECKS } from '@monitrax/contract/health';
import { HEALTH_PATHS } from '@monitrax/contract/paths';
import { REPO_ROOT } from '@monitrax/database/paths';
import { WORKER_ENTRY } from '@monitrax/local-stack/entry-points';
import { type RunningApi, startApi } from '@monitrax/local-stack/stack';
import { startNodeProcess } from '@monitrax/local-stack/supervisor';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';
import { asOperator, TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from './support/test-app.ts';
import { LONG_TEST_TIMEOUT_MS } from '@monitrax/test-support/timeouts';

let database: TestDatabase;
let api: RunningApi;

interface HealthDocument {
  status: string;
  checks: Record<string, Array<Record<string, unknown>>>;
}

async function workerCheck(): Promise<{ status: string; document: HealthDocument; check: Record<string, unknown> }> {
  const response = await fetch(`${api.url}${HEALTH_PATHS.readiness}`, { headers: asOperator, signal: AbortSignal.timeout(5_000) });
  const document = (await response.json()) as HealthDocument;
  const check = document.checks[HEALTH_CHECKS.worker]?.[0];
  if (!check) throw new Error(`no worker check in ${JSON.stringify(document)}`);
  return { status: String(check.status), document, check };
}

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startApi({
    databaseUrl: database.url,
    port: await findFreePort(),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      JWT_SECRET: TEST_JWT_SECRET,
      INTERNAL_API_SECRET: TEST_INTERNAL_SECRET,
      LOG_LEVEL: 'warn',
      WORKER_CHECK_INTERVAL_MS: '500',
    },
  });
});

afterAll(async () => {
  await api?.process.stop();
  await database?.drop();
});

describe("/api/health's worker check", () => {
  it('warns while no worker has ever started on the database; the API is still ready (200)', async () => {
    await vi.waitFor(async () => expect((await workerCheck()).check.output).toBe('no worker has started on this database yet'), { timeout: 10_000 });
    const { check, document } = await workerCheck();
    expect(check).toMatchObject({ status: 'warn', observedValue: 0, observedUnit: 'workers', componentId: 'monitrax-worker' });
    expect(document.status).toBe('warn');
  });

  it(
    'passes once a worker runs, with the queue depth and the job it ran at start; warns again after it stops',
    async () => {
      const worker = startNodeProcess(WORKER_ENTRY, {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, DATABASE_URL: database.url, LOG_LEVEL: 'info', WORKER_HEARTBEAT_SECONDS: '10' },
      });
      try {
        await worker.waitForOutput(/job portfolio-snapshot done/, 60_000);
        await vi.waitFor(async () => expect((await workerCheck()).check.lastJob).toMatchObject({ state: 'completed' }), { timeout: 15_000, interval: 250 });
        const { check } = await workerCheck();
        expect(check).toMatchObject({
          status: 'pass',
          observedValue: 1,
          observedUnit: 'workers',
          queued: 0,
          active: 0,
          failed: 0,
          lastJob: { name: 'portfolio-snapshot', state: 'completed', time: expect.any(String) },
          lastHeartbeat: expect.any(String),
        });
        expect(check.output).toMatch(/^0 queued, 0 running; last job portfolio-snapshot completed at /);

        worker.child.kill('SIGTERM');
        expect((await worker.exited).code).toBe(0);
        await vi.waitFor(async () => expect((await workerCheck()).status).toBe('warn'), { timeout: 15_000, interval: 250 });
        expect((await workerCheck()).check.output).toMatch(/^no worker heartbeat since \d{4}-\d\d-\d\dT.*: is the worker running\?/);
      } finally {
        await worker.stop();
      }
    },
    LONG_TEST_TIMEOUT_MS,
  );
});
