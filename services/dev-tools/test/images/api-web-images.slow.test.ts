// The API and web images as a deploy runs them, on a real postgres:17 container: healthy by their own
// HEALTHCHECK, the worker (the API image with the worker's command) running its job and seen by the API's health,
// drift reported as `warn`, readiness following the database out and back, the web's health against the API,
// non-root users, sign-up mail leaving the worker image over SMTP, and a clean exit on SIGTERM within SHUTDOWN_TIMEOUT_MS.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openContainerSpace, startPostgresContainer, type ContainerSpace, type PostgresContainer } from '@monitrax/test-support/containers';
import { linkIn, type Mailbox, startMailbox } from '@monitrax/test-support/mailbox';
import { signUpToken } from '@monitrax/test-support/outbox';
import {
  API_IMAGE,
  health,
  requireImages,
  runSchemaSync,
  SHUTDOWN_TIMEOUT_MS,
  startApi,
  startContainerAgain,
  startWeb,
  startWorker,
  stopContainer,
  WEB_IMAGE,
  type RunningContainer,
  type RunningService,
} from './support.ts';

let space: ContainerSpace;
let postgres: PostgresContainer;
let api: RunningService;
let web: RunningService | undefined;
let worker: RunningContainer;
let mailbox: Mailbox;
const DATABASE = 'monitrax';
/** The API re-compares its schema and re-reads the worker's state this often here (the deploy defaults are longer). */
const CHECK_INTERVAL_MS = 1_000;

beforeAll(async () => {
  await requireImages(API_IMAGE, WEB_IMAGE);
  space = await openContainerSpace({ needsNetwork: true });
  postgres = await startPostgresContainer(space, { user: 'monitrax', password: 'image-test-password', database: DATABASE });
  const synced = await runSchemaSync(space, postgres.urlFromContainers());
  if (synced.exitCode !== 0) throw new Error(`schema sync exited ${synced.exitCode}:\n${synced.output}`);
  await sql(
    `INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES (gen_random_uuid(), 'images@example.com', 'Images', 'not-a-real-hash', now())`,
  );
  mailbox = await startMailbox();
  worker = await startWorker(space, postgres, DATABASE, Number(new URL(mailbox.url).port));
  api = await startApi(space, postgres, DATABASE, { SCHEMA_CHECK_INTERVAL_MS: String(CHECK_INTERVAL_MS), WORKER_CHECK_INTERVAL_MS: String(CHECK_INTERVAL_MS) });
});

afterAll(async () => {
  await web?.remove();
  await api?.remove();
  await worker?.remove();
  await mailbox?.close();
  await postgres?.stop();
  await space?.close();
});

async function sql(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgres.url() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const schemaCheck = (answer: Awaited<ReturnType<typeof health>>) => answer.body.checks?.schema?.[0]?.status;
const workerCheck = (answer: Awaited<ReturnType<typeof health>>) => answer.body.checks?.worker?.[0];

async function portfolioDays(): Promise<number> {
  const client = new pg.Client({ connectionString: postgres.url() });
  await client.connect();
  try {
    return (await client.query<{ count: number }>('SELECT count(*)::int AS count FROM "PortfolioDay"')).rows[0]?.count ?? 0;
  } finally {
    await client.end();
  }
}

describe(`${API_IMAGE} and ${WEB_IMAGE}`, () => {
  it("the worker runs today's snapshot at start, and the API's health reports it: pass, as application/health+json", async () => {
    await vi.waitFor(async () => expect(workerCheck(await health(api.base))).toMatchObject({ status: 'pass', lastJob: { state: 'completed' } }), {
      timeout: 30_000,
      interval: 500,
    });
    expect(await portfolioDays()).toBe(1);
    const answer = await health(api.base);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/health\+json/);
    expect(answer.body.status).toBe('pass');
    expect(workerCheck(answer)).toMatchObject({ observedValue: 1, observedUnit: 'workers', lastJob: { name: 'portfolio-snapshot' } });
  });

  it('signs up as production does: the API image queues the mail, the worker image sends it over SMTP, its link creates the account', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${api.base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    const requested = await post('/api/auth/register', { email: 'newcomer@example.com', password: 'images-password-1', name: 'Newcomer' });
    expect(requested.status).toBe(202);
    await vi.waitFor(() => expect(mailbox.received.some((mail) => mail.to.includes('newcomer@example.com'))).toBe(true), { timeout: 30_000, interval: 200 });
    const mail = mailbox.received.find((received) => received.to.includes('newcomer@example.com'))!;
    expect(mail).toMatchObject({ subject: 'Finish creating your Monitrax account', from: expect.stringContaining('<images@example.com>') });
    const confirmed = await post('/api/auth/confirm', { token: signUpToken(linkIn(mail)), password: 'images-password-1' });
    expect(confirmed.status, await confirmed.clone().text()).toBe(201);
    expect(((await confirmed.json()) as { data: { user: { email: string } } }).data.user.email).toBe('newcomer@example.com');
  });

  it('both images run as a non-root user (the worker too)', async () => {
    web = await startWeb(space, api.baseFromContainers);
    for (const service of [api, web, worker]) {
      const id = await service.container.exec(['id', '-u']);
      expect(id.exitCode).toBe(0);
      expect(Number(id.output.trim())).not.toBe(0);
    }
  });

  it("the application files are root's: the app's user can write only backups (API) and Next's cache (web)", async () => {
    expect(web, 'the web container did not start').toBeDefined();
    for (const [service, writable] of [
      [api, '/app/backups'],
      [web!, '/app/services/web/.next/cache'],
    ] as const) {
      const found = await service.container.exec(['find', '/app', '-writable', '-not', '-path', `${writable}/*`]);
      expect(found.exitCode, found.output).toBe(0);
      expect(found.output.trim().split('\n')).toEqual([writable]);
      const probe = await service.container.exec(['sh', '-c', `touch ${writable}/probe && rm ${writable}/probe && ! touch /app/probe 2>/dev/null`]);
      expect(probe.exitCode, probe.output).toBe(0);
    }
  });

  it('the web image answers its own /api/health against the API', async () => {
    expect(web, 'the web container did not start').toBeDefined();
    const answer = await health(web!.base);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/health\+json/);
    expect(['pass', 'warn']).toContain(answer.body.status);
  });

  it('reports drift as warn after an out-of-band ALTER TABLE, and pass once it is undone', async () => {
    await sql('ALTER TABLE "Property" ADD COLUMN "outOfBand" text');
    await vi.waitFor(async () => expect(schemaCheck(await health(api.base))).toBe('warn'), { timeout: 30_000, interval: 500 });
    const drifted = await health(api.base);
    expect(drifted.status).toBe(200);
    expect(drifted.body.status).toBe('warn');
    await sql('ALTER TABLE "Property" DROP COLUMN "outOfBand"');
    await vi.waitFor(async () => expect(schemaCheck(await health(api.base))).toBe('pass'), { timeout: 30_000, interval: 500 });
  });

  it('turns readiness 503 while the database container is stopped, and 200 again once it is back', async () => {
    await stopContainer(postgres.container);
    try {
      await vi.waitFor(async () => expect((await health(api.base)).status).toBe(503), { timeout: 30_000, interval: 500 });
      expect((await health(api.base)).body.status).toBe('fail');
      expect((await health(api.base, '/api/health/live')).status).toBe(200);
    } finally {
      await startContainerAgain(postgres.container);
    }
    await vi.waitFor(async () => expect((await health(api.base)).status).toBe(200), { timeout: 60_000, interval: 500 });
  });

  it('the worker exits 0 on SIGTERM, and the API reports that no worker is live', async () => {
    await worker.terminate(SHUTDOWN_TIMEOUT_MS * 2);
    expect(await worker.exitCode(), await worker.output()).toBe(0);
    expect(await worker.output()).toContain('worker stopped');
    // Right after the database container's restart (the test before), one read of the worker's state may fail and
    // warn for that; the next read, an interval later, says what this test is about.
    await vi.waitFor(
      async () => expect(workerCheck(await health(api.base))).toMatchObject({ status: 'warn', output: expect.stringMatching(/^no worker heartbeat since /) }),
      {
        timeout: 30_000,
        interval: 500,
      },
    );
  });

  it(`exits 0 on SIGTERM within SHUTDOWN_TIMEOUT_MS (${SHUTDOWN_TIMEOUT_MS} ms)`, async () => {
    const started = performance.now();
    // docker stop: SIGTERM, then SIGKILL only after twice the API's own deadline.
    await api.terminate(SHUTDOWN_TIMEOUT_MS * 2);
    const elapsed = performance.now() - started;
    expect(await api.exitCode(), await api.output()).toBe(0);
    expect(elapsed).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(await api.output()).toContain('shutdown complete');
  });
});
