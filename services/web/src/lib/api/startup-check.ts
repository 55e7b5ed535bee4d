// In production the web server cannot work without API_URL and INTERNAL_API_SECRET, so it refuses to start with
// `NAME: problem` lines (the API does the same for its own settings). Node runtime only (see src/instrumentation.ts).
import { loadWebConfig } from '@/config/env';

export function refuseToStartWithBadSettings(): void {
  try {
    loadWebConfig();
  } catch (error) {
    console.error(`monitrax-web: refusing to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
