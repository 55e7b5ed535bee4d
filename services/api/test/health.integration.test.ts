import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { createDb } from '@monitrax/database/create-db';
import { CHECK_TIMEOUT_MS } from '../src/health/checks.ts';
import { createLifecycle } from '../src/lifecycle/lifecycle.ts';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { asOperator, memoryLogger, startTestApp, testConfig, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

function appOn(databaseUrl: string) {
  const db = createDb(databaseUrl, { connectTimeoutMs: 1_000 });
  return { app: createApp({ config: testConfig, db, logger: memoryLogger().logger, healthCacheMs: 0 }), db };
}

describe('GET /api/health', () => {
  it('passes with the PostgreSQL round trip and its latency, as application/health+json, to the web and operators', async () => {
    const response = await request(t.app).get('/api/health').set(asOperator);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/health\+json/);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = JSON.parse(response.text);
    expect(body).toMatchObject({ status: 'pass', version: 'test', releaseId: 'test-release', serviceId: 'monitrax-api' });
    const [postgres] = body.checks['postgresql:responseTime'];
    expect(postgres).toMatchObject({ componentType: 'datastore', status: 'pass', observedUnit: 'ms' });
    expect(postgres.observedValue).toBeGreaterThan(0);
  });

  it('shows the public only how each check stands: no version, release, uptime or observed values', async () => {
    for (const headers of [{}, { [Object.keys(asOperator)[0]!]: 'not-the-secret-but-just-as-long-0123456789' }]) {
      const response = await request(t.app).get('/api/health').set(headers);
      expect(response.status).toBe(200);
      const body = JSON.parse(response.text);
      expect(body).toEqual({
        status: 'pass',
        serviceId: 'monitrax-api',
        description: 'Monitrax API',
        checks: { 'postgresql:responseTime': [{ status: 'pass', time: expect.any(String) }] },
      });
      for (const internal of ['test-release', 'version', 'uptime', 'observedValue']) expect(response.text).not.toContain(internal);
      const live = JSON.parse((await request(t.app).get('/api/health/live').set(headers)).text);
      expect(live).toEqual({ status: 'pass', serviceId: 'monitrax-api', description: 'Monitrax API' });
    }
  });

  it('works readiness out at most once per cache period, however many probes arrive', async () => {
    let runs = 0;
    const counted = {
      name: 'counted:check',
      run: async () => {
        runs += 1;
        return { componentType: 'component', status: 'pass' as const, time: new Date().toISOString() };
      },
    };
    const db = t.db;
    const cached = createApp({ config: testConfig, db, logger: memoryLogger().logger, healthChecks: [counted], healthCacheMs: 60_000 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => request(cached).get('/api/health')));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    for (let i = 0; i < 10; i += 1) await request(cached).get('/api/health').set(asOperator);
    expect(runs).toBe(1);
    const uncached = createApp({ config: testConfig, db, logger: memoryLogger().logger, healthChecks: [counted], healthCacheMs: 0 });
    for (let i = 0; i < 3; i += 1) await request(uncached).get('/api/health');
    expect(runs).toBe(4);
  });

  it('a check that throws outright is a fail of that check, not a 500', async () => {
    const throwing = {
      name: 'broken:check',
      run: (): never => {
        throw new Error('broken before any await: SELECT secret FROM "User"');
      },
    };
    const { logger, lines } = memoryLogger();
    const app = createApp({ config: testConfig, db: t.db, logger, healthChecks: [throwing] });
    const response = await request(app).get('/api/health');
    expect(response.status).toBe(503);
    const body = JSON.parse(response.text);
    // The public document gets a hint; the reason (which could hold SQL) goes to the log only, once per change.
    expect(body.checks['broken:check'][0]).toMatchObject({ status: 'fail', output: 'check failed (the API log has the detail)' });
    expect(response.text).not.toContain('SELECT');
    await request(app).get('/api/health');
    expect(lines.filter((line) => line.includes('broken before any await: SELECT secret'))).toHaveLength(1);
    expect(body.checks['postgresql:responseTime'][0].status).toBe('pass');
  });

  it('503 fail when nothing listens where the database should be; liveness 503 too until it has answered once', async () => {
    const port = await findFreePort();
    const { app, db } = appOn(`postgresql://monitrax:secret-pw@127.0.0.1:${port}/monitrax`);
    try {
      const response = await request(app).get('/api/health');
      expect(response.status).toBe(503);
      const body = JSON.parse(response.text);
      expect(body.status).toBe('fail');
      expect(body.checks['postgresql:responseTime'][0]).toMatchObject({ status: 'fail', output: 'connection refused (the API log has the detail)' });
      expect(response.text).not.toContain('secret-pw');
      const live = await request(app).get('/api/health/live');
      expect(live.status).toBe(503);
      expect(JSON.parse(live.text)).toMatchObject({ status: 'fail', output: 'starting: the database has not answered yet' });
    } finally {
      await db.close();
    }
  });

  it('answers 503 within 2 s when the database accepts connections but never replies', async () => {
    // A TCP peer that swallows everything: the connection opens, the PostgreSQL handshake never completes.
    const sockets = new Set<Socket>();
    const blackHole: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const { port } = blackHole.address() as AddressInfo;
    const db = createDb(`postgresql://monitrax:pw@127.0.0.1:${port}/monitrax`, { connectTimeoutMs: 10_000 });
    const app = createApp({ config: testConfig, db, logger: memoryLogger().logger });
    try {
      const response = await request(app).get('/api/health');
      expect(response.status).toBe(503);
      // The check's own deadline answered, not the (10 s) connect timeout: the reply came in time.
      expect(JSON.parse(response.text).checks['postgresql:responseTime'][0].output).toBe(`no answer within ${CHECK_TIMEOUT_MS} ms`);
      expect(CHECK_TIMEOUT_MS).toBeLessThan(2_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => blackHole.close(() => resolve()));
      await db.close();
    }
  });
});

describe('GET /api/health/live', () => {
  it('200 pass while the process runs', async () => {
    const response = await request(t.app).get('/api/health/live');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text).status).toBe('pass');
  });

  it('stays 200 once the database has answered, while readiness follows the database', async () => {
    const { app, db } = appOn(t.database.url);
    expect((await request(app).get('/api/health/live')).status).toBe(200);
    await db.close(); // from here on every round trip fails, as in an outage
    expect((await request(app).get('/api/health')).status).toBe(503);
    expect((await request(app).get('/api/health/live')).status).toBe(200);
  });
});

describe('health probes, mounted first in Express', () => {
  const securityHeaderNames = [
    'content-security-policy',
    'x-frame-options',
    'x-content-type-options',
    'strict-transport-security',
    'referrer-policy',
    'cross-origin-resource-policy',
  ];

  it('carry exactly the security headers of an Express response', async () => {
    const viaExpress = await request(t.app).get('/api/nothing');
    for (const path of ['/api/health', '/api/health/live', '/api/health?verbose=1', '/api/health/']) {
      const probe = await request(t.app).get(path);
      expect(probe.status).toBe(200);
      for (const name of securityHeaderNames) expect([path, name, probe.headers[name]]).toEqual([path, name, viaExpress.headers[name]]);
    }
  });

  it('answer HEAD with the headers and no body; other methods go to Express', async () => {
    const head = await request(t.app).head('/api/health');
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toMatch(/^application\/health\+json/);
    expect(head.text ?? '').toBe('');
    const post = await request(t.app).post('/api/health').send({});
    expect(post.status).toBe(404);
    expect(post.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
  });

  it('the spelling variants Express routes give the same document', async () => {
    const exact = JSON.parse((await request(t.app).get('/api/health/live')).text);
    const variant = await request(t.app).get('/API/Health/Live/');
    expect(variant.status).toBe(200);
    expect(JSON.parse(variant.text)).toEqual(exact);
  });

  it('while shutting down: 503 and Connection: close on both paths', async () => {
    const lifecycle = createLifecycle();
    const app = createApp({ config: testConfig, db: t.db, logger: memoryLogger().logger, lifecycle });
    lifecycle.beginShutdown();
    for (const path of ['/api/health', '/api/health/']) {
      const response = await request(app).get(path);
      expect(response.status).toBe(503);
      expect(response.headers.connection).toBe('close');
      expect(JSON.parse(response.text)).toMatchObject({ status: 'fail', output: 'shutting down' });
    }
  });
});
