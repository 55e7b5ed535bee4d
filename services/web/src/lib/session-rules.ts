// Session rules shared by the proxy (src/proxy.ts) and server code. Pure: no Next.js imports.
import { SIGN_IN_PAGE } from '@monitrax/contract/auth';
import { RESOURCE_KEYS } from '@monitrax/contract/resource-fields';

/**
 * The httpOnly cookie holding the API's JWT, never readable by client JS. In production its name has the `__Host-`
 * prefix: the browser keeps it only when it is Secure, host-only and for Path=/, so no subdomain and no plain-HTTP
 * page can set or shadow it. Development keeps the plain name (Safari refuses Secure cookies from http://localhost).
 */
export const SESSION_COOKIE_NAMES = { production: '__Host-monitrax_session', development: 'monitrax_session' } as const;
export const SESSION_COOKIE = process.env.NODE_ENV === 'production' ? SESSION_COOKIE_NAMES.production : SESSION_COOKIE_NAMES.development;

/** The httpOnly cookie naming this browser as one that has signed in to an account before (the API's device token):
 * its later sign-ins to that account spend a budget of their own (docs/security.md). Kept a year; same prefix rule. */
export const DEVICE_COOKIE_NAMES = { production: '__Host-monitrax_device', development: 'monitrax_device' } as const;
export const DEVICE_COOKIE = process.env.NODE_ENV === 'production' ? DEVICE_COOKIE_NAMES.production : DEVICE_COOKIE_NAMES.development;
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export const SIGN_IN_PATH = SIGN_IN_PAGE;
export const EXPIRED_SIGN_IN_PATH = `${SIGN_IN_PAGE}?reason=expired`;
export const HOME_PATH = '/dashboard';

/** The status page: readable signed out. */
export const STATUS_PATH = '/status';

/** The Documents screen (and /documents/<id>/download, /documents/upload below it). */
export const DOCUMENTS_PAGE = '/documents';

/** The signed-in person's password page. */
export const PASSWORD_PATH = '/account/password';

/** Paths (and everything below them) that need a session: the dashboard, every resource's screens, the account's
 * pages. /status and the auth pages do not. */
export const PROTECTED_PREFIXES: readonly string[] = [HOME_PATH, ...RESOURCE_KEYS.map((key) => `/${key}`), DOCUMENTS_PAGE, '/account'];

export function isProtectedPath(pathname: string): boolean {
  return PROTECTED_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/** Where to go after signing in: only a same-site path of this app, never another origin ("//evil", "/\evil"). */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length > 512) return HOME_PATH;
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return HOME_PATH;
  // eslint-disable-next-line no-control-regex
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(next)) return HOME_PATH;
  const pathname = next.split(/[?#]/, 1)[0] ?? '';
  if (!isProtectedPath(pathname) && pathname !== STATUS_PATH) return HOME_PATH;
  return next;
}

/** /sign-in?next=<path> for a signed-out visitor of a protected page ("/" stays readable: next=/loans). */
export function signInPathFor(next: string): string {
  if (safeNextPath(next) !== next) return SIGN_IN_PATH;
  return `${SIGN_IN_PATH}?next=${encodeURIComponent(next).replace(/%2F/gi, '/')}`;
}

/** Seconds from now until an ISO expiry (the cookie's Max-Age); at least 1, at most the token's 12 h plus slack. */
export function maxAgeSeconds(expiresAt: string, now = Date.now()): number {
  const expires = Date.parse(expiresAt);
  if (Number.isNaN(expires)) return 60 * 60;
  return Math.min(Math.max(1, Math.floor((expires - now) / 1000)), 24 * 60 * 60);
}

/** The `exp` claim of a JWT, read without verifying it (only the API verifies). Undefined when unreadable. */
export function tokenExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp : undefined;
  } catch {
    return undefined;
  }
}

/** True when the token says it has expired. A token without a readable `exp` is left for the API to judge. */
export function isTokenExpired(token: string, now = Date.now()): boolean {
  const exp = tokenExpiry(token);
  return exp !== undefined && exp * 1000 <= now;
}
