// Access tokens: JWT signed with HS256 only. Verification pins the algorithm (so `alg: none` and
// RS/HS confusion are rejected), and requires our issuer, audience, an unexpired `exp` and a session id (`jti`):
// a token is only as alive as its Session row (sessions.ts), which sign-out and a password change revoke.
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';

export const TOKEN_ISSUER = 'monitrax-api';
export const TOKEN_AUDIENCE = 'monitrax-web';
export const TOKEN_ALGORITHM = 'HS256';
export const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

export interface TokenClaims {
  userId: string;
  sessionId: string;
}

export interface TokenService {
  /** How long a token (and so its session) lives. */
  readonly lifetimeSeconds: number;
  issue(claims: TokenClaims, expiresAt: Date): { token: string; expiresAt: string };
  /** The claims, or undefined for any token that is not ours, intact and current. */
  verify(token: string): TokenClaims | undefined;
}

export function createTokenService(secret: string, lifetimeSeconds = TOKEN_LIFETIME_SECONDS): TokenService {
  // Made once: given a string, jsonwebtoken builds this KeyObject again on every sign and verify.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    lifetimeSeconds,
    issue({ userId, sessionId }, expiresAt) {
      // exp is the session's own expiry, so the cookie, the token and the row end together.
      const token = jwt.sign({ exp: Math.floor(expiresAt.getTime() / 1000) }, key, {
        algorithm: TOKEN_ALGORITHM,
        subject: userId,
        jwtid: sessionId,
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
      });
      return { token, expiresAt: expiresAt.toISOString() };
    },
    verify(token) {
      try {
        const payload = jwt.verify(token, key, {
          algorithms: [TOKEN_ALGORITHM],
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
        });
        if (typeof payload === 'string' || typeof payload.sub !== 'string' || typeof payload.jti !== 'string' || typeof payload.exp !== 'number')
          return undefined;
        return { userId: payload.sub, sessionId: payload.jti };
      } catch {
        return undefined;
      }
    },
  };
}
