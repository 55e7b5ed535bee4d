// Runs before every request but build assets (Next.js 16 "proxy", formerly middleware; Node.js runtime): pages, actions,
// route handlers, prefetches:
// - a Content-Security-Policy with a fresh nonce per request (Next.js puts it on its own scripts);
// - signed-out visitors of protected pages go to /sign-in?next=<path>;
// - a session token that says it has expired goes to /sign-in?reason=expired;
// - /sign-in?reason=expired clears the session cookie (pages cannot write cookies while rendering);
// - the client-address header the API believes is the one this server worked out, never one the client sent
//   (lib/api/client-address.ts): so it runs on every request that can reach a page, an action or a route handler,
//   prefetches included (a client can send a prefetch's headers with anything).
// This is the fast, optimistic check; every page and action still checks the session with the API.
import { NextResponse, type NextRequest } from 'next/server';
import { loadWebConfig } from './config/env';
import { settleClientAddress } from './lib/api/client-address';
import { EXPIRED_SIGN_IN_PATH, SESSION_COOKIE, isProtectedPath, isTokenExpired, signInPathFor } from './lib/session-rules';

function contentSecurityPolicy(nonce: string): string {
  const development = process.env.NODE_ENV === 'development';
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // React style props and the chart's SVG use inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function clearSessionCookie(response: NextResponse): NextResponse {
  response.cookies.set(SESSION_COOKIE, '', {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.NODE_ENV === 'production',
    path: '/',
    maxAge: 0,
  });
  return response;
}

export function proxy(request: NextRequest) {
  const { pathname, search, searchParams } = request.nextUrl;
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  const isRead = request.method === 'GET' || request.method === 'HEAD';

  if (isRead && isProtectedPath(pathname)) {
    if (!token) return NextResponse.redirect(new URL(signInPathFor(`${pathname}${search}`), request.url));
    if (isTokenExpired(token)) return clearSessionCookie(NextResponse.redirect(new URL(EXPIRED_SIGN_IN_PATH, request.url)));
  }

  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  settleClientAddress(requestHeaders, loadWebConfig().trustedHops);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);

  if (pathname === '/sign-in' && searchParams.get('reason') === 'expired' && token) clearSessionCookie(response);
  return response;
}

export const config = {
  // Everything but build assets, and the document upload: with a proxy, Next.js buffers each request body in memory
  // (up to experimental.proxyClientMaxBodySize, cutting off the rest), which a file must never be. The upload's route
  // handler sends the API no client address, so skipping the client-address rule there gives nothing away.
  // Anchored: `/robots.txt-anything` is not robots.txt, and must not skip the client-address rule.
  matcher: ['/((?!_next/static/|_next/image$|favicon\\.ico$|robots\\.txt$|documents/upload$).*)'],
};
