// The per-test bound of integration tests that do several slow things: run Prisma's schema engine (CPU-bound
// WebAssembly), start a PostgreSQL or a process of their own, or wait for a worker's timers. Their time grows with
// the machine's load, and make test runs four files at once on two cores: vitest.config.ts's 30 s is for tests that do
// one thing. Measured durations are in each run's JSON report (make test prints the slowest files).
export const LONG_TEST_TIMEOUT_MS = 120_000;
