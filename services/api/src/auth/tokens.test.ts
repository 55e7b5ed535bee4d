import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, createTokenService } from './tokens.ts';

const secret = 'unit-test-secret-with-enough-length';
const tokens = createTokenService(secret);
const userId = '7f0c5a5e-2d7e-4a59-9a3c-0d3b8c1f2a11';
const sessionId = '0b6d1c2e-8f3a-4e5b-9c7d-1a2b3c4d5e6f';
const claims = { userId, sessionId };
const inAnHour = () => new Date(Date.now() + 3_600_000);
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('token service', () => {
  it('round-trips the user and session ids with HS256, exp (the session expiry), iss and aud', () => {
    const until = inAnHour();
    const { token, expiresAt } = tokens.issue(claims, until);
    expect(tokens.verify(token)).toEqual(claims);
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    const payload = jwt.decode(token) as jwt.JwtPayload;
    expect(header.alg).toBe('HS256');
    expect(payload).toMatchObject({ sub: userId, jti: sessionId, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, exp: Math.floor(until.getTime() / 1000) });
    expect(expiresAt).toBe(until.toISOString());
  });

  it('refuses alg none', () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: userId, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, exp: now + 600 })}.`;
    expect(tokens.verify(unsigned)).toBeUndefined();
  });

  it('refuses a tampered payload, another key, expiry, wrong audience or issuer, a missing exp or session id', () => {
    const { token } = tokens.issue(claims, inAnHour());
    const [header, , signature] = token.split('.');
    const forged = `${header}.${base64url({ sub: 'someone-else', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, exp: 9999999999 })}.${signature}`;
    expect(tokens.verify(forged)).toBeUndefined();
    expect(createTokenService('another-secret-entirely-different').verify(token)).toBeUndefined();
    const sign = (claims: object, options: jwt.SignOptions = {}) => jwt.sign(claims, secret, { algorithm: 'HS256', ...options });
    expect(tokens.verify(sign({ sub: userId }, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, expiresIn: -10 }))).toBeUndefined();
    expect(tokens.verify(sign({ sub: userId }, { issuer: TOKEN_ISSUER, audience: 'someone-else', expiresIn: 60 }))).toBeUndefined();
    expect(tokens.verify(sign({ sub: userId }, { issuer: 'evil', audience: TOKEN_AUDIENCE, expiresIn: 60 }))).toBeUndefined();
    expect(tokens.verify(sign({ sub: userId }, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE }))).toBeUndefined();
    expect(tokens.verify(sign({ sub: userId }, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, algorithm: 'HS512', expiresIn: 60 }))).toBeUndefined();
    // A token from before sessions (no jti) names no session: refused, so it cannot outlive a sign-out.
    expect(tokens.verify(sign({ sub: userId }, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, expiresIn: 60 }))).toBeUndefined();
    expect(tokens.verify(sign({ sub: userId }, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, expiresIn: 60, jwtid: sessionId }))).toEqual(claims);
  });
});
