// Render's health check as it really behaves: it asks each web service's healthCheckPath every few seconds, stops
// routing to an instance after 15 s of failures and restarts it after 60 s. render.yaml names liveness
// (HEALTH_PATHS.liveness; the parity check holds render.yaml to it) for the API and the web. With PostgreSQL stopped
// for longer than Render's minute, those paths must keep answering 200 on the real API process and the web's
// production server, while readiness (/api/health, for monitoring and the status page) answers 503; and everything
// recovers when PostgreSQL is back, with no restart.
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_ANSWER_CACHE_MS } from '@monitrax/contract/health';
import { HEALTH_PATHS } from '@monitrax/contract/paths';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import type { NodeProcess } from '@monitrax/local-stack/supervisor';
import { buildWeb, startWebServer, webBuildReason } from '@monitrax/local-stack/web';
import { eventually, http, ownPostgres, registerUser, startApiProcess, summary, type ApiProcess, type OwnPostgres } from './support.ts';

/** Longer than Render's 60 s before a restart. */
const OUTAGE_MS = 70_000;
/** Render asks about every 5 s; once a second here, so that no short failure slips between two asks. */
const PROBE_EVERY_MS = 1_000;
const WEB_BUILD_TIMEOUT_MS = 300_000;

const cleanups: Array<() => Promise<void>> = [];
let postgres: OwnPostgres;
let api: ApiProcess;
let web: NodeProcess;
let webPort: number;

const status = (port: number, path: string) =>
  http({ port, path, timeoutMs: 5_000 }).then(
    (reply) => reply.status,
    () => 0, // no answer at all: what Render counts as a failure too
  );

beforeAll(async () => {
  const reason = await webBuildReason();
  if (reason) await buildWeb({ env: process.env, timeoutMs: WEB_BUILD_TIMEOUT_MS });
  postgres = await ownPostgres();
  cleanups.push(() => postgres.remove());
  const internalApiSecret = randomBytes(48).toString('base64');
  api = await startApiProcess({ databaseUrl: postgres.databaseUrl, env: { INTERNAL_API_SECRET: internalApiSecret } });
  cleanups.push(() => api.stop());
  webPort = await findFreePort();
  web = await startWebServer({ port: webPort, apiUrl: `http://127.0.0.1:${api.port}`, internalApiSecret, env: { PATH: process.env.PATH } });
  cleanups.push(() => web.stop());
  await eventually('the web server answers', async () => (await status(webPort, HEALTH_PATHS.readiness)) === 200, 60_000);
}, WEB_BUILD_TIMEOUT_MS + 120_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("Render's health check through a database outage longer than its minute", () => {
  it(
    'the paths render.yaml names stay 200 while readiness is 503, and all recovers with no restart',
    async () => {
      expect(await status(api.port, HEALTH_PATHS.liveness)).toBe(200);
      const pids = { api: api.child.pid, web: web.child.pid };

      await postgres.stop();
      // Readiness may answer from before the stop for one cache period (the API's), twice over through the web.
      const readinessSettles = performance.now() + 2 * HEALTH_ANSWER_CACHE_MS;
      const samples = {
        apiLive: new Map<number, number>(),
        webLive: new Map<number, number>(),
        apiReady: new Map<number, number>(),
        webReady: new Map<number, number>(),
      };
      const count = (tally: Map<number, number>, code: number) => tally.set(code, (tally.get(code) ?? 0) + 1);
      const outageEnds = performance.now() + OUTAGE_MS;
      while (performance.now() < outageEnds) {
        const askedAt = performance.now();
        const [apiLive, webLive, apiReady, webReady] = await Promise.all([
          status(api.port, HEALTH_PATHS.liveness),
          status(webPort, HEALTH_PATHS.liveness),
          status(api.port, HEALTH_PATHS.readiness),
          status(webPort, HEALTH_PATHS.readiness),
        ]);
        count(samples.apiLive, apiLive);
        count(samples.webLive, webLive);
        if (askedAt > readinessSettles) {
          count(samples.apiReady, apiReady);
          count(samples.webReady, webReady);
        }
        await delay(PROBE_EVERY_MS); // the probe's own pace, as Render's; nothing to wait for
      }
      const only = (tally: Map<number, number>) => [...tally.keys()];
      expect({ apiLive: only(samples.apiLive), webLive: only(samples.webLive) }).toEqual({ apiLive: [200], webLive: [200] });
      expect(only(samples.apiReady)).toEqual([503]);
      expect(only(samples.webReady)).toEqual([503]);

      await postgres.start();
      const recoveredMs = await eventually(
        'API readiness 200 once PostgreSQL is back',
        async () => (await status(api.port, HEALTH_PATHS.readiness)) === 200,
        30_000,
      );
      await eventually('web readiness 200', async () => (await status(webPort, HEALTH_PATHS.readiness)) === 200, 30_000);
      const user = await registerUser(api, 'after-outage');
      expect(user.token).toBeTruthy();
      expect({ api: api.child.pid, web: web.child.pid, apiExit: api.child.exitCode, webExit: web.child.exitCode }).toEqual({
        ...pids,
        apiExit: null,
        webExit: null,
      });

      const tallies = (tally: Map<number, number>) => [...tally].map(([code, n]) => `${n}x${code}`).join(' ');
      summary("Render's health check, PostgreSQL stopped 70 s", {
        'API liveness': tallies(samples.apiLive),
        'web liveness': tallies(samples.webLive),
        'API readiness': tallies(samples.apiReady),
        'web readiness': tallies(samples.webReady),
        'ready after PostgreSQL start (ms)': Math.round(recoveredMs),
        restarts: 0,
      });
    },
    OUTAGE_MS + 120_000,
  );

  it('a web server that has never reached the API is not live: a wrong API_URL takes no traffic', async () => {
    const nowhere = await findFreePort(); // nothing listens there
    const port = await findFreePort();
    const lost = await startWebServer({
      port,
      apiUrl: `http://127.0.0.1:${nowhere}`,
      internalApiSecret: randomBytes(48).toString('base64'),
      env: { PATH: process.env.PATH },
    });
    try {
      await eventually('the lost web server answers', async () => (await status(port, HEALTH_PATHS.liveness)) !== 0, 60_000);
      const live = await http({ port, path: HEALTH_PATHS.liveness, timeoutMs: 10_000 });
      expect(live.status).toBe(503);
      expect(live.json).toMatchObject({ status: 'fail', output: 'starting: the API has not answered yet' });
    } finally {
      await lost.stop();
    }
  }, 120_000);
});
