// Attacks on authentication, each against every protected endpoint: forged and stale tokens get the same 401 as
// no token at all (nothing in the answer says why), and brute-force logins meet 429. The real app with its
// default rate limits on a real PostgreSQL.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_RATE_LIMITS } from '../../src/auth/rate-limits.ts';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../src/auth/tokens.ts';
import { expectEnvelope, startTestApp, TEST_JWT_SECRET, type TestApp, type TestUser } from '../support/test-app.ts';
import { summary } from './support.ts';

let t: TestApp;
let victim: TestUser;
let deleted: TestUser;
const PROTECTED = ['/api/auth/me', '/api/properties', '/api/loans', '/api/accounts', '/api/income', '/api/expenses', '/api/portfolio/snapshot'];
const LEAKY_WORDS = /jwt|expired|signature|algorithm|audience|issuer|not before|malformed|invalid token|deleted/i;

beforeAll(async () => {
  t = await startTestApp({ rateLimits: DEFAULT_AUTH_RATE_LIMITS });
  victim = await t.register();
  deleted = await t.register();
  await t.db.prisma.user.delete({ where: { id: deleted.id } });
});
afterAll(async () => {
  await t?.close();
});

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = (sub: string, extra: object = {}) => ({ sub, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: now(), exp: now() + 3600, ...extra });

function attackTokens(): Array<[string, string]> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const [header, , signature] = victim.token.split('.');
  return [
    ['alg: none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims(victim.id))}.`],
    ['alg: none, signature kept', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims(victim.id))}.${signature}`],
    ['RS256 with an attacker key', jwt.sign(claims(victim.id), privateKey, { algorithm: 'RS256' })],
    ['HS256 keyed with an RSA public key (RS/HS confusion)', jwt.sign(claims(victim.id), publicPem, { algorithm: 'HS256' })],
    ['HS512 with the real secret (algorithm not pinned?)', jwt.sign(claims(victim.id), TEST_JWT_SECRET, { algorithm: 'HS512' })],
    ['tampered payload, original signature', `${header}.${b64(claims(deleted.id))}.${signature}`],
    ['signed with another secret', jwt.sign(claims(victim.id), randomBytes(32).toString('base64'), { algorithm: 'HS256' })],
    ['expired', jwt.sign(claims(victim.id, { iat: now() - 7200, exp: now() - 60 }), TEST_JWT_SECRET, { algorithm: 'HS256' })],
    ['not yet valid (nbf in an hour)', jwt.sign(claims(victim.id, { nbf: now() + 3600 }), TEST_JWT_SECRET, { algorithm: 'HS256' })],
    ['wrong issuer', jwt.sign(claims(victim.id, { iss: 'someone-else' }), TEST_JWT_SECRET, { algorithm: 'HS256' })],
    ['wrong audience', jwt.sign(claims(victim.id, { aud: 'another-app' }), TEST_JWT_SECRET, { algorithm: 'HS256' })],
    ['no exp', jwt.sign({ sub: victim.id, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE }, TEST_JWT_SECRET, { algorithm: 'HS256' })],
    ['not a uuid subject', jwt.sign(claims("' OR 1=1 --"), TEST_JWT_SECRET, { algorithm: 'HS256' })],
    ['token of a deleted user', deleted.token],
    ['garbage', 'not.a.token'],
    ['empty', ''],
  ];
}

describe('auth attacks', () => {
  it('forged, stale and foreign tokens get the same 401 as no token, on every protected endpoint', async () => {
    const baseline = await request(t.app).get('/api/auth/me');
    expect(baseline.status).toBe(401);
    const expectedMessage = expectEnvelope(baseline.body).error!.message;
    let attempts = 0;
    const attacks = attackTokens();
    for (const [name, token] of attacks) {
      for (const path of PROTECTED) {
        for (const header of [`Bearer ${token}`, `bearer ${token}`, `Bearer  ${token}`, token]) {
          const response = await request(t.app).get(path).set('Authorization', header);
          attempts += 1;
          expect(response.status, `${name} on ${path} (${header.slice(0, 12)}...)`).toBe(401);
          const envelope = expectEnvelope(response.body);
          expect(envelope.error!.code).toBe('UNAUTHORIZED');
          expect(envelope.error!.message, `${name}: the message differs from "no token", so it tells why`).toBe(expectedMessage);
          expect(JSON.stringify(response.body), `${name}: the answer names the reason`).not.toMatch(LEAKY_WORDS);
          expect(envelope.data).toBeNull();
        }
      }
    }
    // The real token still works: the attacks were refused for what they are, not by accident.
    expect((await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${victim.token}`)).status).toBe(200);
    summary('auth attacks: tokens', { 'attack kinds': attacks.length, 'requests sent': attempts, endpoints: PROTECTED.length, accepted: 0 });
  });

  it('brute-force login meets 429 after the limit, and the limit answers in the envelope without detail', async () => {
    const limit = DEFAULT_AUTH_RATE_LIMITS.loginFailuresPerEmail;
    let attempts = 0;
    const statuses: number[] = [];
    for (let i = 0; i < limit + 5; i += 1) {
      const response = await request(t.app)
        .post('/api/auth/login')
        .send({ email: victim.email, password: `guess-${i}-wrong-password` });
      attempts += 1;
      statuses.push(response.status);
      expectEnvelope(response.body);
      expect(JSON.stringify(response.body)).not.toContain('guess-');
    }
    expect(
      statuses.slice(0, limit).every((status) => status === 401),
      `the first ${limit} guesses: ${statuses.join(' ')}`,
    ).toBe(true);
    expect(
      statuses.slice(limit).every((status) => status === 429),
      `after ${limit}: ${statuses.join(' ')}`,
    ).toBe(true);
    // Even the right password waits out the window now: the limiter does not leak which guess was right.
    const right = await request(t.app).post('/api/auth/login').send({ email: victim.email, password: victim.password });
    expect(right.status).toBe(429);
    expect(expectEnvelope(right.body).error!.code).toBe('RATE_LIMITED');
    summary('auth attacks: brute force', {
      'login attempts': attempts + 1,
      'limit per email and client': limit,
      '401 before the limit': statuses.filter((s) => s === 401).length,
      '429 after': statuses.filter((s) => s === 429).length + 1,
    });
  });
});
