import jwt from 'jsonwebtoken';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../src/auth/tokens.ts';
import { CLIENT_ADDRESS_HEADER, DEVICE_TOKEN_HEADER, INTERNAL_SECRET_HEADER } from '@monitrax/contract/headers';
import { TEST_INTERNAL_SECRET, TEST_JWT_SECRET, expectEnvelope, startTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('register, login, me', () => {
  it('signs up through the mailed link, logs in and reads the profile', async () => {
    const requested = await request(t.app).post('/api/auth/register').send({ email: 'Ada@Example.com ', password: 'analytical-engine', name: 'Ada' });
    expect(requested.status).toBe(202);
    expect(expectEnvelope(requested.body).data).toEqual({ email: 'ada@example.com', confirmationSent: true });
    const mail = await t.db.prisma.outgoingEmail.findFirstOrThrow({ where: { to: 'ada@example.com' } });
    const confirmed = await request(t.app)
      .post('/api/auth/confirm')
      .send({ token: new URL(mail.link!).searchParams.get('token'), password: 'analytical-engine' });
    expect(confirmed.status).toBe(201);
    const body = expectEnvelope(confirmed.body);
    expect(body.data).toMatchObject({ token: expect.any(String), user: { email: 'ada@example.com', name: 'Ada' } });
    expect(JSON.stringify(body)).not.toContain('passwordHash');

    const login = await request(t.app).post('/api/auth/login').send({ email: 'ada@example.com', password: 'analytical-engine' });
    expect(login.status).toBe(200);
    const { token, user } = expectEnvelope(login.body).data as { token: string; user: Record<string, unknown> };
    expect(user).toMatchObject({ email: 'ada@example.com', name: 'Ada' });
    expect(user).not.toHaveProperty('passwordHash');
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(header.alg).toBe('HS256');

    const me = await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`);
    expect(me.status).toBe(200);
    expect(expectEnvelope(me.body).data).toMatchObject({ email: 'ada@example.com', name: 'Ada' });
    expect(me.headers['x-request-id']).toBe(me.body.meta.requestId);

    const stored = await t.db.prisma.user.findUniqueOrThrow({ where: { email: 'ada@example.com' } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('validates the registration body field by field and rejects unknown fields', async () => {
    const response = await request(t.app).post('/api/auth/register').send({ email: 'nope', password: 'short', isAdmin: true });
    expect(response.status).toBe(400);
    const { error } = expectEnvelope(response.body);
    expect(error?.code).toBe('VALIDATION_ERROR');
    const fields = (error!.details as { issues: { field: string }[] }).issues.map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'name', 'isAdmin']));
  });

  it('gives the same 401 for an unknown email and a wrong password', async () => {
    const user = await t.register();
    const wrongPassword = await request(t.app).post('/api/auth/login').send({ email: user.email, password: 'not-the-password' });
    const unknownEmail = await request(t.app).post('/api/auth/login').send({ email: 'nobody@example.com', password: 'whatever-password' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body.error).toEqual(unknownEmail.body.error);
  });
});

describe('token checks on protected routes', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ['no header', () => undefined],
    ['not a bearer token', () => 'Basic dXNlcjpwYXNz'],
    ['garbage', () => 'Bearer not-a-jwt'],
  ])('401 for %s', async (_label, header) => {
    const call = request(t.app).get('/api/auth/me');
    const value = header();
    const response = await (value ? call.set('Authorization', value) : call);
    expect(response.status).toBe(401);
    expect(expectEnvelope(response.body).error?.code).toBe('UNAUTHORIZED');
  });

  it('401 for tampered, expired, alg none, wrong audience, wrong issuer and foreign-key tokens', async () => {
    const user = await t.register();
    const [header, , signature] = user.token.split('.');
    const claims = { sub: user.id, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, exp: now() + 600 };
    const sign = (payload: object, secret = TEST_JWT_SECRET) => jwt.sign(payload, secret, { algorithm: 'HS256' });
    const bad = {
      tampered: `${header}.${b64({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })}.${signature}`,
      expired: sign({ ...claims, exp: now() - 5 }),
      algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      wrongAudience: sign({ ...claims, aud: 'somebody-else' }),
      wrongIssuer: sign({ ...claims, iss: 'somebody-else' }),
      otherSecret: sign(claims, 'a-different-secret-of-decent-length'),
      notYetValid: sign({ ...claims, nbf: now() + 600 }),
    };
    expect((await request(t.app).get('/api/auth/me').set(user.auth)).status).toBe(200);
    for (const [label, token] of Object.entries(bad)) {
      const response = await request(t.app).get('/api/properties').set('Authorization', `Bearer ${token}`);
      expect({ label, status: response.status }).toEqual({ label, status: 401 });
      expect(JSON.stringify(response.body)).not.toMatch(/jwt|signature|expired|audience/i);
    }
  });

  it("stops accepting a deleted user's token at once", async () => {
    const user = await t.register();
    await t.db.prisma.user.delete({ where: { id: user.id } });
    const response = await request(t.app).get('/api/auth/me').set(user.auth);
    expect(response.status).toBe(401);
  });
});

describe('rate limits', () => {
  it('429 after too many failed logins for one email from one client, in the envelope; nobody else is locked out', async () => {
    const limited = await startTestApp({ rateLimits: { loginPerIp: 100, loginFailuresPerEmail: 3, registerPerIp: 100 } });
    try {
      const user = await limited.register();
      const from = (address: string) => ({ [CLIENT_ADDRESS_HEADER]: address, [INTERNAL_SECRET_HEADER]: TEST_INTERNAL_SECRET });
      const attempt = (address: string, password = 'wrong-password', headers: Record<string, string> = {}) =>
        request(limited.app)
          .post('/api/auth/login')
          .set({ ...from(address), ...headers })
          .send({ email: user.email, password });
      for (let i = 0; i < 3; i += 1) expect((await attempt('203.0.113.1')).status).toBe(401);
      const blocked = await attempt('203.0.113.1');
      expect(blocked.status).toBe(429);
      expect(expectEnvelope(blocked.body).error?.code).toBe('RATE_LIMITED');
      // The client that failed waits out the window, even with the right password ...
      expect((await attempt('203.0.113.1', user.password)).status).toBe(429);
      // ... but the owner, from a client that has not failed, signs in (slowed, not refused) ...
      const owner = await attempt('198.51.100.1', user.password);
      expect(owner.status).toBe(200);
      // ... and other clients are slowed, not walled: a wrong password is still just wrong.
      expect((await attempt('198.51.100.2')).status).toBe(401);
      const deviceToken = (expectEnvelope(owner.body).data as { deviceToken: string }).deviceToken;
      expect(deviceToken).toMatch(/^[\w-]+\.[\w-]+$/);

      // The browser that signed in before spends a budget of its own, whoever else failed, from any address.
      const device = { [DEVICE_TOKEN_HEADER]: deviceToken };
      for (let i = 0; i < 3; i += 1) expect((await attempt('192.0.2.9')).status).toBe(401);
      expect((await attempt('203.0.113.1', user.password, device)).status).toBe(200);
      for (let i = 0; i < 3; i += 1) expect((await attempt('192.0.2.10', 'wrong-password', device)).status).toBe(401);
      expect((await attempt('192.0.2.10', user.password, device)).status).toBe(429);
      // A device token is for the account it was issued for, and a forged one is no token.
      const other = await limited.register();
      const onOther = (password: string, headers: Record<string, string> = {}) =>
        request(limited.app)
          .post('/api/auth/login')
          .set({ ...from('203.0.113.2'), ...headers })
          .send({ email: other.email, password });
      for (let i = 0; i < 3; i += 1) expect((await onOther('wrong-password')).status).toBe(401);
      expect((await onOther(other.password, device)).status).toBe(429);
      const [id] = deviceToken.split('.');
      expect((await attempt('203.0.113.1', user.password, { [DEVICE_TOKEN_HEADER]: `${id}.${'A'.repeat(43)}` })).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('429 after too many registrations from one IP', async () => {
    const limited = await startTestApp({ rateLimits: { loginPerIp: 100, loginFailuresPerEmail: 100, registerPerIp: 2 } });
    try {
      await limited.register();
      await limited.register();
      const third = await request(limited.app).post('/api/auth/register').send({ email: 'third@example.com', password: 'long-enough-pw', name: 'Third' });
      expect(third.status).toBe(429);
      // Counted in PostgreSQL (every instance spends the same budget): the refused attempt counts too.
      const counted = await limited.db.prisma.rateLimit.findMany({ where: { key: { startsWith: 'register-client:' } }, select: { points: true } });
      expect(counted).toEqual([{ points: 3 }]);
    } finally {
      await limited.close();
    }
  });
});
