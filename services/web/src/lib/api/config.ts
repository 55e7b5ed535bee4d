// Where the web server reaches the API. Read at request time (never at build time), so one build runs
// everywhere. Development falls back to the local API; production refuses to guess.

export const DEVELOPMENT_API_URL = 'http://127.0.0.1:4000';

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
    url = new URL(raw);
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
