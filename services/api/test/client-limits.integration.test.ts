// The sign-in limits count each browser on its own, also when every request comes from the web server: the web
// names its client in X-Monitrax-Client-Address next to INTERNAL_API_SECRET, and nothing else is believed. The
// counts live in PostgreSQL: every instance of the API spends the same budget, and a new one inherits it.
// (The same path through the real web server: services/web/e2e/client-limits.e2e.test.ts.)
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_HEADER, INTERNAL_SECRET_HEADER } from '@monitrax/contract/headers';
import { createApp } from '../src/app.ts';
import { expectEnvelope, memoryLogger, startTestApp, testConfig, type TestApp } from './support/test-app.ts';

const SECRET = 'integration-internal-secret-0123456789abcdef';
const fromWeb = (client: string, secret = SECRET) => ({ [CLIENT_ADDRESS_HEADER]: client, [INTERNAL_SECRET_HEADER]: secret });

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    config: { ...testConfig, internalApiSecret: SECRET },
    rateLimits: { loginPerIp: 3, loginFailuresPerEmail: 100, registerPerIp: 100 },
  });
});
afterAll(async () => {
  await t?.close();
});

const login = (email: string, password: string, headers: Record<string, string>) =>
  request(t.app).post('/api/auth/login').set(headers).send({ email, password });

describe('login limits per client, through the web server', () => {
  it("one client's failures do not lock out another client behind the same web server", async () => {
    const victim = await t.register();
    for (let i = 0; i < 3; i += 1) expect((await login('nobody@example.com', 'wrong-password', fromWeb('203.0.113.10'))).status).toBe(401);
    const blocked = await login('nobody@example.com', 'wrong-password', fromWeb('203.0.113.10'));
    expect(blocked.status).toBe(429);
    expect(expectEnvelope(blocked.body).error?.code).toBe('RATE_LIMITED');
    // Same socket (the web server), another browser: its own budget.
    expect((await login(victim.email, victim.password, fromWeb('198.51.100.20'))).status).toBe(200);
  });

  it('a limited client cannot buy a fresh budget with headers of its own', async () => {
    for (let i = 0; i < 3; i += 1) await login('nobody@example.com', 'wrong-password', fromWeb('203.0.113.30'));
    expect((await login('nobody@example.com', 'wrong-password', fromWeb('203.0.113.30'))).status).toBe(429);
    // Without the secret (a browser talking to the API directly), the claimed address is ignored: the request
    // counts against the socket's address, whatever X-Forwarded-For or the client-address header say.
    const direct = { 'X-Forwarded-For': '192.0.2.99', [CLIENT_ADDRESS_HEADER]: '192.0.2.99' };
    for (let i = 0; i < 3; i += 1) await login('nobody@example.com', 'wrong-password', direct);
    expect((await login('nobody@example.com', 'wrong-password', { ...direct, 'X-Forwarded-For': '192.0.2.100' })).status).toBe(429);
    // A wrong secret is the same as none, and the log says once that the web's value differs.
    expect((await login('nobody@example.com', 'wrong-password', fromWeb('192.0.2.101', 'not-the-secret-but-long-enough-to-look-real'))).status).toBe(429);
    expect((await login('nobody@example.com', 'wrong-password', fromWeb('192.0.2.102', 'not-the-secret-but-long-enough-to-look-real'))).status).toBe(429);
    const mismatches = t.logLines.filter((line) => line.includes("is not this API's INTERNAL_API_SECRET"));
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]).not.toContain('not-the-secret');
  });

  it('an address that is not an IP is not believed either', async () => {
    const garbage = await login('nobody@example.com', 'wrong-password', fromWeb('not-an-address'));
    // Counted against the socket's address, which the test above already exhausted.
    expect(garbage.status).toBe(429);
  });
});

describe('behind proxies that append to X-Forwarded-For (TRUST_PROXY=2, as on Render: Cloudflare, then Render)', () => {
  // The peer is Render's proxy; "<client>, <Cloudflare edge>" arrives, and what a client wrote is further left.
  let behindRender: Express;
  let lines: string[];
  beforeAll(() => {
    const logged = memoryLogger();
    lines = logged.lines;
    behindRender = createApp({
      config: { ...testConfig, trustProxy: 2 },
      db: t.db,
      logger: logged.logger,
      rateLimits: { loginPerIp: 3, loginFailuresPerEmail: 100, registerPerIp: 100 },
    });
  });
  const attempt = (forwardedFor: string) =>
    request(behindRender).post('/api/auth/login').set('X-Forwarded-For', forwardedFor).send({ email: 'nobody@example.com', password: 'wrong-password' });

  it('counts each client on its own, not the edge address many clients share', async () => {
    const edge = '104.22.17.40';
    for (let i = 0; i < 3; i += 1) expect((await attempt(`203.0.113.50, ${edge}`)).status).toBe(401);
    expect((await attempt(`203.0.113.50, ${edge}`)).status).toBe(429);
    // Another visitor through the same Cloudflare edge: a budget of its own.
    expect((await attempt(`198.51.100.50, ${edge}`)).status).toBe(401);
  });

  it('a forged leftmost entry buys nothing: the client is counted from the right', async () => {
    for (const forged of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) expect((await attempt(`${forged}, 203.0.113.50, 104.22.17.41`)).status).toBe(429);
  });

  it('logs each chain length once, never an address, and warns when there are fewer entries than hops', async () => {
    await attempt('198.51.100.60'); // one entry: fewer than TRUST_PROXY
    await attempt('198.51.100.61');
    const reports = lines.filter((line) => line.includes('xForwardedForEntries')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(reports.map((report) => [report.xForwardedForEntries, report.level])).toEqual([
      [2, 30],
      [3, 30],
      [1, 40],
    ]);
    const reportText = lines.filter((line) => line.includes('xForwardedForEntries')).join('\n');
    for (const address of ['203.0.113.50', '104.22.17.40', '192.0.2.1', '198.51.100.60']) expect(reportText).not.toContain(address);
  });
});

describe('the per-email limit keys on the email as validation reads it', () => {
  it('padding, case and spaces share one budget; over-long input is refused, not unlimited', async () => {
    const limited = await startTestApp({ rateLimits: { loginPerIp: 1000, loginFailuresPerEmail: 3, registerPerIp: 100 } });
    try {
      const user = await limited.register();
      const variants = [` ${user.email}`, user.email.toUpperCase(), `${user.email}   `];
      for (const email of variants) expect((await request(limited.app).post('/api/auth/login').send({ email, password: 'wrong-password' })).status).toBe(401);
      expect((await request(limited.app).post('/api/auth/login').send({ email: user.email, password: user.password })).status).toBe(429);
      const padded = await request(limited.app)
        .post('/api/auth/login')
        .send({ email: `${' '.repeat(400)}${user.email}`, password: 'wrong-password' });
      expect(padded.status).toBe(400);
      expect(expectEnvelope(padded.body).error?.code).toBe('VALIDATION_ERROR');
    } finally {
      await limited.close();
    }
  });
});

describe('one budget in PostgreSQL, whichever instance answers', () => {
  // A second app on the same database stands for a second API instance (the processes themselves:
  // resilience/shared-limits.slow.test.ts); a third, built after the others, for an instance after a restart.
  const instance = (of: TestApp, logger = memoryLogger().logger) =>
    createApp({ config: testConfig, db: of.db, logger, rateLimits: { loginPerIp: 4, loginFailuresPerEmail: 100, registerPerIp: 100 }, version: 'test' });
  const attempt = (app: Express, email = 'nobody@example.com') => request(app).post('/api/auth/login').send({ email, password: 'wrong-password' });

  it('alternating between two instances spends one budget, and a new instance inherits it', async () => {
    const shared = await startTestApp();
    try {
      const [a, b] = [instance(shared), instance(shared)];
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await attempt(i % 2 === 0 ? a : b)).status);
      expect(statuses).toEqual([401, 401, 401, 401]);
      const overA = await attempt(a);
      const overB = await attempt(b);
      expect([overA.status, overB.status]).toEqual([429, 429]);
      expect(expectEnvelope(overB.body).error?.code).toBe('RATE_LIMITED');
      // The RateLimit headers report the shared count, under the budget's name.
      expect(overB.headers.ratelimit).toMatch(/"login-client"; r=0; t=\d+/);
      expect(overB.headers['ratelimit-policy']).toMatch(/"login-client"; q=4; w=900/);
      expect((await attempt(instance(shared))).status).toBe(429);
      const rows = await shared.db.prisma.rateLimit.findMany({ where: { key: { startsWith: 'login-client:' } } });
      expect(rows.map((row) => ({ key: row.key, points: row.points }))).toEqual([{ key: expect.stringMatching(/^login-client:.*127\.0\.0\.1$/), points: 7 }]);
      expect(rows[0]!.expire!.getTime()).toBeGreaterThan(Date.now());
    } finally {
      await shared.close();
    }
  });

  it('counts every one of many simultaneous attempts (one atomic upsert each)', async () => {
    const limited = await startTestApp({ rateLimits: { loginPerIp: 1000, loginFailuresPerEmail: 5, registerPerIp: 100 } });
    try {
      const user = await limited.register();
      const answers = await Promise.all(Array.from({ length: 12 }, () => attempt(limited.app, user.email)));
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
    } finally {
      await limited.close();
    }
  });

  it("a success refunds the email's failure in PostgreSQL", async () => {
    const limited = await startTestApp({ rateLimits: { loginPerIp: 1000, loginFailuresPerEmail: 3, registerPerIp: 100 } });
    try {
      const user = await limited.register();
      const count = async () => (await limited.db.prisma.rateLimit.findUnique({ where: { key: `login-email:${user.email}` } }))?.points;
      for (let i = 0; i < 2; i += 1) expect((await attempt(limited.app, user.email)).status).toBe(401);
      expect((await request(limited.app).post('/api/auth/login').send({ email: user.email, password: user.password })).status).toBe(200);
      // The refund is written after the answer has gone out: wait for the row to show it.
      await expect.poll(count, { timeout: 5_000, interval: 20 }).toBe(2);
      expect((await attempt(limited.app, user.email)).status).toBe(401);
      expect((await attempt(limited.app, user.email)).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('when PostgreSQL cannot count, each instance counts on its own and the log says so once each way', async () => {
    const limited = await startTestApp();
    const log = memoryLogger();
    const app = instance(limited, log.logger);
    const said = (pattern: RegExp) => log.lines.filter((line) => pattern.test(line)).length;
    try {
      await limited.db.prisma.$executeRawUnsafe('ALTER TABLE "RateLimit" RENAME TO "RateLimitAway"');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await attempt(app)).status);
      // Neither open (no limit) nor closed (every sign-in refused): the same budget, in this process.
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
      expect(said(/PostgreSQL could not count an attempt/)).toBe(1);
      expect(log.lines.find((line) => /PostgreSQL could not count/.test(line))).toMatch(/"level":50/);

      await limited.db.prisma.$executeRawUnsafe('ALTER TABLE "RateLimitAway" RENAME TO "RateLimit"');
      // Back to the shared count, which saw none of the attempts above.
      expect((await attempt(app)).status).toBe(401);
      expect(said(/PostgreSQL counts attempts again/)).toBe(1);
      expect(said(/PostgreSQL could not count an attempt/)).toBe(1);
    } finally {
      await limited.close();
    }
  });
});
