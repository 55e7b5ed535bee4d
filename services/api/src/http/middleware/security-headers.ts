// Security headers for a JSON API, computed by helmet. Helmet's defaults are written for HTML pages (a CSP that
// allows same-origin scripts and styles, DNS-prefetch and download controls, an opener policy for windows);
// this API serves no document, so it sends what the OWASP REST Security Cheat Sheet lists for an API instead:
// a CSP that allows nothing and no framing, nosniff, no referrer, HSTS, and resources readable same-origin only.
//
// With this configuration every header is the same on every response, so helmet runs once, at build time, and
// its output is replayed: by the Express middleware below and by the health probes, which are answered before
// Express (health/probes-first.ts). One configuration, the same headers on both paths.
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

export type StaticHeaders = Readonly<Record<string, string>>;

function apiHelmet() {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    xContentTypeOptions: true,
    // Document-only headers: they change nothing for a JSON response.
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
}

/** The headers helmet sets, recorded from one run against a response that only records. */
export function securityHeaderValues(): StaticHeaders {
  const headers: Record<string, string> = {};
  let finished = false;
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name];
    },
  };
  apiHelmet()({} as never, recorder as never, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  // A helmet option that depends on the request (a CSP nonce function) would make replaying wrong.
  if (!finished) throw new Error('helmet did not finish synchronously: its headers cannot be recorded');
  return Object.freeze(headers);
}

/** Express middleware that sets the recorded headers on every response. */
export function securityHeaders(headers: StaticHeaders) {
  const entries = Object.entries(headers);
  return (_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of entries) res.setHeader(name, value);
    next();
  };
}
