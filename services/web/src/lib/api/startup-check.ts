// In production the web server cannot work without API_URL, so it refuses to start with one clear
// line (the API does the same for its own settings). Node runtime only (see src/instrumentation.ts).
import { resolveApiUrl } from './config';

export function refuseToStartWithoutApiUrl(): void {
  try {
    resolveApiUrl({ API_URL: process.env.API_URL, NODE_ENV: process.env.NODE_ENV });
  } catch (error) {
    console.error(`monitrax-web: refusing to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
