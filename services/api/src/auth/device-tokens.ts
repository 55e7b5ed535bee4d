// Device tokens, after OWASP's device cookies for slowing online guessing: a browser that has signed in to an account
// gets a token naming that account (a random id and an HMAC of the email and the id under a key derived from
// JWT_SECRET, so every instance can check it and none needs a table). Its later sign-ins to that account carry it and
// are judged by a budget of their own (rate-limits.ts): failures from elsewhere, however many, never lock the owner's
// usual browser out. A token opens nothing by itself; it only says which budget an attempt spends.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface DeviceTokens {
  /** A new token for a browser that just signed in to (or signed up with) `email`. */
  issue(email: string): string;
  /** The device's id when `token` was issued for `email`; undefined for anything else. */
  verify(token: string | undefined, email: string): string | undefined;
}

const MOST_TOKEN_LENGTH = 128;

export function createDeviceTokens(jwtSecret: string): DeviceTokens {
  // Its own key, so a device token can never pass for anything signed with JWT_SECRET itself.
  const key = createHmac('sha256', jwtSecret).update('monitrax device token v1').digest();
  const macOf = (email: string, id: string) => createHmac('sha256', key).update(`${email}\n${id}`).digest();
  return {
    issue(email) {
      const id = randomBytes(16).toString('base64url');
      return `${id}.${macOf(email, id).toString('base64url')}`;
    },
    verify(token, email) {
      if (!token || token.length > MOST_TOKEN_LENGTH) return undefined;
      const [id, mac, extra] = token.split('.');
      if (!id || !mac || extra !== undefined) return undefined;
      const given = Buffer.from(mac, 'base64url');
      const expected = macOf(email, id);
      return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
    },
  };
}
