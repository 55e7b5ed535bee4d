// How the API runs wherever it serves traffic: Dockerfile.api's CMD (so compose and Render), make dev, the
// browser tests, the resilience suite and make bench. The parity check holds Dockerfile.api's CMD to these.

/** The API's entry point, relative to the repository root. */
export const API_ENTRY = 'services/api/src/server.ts';

/** A 32 MB young-generation semi-space (larger than V8's default) makes the scavenger run less often under the
 * list endpoint's allocation-heavy load (make bench's p99 at 500 req/s improved with it; docs/benchmarks.md). */
export const API_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

/** The worker's entry point (compose's `worker` command, Render's dockerCommand, make dev), from the same image. */
export const WORKER_ENTRY = 'services/worker/src/main.ts';

/** The schema sync's command line (compose's `schema` one-shot, Render's preDeployCommand, make db-sync), from the API image. */
export const SYNC_ENTRY = 'services/schema-sync/src/sync/cli.ts';

/** The demo seed's command line (make db-seed; render.yaml's initialDeployHook in preview environments), from the API image. */
export const DEMO_SEED_ENTRY = 'services/api/src/seed/cli.ts';
