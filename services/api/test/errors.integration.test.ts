// The envelope for every failure, and what must never leak.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { createDb, type Database } from '@monitrax/database/create-db';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { expectEnvelope, memoryLogger, startTestApp, testConfig, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('error envelope', () => {
  it('404 NOT_FOUND for unknown routes', async () => {
    const response = await request(t.app).get('/api/nothing-here');
    expect(response.status).toBe(404);
    expect(expectEnvelope(response.body).error?.code).toBe('NOT_FOUND');
  });

  it('400 for malformed JSON and 413 past the body limit', async () => {
    const user = await t.register();
    const malformed = await request(t.app).post('/api/properties').set(user.auth).set('Content-Type', 'application/json').send('{"name": ');
    expect(malformed.status).toBe(400);
    expect(expectEnvelope(malformed.body).error?.code).toBe('VALIDATION_ERROR');
    const huge = await request(t.app)
      .post('/api/properties')
      .set(user.auth)
      .send({ name: 'x'.repeat(200 * 1024) });
    expect(huge.status).toBe(413);
    expect(expectEnvelope(huge.body).error?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('500 INTERNAL says nothing about the cause, and logs it with the request id', async () => {
    // The real database, with one query made to fail the way an unexpected bug would.
    const prisma = new Proxy(t.db.prisma, {
      get(target, key, receiver) {
        // The list page's query (db/owned-rows.ts) fails with a message full of internals.
        if (key === '$queryRaw') {
          return () => Promise.reject(new Error('relation "secret_table" does not exist: SELECT password FROM x'));
        }
        return Reflect.get(target, key, receiver);
      },
    });
    const failing: Database = { ...t.db, prisma };
    const { logger, lines } = memoryLogger();
    const app = createApp({ config: testConfig, db: failing, logger });
    const user = await t.register();
    const response = await request(app).get('/api/properties').set(user.auth);
    expect(response.status).toBe(500);
    const { error, meta } = expectEnvelope(response.body);
    expect(error?.code).toBe('INTERNAL');
    expect(response.text).not.toMatch(/secret_table|SELECT|password|at .*\.ts/);
    expect(lines.join('')).toContain(String(meta.requestId));
    expect(lines.join('')).toContain('secret_table');
  });

  it('503 UNAVAILABLE, not 500, when the database cannot be reached', async () => {
    const user = await t.register();
    const db = createDb(`postgresql://monitrax:pw@127.0.0.1:${await findFreePort()}/monitrax`, { connectTimeoutMs: 1_000 });
    const app = createApp({ config: testConfig, db, logger: memoryLogger().logger });
    try {
      const response = await request(app).get('/api/properties').set(user.auth);
      expect(response.status).toBe(503);
      expect(expectEnvelope(response.body).error?.code).toBe('UNAVAILABLE');
    } finally {
      await db.close();
    }
  });
});

describe('request ids, headers and CORS', () => {
  it('keeps a sane incoming X-Request-Id and replaces an unsafe one', async () => {
    const kept = await request(t.app).get('/api/health/live').set('X-Request-Id', 'render-abc-123');
    expect(kept.headers['x-request-id']).toBe('render-abc-123');
    const replaced = await request(t.app).get('/api/nothing').set('X-Request-Id', 'bad id\twith spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers and allows only WEB_ORIGIN', async () => {
    const allowed = await request(t.app).options('/api/properties').set('Origin', 'http://localhost:3000').set('Access-Control-Request-Method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    const denied = await request(t.app).options('/api/properties').set('Origin', 'http://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
    for (const path of ['/api/health/live', '/api/health', '/api/nothing']) {
      const response = await request(t.app).get(path);
      // An API serves no document: a CSP that allows nothing, no framing, no sniffing, no HTML-only headers.
      expect(response.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['strict-transport-security']).toMatch(/^max-age=31536000/);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['x-dns-prefetch-control']).toBeUndefined();
      expect(response.headers.etag).toBeUndefined();
    }
  });

  it('logs one line per request, but never a health probe', async () => {
    const before = t.logLines.length;
    await request(t.app).get('/api/health').set('X-Request-Id', 'probe-1');
    await request(t.app).get('/api/health/live').set('X-Request-Id', 'probe-2');
    await request(t.app).get('/api/nothing').set('X-Request-Id', 'not-a-probe');
    const logged = t.logLines.slice(before).join('');
    expect(logged).not.toContain('probe-');
    expect(logged).toContain('"id":"not-a-probe"');
  });

  it('keeps passwords and tokens out of the logs', async () => {
    const user = await t.register({ password: 'super-secret-password-123' });
    await request(t.app).get('/api/auth/me').set(user.auth);
    await request(t.app).post('/api/auth/login').send({ email: user.email, password: 'super-secret-password-123' });
    const logs = t.logLines.join('');
    expect(logs).not.toContain('super-secret-password-123');
    expect(logs).not.toContain(user.token);
  });
});
