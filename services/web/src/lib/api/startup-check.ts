// In production the web server cannot work without API_URL and INTERNAL_API_SECRET, so it refuses to start with
// one clear line (the API does the same for its own settings). Node runtime only (see src/instrumentation.ts).
import { resolveApiUrl, resolveInternalApiSecret, resolveTrustedHops } from './config';

export function refuseToStartWithBadSettings(): void {
  try {
    resolveApiUrl({ API_URL: process.env.API_URL, NODE_ENV: process.env.NODE_ENV });
    resolveInternalApiSecret({ INTERNAL_API_SECRET: process.env.INTERNAL_API_SECRET, NODE_ENV: process.env.NODE_ENV });
    resolveTrustedHops({ TRUST_PROXY: process.env.TRUST_PROXY });
  } catch (error) {
    console.error(`monitrax-web: refusing to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
