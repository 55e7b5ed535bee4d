// Security headers for a JSON API, computed by helmet. Helmet's defaults are written for HTML pages (a CSP that
// allows same-origin scripts and styles, DNS-prefetch and download controls, an opener policy for windows);
// this API serves no document, so it sends what the OWASP REST Security Cheat Sheet lists for an API instead:
// a CSP that allows nothing and no framing, nosniff, no referrer, HSTS, and resources readable same-origin only.
import helmet from 'helmet';

/** Helmet's middleware with the API's choice of headers. */
export function securityHeaders() {
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
