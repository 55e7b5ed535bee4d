// The sign-in limits count each browser on its own, also when every request comes from the web server: the web
// names its client in X-Monitrax-Client-Address next to INTERNAL_API_SECRET, and nothing else is believed.
// (The same path through the real web server: services/web/e2e/client-limits.e2e.test.ts.)
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_HEADER, INTERNAL_SECRET_HEADER } from '@monitrax/contract/headers';
import { expectEnvelope, startTestApp, testConfig, type TestApp } from './support/test-app.ts';

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
    // A wrong secret is the same as none.
    expect((await login('nobody@example.com', 'wrong-password', fromWeb('192.0.2.101', 'not-the-secret-but-long-enough-to-look-real'))).status).toBe(429);
  });

  it('an address that is not an IP is not believed either', async () => {
    const garbage = await login('nobody@example.com', 'wrong-password', fromWeb('not-an-address'));
    // Counted against the socket's address, which the test above already exhausted.
    expect(garbage.status).toBe(429);
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
