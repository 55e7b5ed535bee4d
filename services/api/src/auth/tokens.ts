// Access tokens: JWT signed with HS256 only. Verification pins the algorithm (so `alg: none` and
// RS/HS confusion are rejected), and requires our issuer, audience and an unexpired `exp`.
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';

export const TOKEN_ISSUER = 'monitrax-api';
export const TOKEN_AUDIENCE = 'monitrax-web';
export const TOKEN_ALGORITHM = 'HS256';
export const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

export interface TokenService {
  issue(userId: string): { token: string; expiresAt: string };
  /** Returns the user id, or undefined for any token that is not ours, intact and current. */
  verify(token: string): string | undefined;
}

export function createTokenService(secret: string, lifetimeSeconds = TOKEN_LIFETIME_SECONDS): TokenService {
  // Made once: given a string, jsonwebtoken builds this KeyObject again on every sign and verify.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    issue(userId) {
      const token = jwt.sign({}, key, {
        algorithm: TOKEN_ALGORITHM,
        subject: userId,
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        expiresIn: lifetimeSeconds,
      });
      const expiresAt = new Date(Date.now() + lifetimeSeconds * 1000).toISOString();
      return { token, expiresAt };
    },
    verify(token) {
      try {
        const payload = jwt.verify(token, key, {
          algorithms: [TOKEN_ALGORITHM],
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
        });
        if (typeof payload === 'string' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return undefined;
        return payload.sub;
      } catch {
        return undefined;
      }
    },
  };
}
