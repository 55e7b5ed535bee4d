// Where the web server reaches the API. Read at request time (never at build time), so one build runs
// everywhere. Development falls back to the local API; production refuses to guess.
import { DEFAULT_PORTS } from '@monitrax/contract/platform';

export const DEVELOPMENT_API_URL = `http://127.0.0.1:${DEFAULT_PORTS.api}`;

/**
 * Every environment variable the web server reads (the parity check holds compose.yaml and render.yaml to
 * it). API_URL and INTERNAL_API_SECRET are required in production; the rest have defaults (PORT 3000,
 * HOSTNAME from the image, TRUST_PROXY 0).
 */
export const WEB_ENV = {
  required: ['API_URL', 'INTERNAL_API_SECRET'],
  optional: ['NODE_ENV', 'PORT', 'HOSTNAME', 'NEXT_TELEMETRY_DISABLED', 'TRUST_PROXY'],
} as const;

/** The API's own rule for the shared secret (services/api/src/config/env.ts). */
export const INTERNAL_API_SECRET_MIN_LENGTH = 32;

/** INTERNAL_API_SECRET, checked: required in production, never shorter than the API accepts. */
export function resolveInternalApiSecret(env: { INTERNAL_API_SECRET?: string | undefined; NODE_ENV?: string | undefined }): string | undefined {
  const secret = env.INTERNAL_API_SECRET;
  if (!secret) {
    if (env.NODE_ENV === 'production') {
      throw new ApiConfigError(
        "INTERNAL_API_SECRET: is required in production (the API's own value: it lets the API believe which browser a sign-in comes from)",
      );
    }
    return undefined;
  }
  if (secret.length < INTERNAL_API_SECRET_MIN_LENGTH)
    throw new ApiConfigError(`INTERNAL_API_SECRET: must be at least ${INTERNAL_API_SECRET_MIN_LENGTH} characters`);
  return secret;
}

/** TRUST_PROXY: how many proxies in front of the web server append to X-Forwarded-For (0 when none). */
export function resolveTrustedHops(env: { TRUST_PROXY?: string | undefined }): number {
  const raw = env.TRUST_PROXY?.trim() || '0';
  const hops = Number(raw);
  if (!/^\d+$/.test(raw) || hops > 10) throw new ApiConfigError('TRUST_PROXY: must be a whole number of proxy hops from 0 to 10');
  return hops;
}

/** host:port with no scheme, as Render's `fromService ... property: hostport` gives (its private network). */
const BARE_HOST_PORT = /^[a-z0-9.-]+:\d{1,5}$/i;

export class ApiConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiConfigError';
  }
}

/** API_URL -> base URL without a trailing slash (a trailing "/api" is tolerated and removed). */
export function resolveApiUrl(env: { API_URL?: string | undefined; NODE_ENV?: string | undefined }): string {
  const raw = env.API_URL?.trim();
  if (!raw) {
    if (env.NODE_ENV === 'production') {
      throw new ApiConfigError('API_URL: is required in production (the API base URL the web server calls, e.g. https://monitrax-api.onrender.com)');
    }
    return DEVELOPMENT_API_URL;
  }
  let url: URL;
  try {
    // Render's private network speaks plain HTTP between services.
    url = new URL(BARE_HOST_PORT.test(raw) ? `http://${raw}` : raw);
  } catch {
    throw new ApiConfigError('API_URL: must be an absolute http(s) URL, e.g. http://127.0.0.1:4000');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiConfigError('API_URL: must use http or https');
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ApiConfigError('API_URL: must be a plain base URL without credentials, query or fragment');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/api$/, '')}`;
}
