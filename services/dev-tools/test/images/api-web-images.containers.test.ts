// The API and web images as a deploy runs them, on a real postgres:17 container: healthy by their own
// HEALTHCHECK, drift reported as `warn`, readiness following the database out and back, the web's health against
// the API, non-root users, and a clean exit on SIGTERM within SHUTDOWN_TIMEOUT_MS.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openContainerSpace, startPostgresContainer, type ContainerSpace, type PostgresContainer } from '@monitrax/test-support/containers';
import {
  API_IMAGE,
  health,
  requireImages,
  runSchemaSync,
  SHUTDOWN_TIMEOUT_MS,
  startApi,
  startContainerAgain,
  startWeb,
  stopContainer,
  WEB_IMAGE,
  type RunningService,
} from './support.ts';

let space: ContainerSpace;
let postgres: PostgresContainer;
let api: RunningService;
let web: RunningService | undefined;
const DATABASE = 'monitrax';
/** The API re-compares its schema this often here (the deploy default is minutes). */
const SCHEMA_CHECK_INTERVAL_MS = 1_000;

beforeAll(async () => {
  await requireImages(API_IMAGE, WEB_IMAGE);
  space = await openContainerSpace({ needsNetwork: true });
  postgres = await startPostgresContainer(space, { user: 'monitrax', password: 'image-test-password', database: DATABASE });
  const synced = await runSchemaSync(space, postgres.urlFromContainers());
  if (synced.exitCode !== 0) throw new Error(`schema sync exited ${synced.exitCode}:\n${synced.output}`);
  api = await startApi(space, postgres, DATABASE, { SCHEMA_CHECK_INTERVAL_MS: String(SCHEMA_CHECK_INTERVAL_MS) });
});

afterAll(async () => {
  await web?.remove();
  await api?.remove();
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

describe(`${API_IMAGE} and ${WEB_IMAGE}`, () => {
  it('the API becomes healthy: /api/health is pass, as application/health+json', async () => {
    const answer = await health(api.base);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/health\+json/);
    expect(answer.body.status).toBe('pass');
  });

  it('both images run as a non-root user', async () => {
    web = await startWeb(space, api.baseFromContainers);
    for (const service of [api, web]) {
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
