// Sessions that end: sign-out revokes the token it is called with; a password change revokes every other session.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, startTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ rateLimits: { loginPerIp: 1000, loginFailuresPerEmail: 1000, registerPerIp: 1000, passwordChangeFailuresPerUser: 3 } });
});
afterAll(async () => {
  await t?.close();
});

const signIn = async (email: string, password: string) => {
  const response = await request(t.app).post('/api/auth/login').send({ email, password });
  expect(response.status).toBe(200);
  return { Authorization: `Bearer ${response.body.data.token as string}` };
};
const me = (auth: Record<string, string>) => request(t.app).get('/api/auth/me').set(auth);

describe('POST /api/auth/logout', () => {
  it('revokes the token it is called with, and only that one', async () => {
    const user = await t.register();
    const other = await signIn(user.email, user.password);
    const out = await request(t.app).post('/api/auth/logout').set(user.auth);
    expect(out.status).toBe(200);
    expect(expectEnvelope(out.body).data).toEqual({ signedOut: true });
    const after = await me(user.auth);
    expect(after.status).toBe(401);
    expect(expectEnvelope(after.body).error?.code).toBe('UNAUTHORIZED');
    expect((await request(t.app).get('/api/properties').set(user.auth)).status).toBe(401);
    expect((await me(other)).status).toBe(200);
  });

  it('needs a live token', async () => {
    expect((await request(t.app).post('/api/auth/logout')).status).toBe(401);
  });
});

describe('POST /api/auth/password', () => {
  it('changes the password and signs out every other session, keeping this one', async () => {
    const user = await t.register();
    const laptop = await signIn(user.email, user.password);
    const phone = await signIn(user.email, user.password);
    const changed = await request(t.app)
      .post('/api/auth/password')
      .set(user.auth)
      .send({ currentPassword: user.password, newPassword: 'a brand new passphrase' });
    expect(changed.status).toBe(200);
    expect(expectEnvelope(changed.body).data).toEqual({ passwordChanged: true, endedSessions: 2 });
    expect((await me(user.auth)).status).toBe(200);
    expect((await me(laptop)).status).toBe(401);
    expect((await me(phone)).status).toBe(401);
    expect((await request(t.app).post('/api/auth/login').send({ email: user.email, password: user.password })).status).toBe(401);
    await signIn(user.email, 'a brand new passphrase');
  });

  it('refuses a wrong current password field by field, changing nothing; then rate-limits the guessing', async () => {
    const user = await t.register();
    const other = await signIn(user.email, user.password);
    const wrong = await request(t.app)
      .post('/api/auth/password')
      .set(user.auth)
      .send({ currentPassword: 'not my password', newPassword: 'a brand new passphrase' });
    expect(wrong.status).toBe(400);
    const body = expectEnvelope(wrong.body);
    expect(body.error?.code).toBe('VALIDATION_ERROR');
    expect(body.error?.details).toEqual({ issues: [{ field: 'currentPassword', message: 'is not your current password' }] });
    expect((await me(other)).status).toBe(200);
    await signIn(user.email, user.password);
    for (let i = 0; i < 2; i += 1)
      await request(t.app).post('/api/auth/password').set(user.auth).send({ currentPassword: 'guess', newPassword: 'a brand new passphrase' });
    const limited = await request(t.app)
      .post('/api/auth/password')
      .set(user.auth)
      .send({ currentPassword: user.password, newPassword: 'a brand new passphrase' });
    expect(limited.status).toBe(429);
  });

  it('validates the new password', async () => {
    const user = await t.register();
    const short = await request(t.app).post('/api/auth/password').set(user.auth).send({ currentPassword: user.password, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body.error.details)).toContain('newPassword');
    const same = await request(t.app).post('/api/auth/password').set(user.auth).send({ currentPassword: user.password, newPassword: user.password });
    expect(same.status).toBe(400);
  });
});
