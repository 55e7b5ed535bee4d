// The signed-in session on the web server: the API's JWT in an httpOnly, SameSite=Lax cookie (Secure in
// production) whose Max-Age matches the token's expiry. Pages and actions reach the API through
// withSession(), which sends signed-out visitors to /sign-in?next=... and expired sessions to
// /sign-in?reason=expired.
import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { ApiError, SessionExpiredError, describeError } from './api/envelope';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_SECONDS, EXPIRED_SIGN_IN_PATH, SESSION_COOKIE, maxAgeSeconds, signInPathFor } from './session-rules';

export async function readSessionToken(): Promise<string | undefined> {
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  return value ? value : undefined;
}

/** Server actions only (cookies can be written there and in route handlers). */
export async function saveSession(token: string, expiresAt: string): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.NODE_ENV === 'production',
    path: '/',
    maxAge: maxAgeSeconds(expiresAt),
  });
}

/** The device token an earlier sign-in in this browser left (undefined when none). */
export async function readDeviceToken(): Promise<string | undefined> {
  return (await cookies()).get(DEVICE_COOKIE)?.value || undefined;
}

/** Server actions only: remembers this browser as one that signed in (kept across sign-outs, for a year). */
export async function saveDeviceToken(deviceToken: string): Promise<void> {
  (await cookies()).set(DEVICE_COOKIE, deviceToken, {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.NODE_ENV === 'production',
    path: '/',
    maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
  });
}

/** Server actions only. */
export async function clearSession(): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, '', {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.NODE_ENV === 'production',
    path: '/',
    maxAge: 0,
  });
}

/**
 * Runs `call` with the session token. No token: redirect to sign in (and back to `returnTo` afterwards).
 * The API says 401: clear the cookie where that is allowed (server actions; for pages the proxy clears it
 * on the way to the sign-in page) and redirect to /sign-in?reason=expired.
 */
export async function withSession<T>(returnTo: string, call: (token: string) => Promise<T>): Promise<T> {
  const token = await readSessionToken();
  if (!token) redirect(signInPathFor(returnTo));
  let expired = false;
  try {
    return await call(token);
  } catch (error) {
    if (!(error instanceof SessionExpiredError)) throw error;
    expired = true;
  }
  if (expired) {
    try {
      await clearSession();
    } catch {
      // Server components cannot write cookies; src/proxy.ts clears it on /sign-in?reason=expired.
    }
  }
  redirect(EXPIRED_SIGN_IN_PATH);
}

export type Loaded<T> = { ok: true; data: T } | { ok: false; message: string; requestId: string | null };

/** withSession for pages: API problems (unavailable, not found, ...) come back as a value to show in the
 * page; redirects and unexpected errors carry on as usual. */
export async function loadWithSession<T>(returnTo: string, call: (token: string) => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await withSession(returnTo, call) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { ok: false, ...describeError(error) };
  }
}
