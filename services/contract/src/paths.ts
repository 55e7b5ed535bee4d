// Where things live on the API (docs/architecture.md: fixed contracts). The API mounts its handlers here; the web
// calls them here; the parity check (`make check`) holds the Dockerfile HEALTHCHECKs, compose.yaml and
// render.yaml to the health paths.
import type { ResourceKey } from './resources.ts';

export const HEALTH_PATHS = {
  /** Readiness: 200 pass/warn, 503 fail (database unreachable, shutting down). For monitoring, the status page,
   * compose's start order and the images' HEALTHCHECK: it says whether this instance can serve now. */
  readiness: '/api/health',
  /** Liveness: 200 once the process has started (the API: reached its database once since it started) and while
   * it can serve or recover. Render's healthCheckPath: Render moves traffic to a new instance on it, and restarts
   * one that fails it for a minute, which must not happen to a process waiting out a database outage
   * (docs/operations.md: Health checks on Render). */
  liveness: '/api/health/live',
} as const;

/** The signed-in user's portfolio totals (data: contract Snapshot). */
export const PORTFOLIO_SNAPSHOT_PATH = '/api/portfolio/snapshot';

/** The signed-in user's daily points, oldest first (data: contract HistoryPoint[]; ?days=N). */
export const PORTFOLIO_HISTORY_PATH = '/api/portfolio/history';

/** /api/properties, /api/loans, ...: list and create; `${resourcePath(key)}/:id` reads, replaces, patches, deletes. */
export function resourcePath(key: ResourceKey): `/api/${ResourceKey}` {
  return `/api/${key}`;
}
