// Where the health endpoints live (the contract in ARCHITECTURE.md). app.ts mounts the health handlers here;
// the parity check (`make check`) holds the Dockerfile HEALTHCHECK, compose.yaml and render.yaml to it.
export const HEALTH_PATHS = {
  /** Readiness: 200 pass/warn, 503 fail (database unreachable, shutting down). Render's healthCheckPath. */
  readiness: '/api/health',
  /** Liveness: 200 while the process runs. */
  liveness: '/api/health/live',
} as const;
