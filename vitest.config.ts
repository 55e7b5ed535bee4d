// Six projects: `unit` (`*.test.ts`) needs nothing: no port, no process; `integration` runs the tests that start
// processes or bind loopback ports (`*.process.test.ts`) and those against PostgreSQL (`*.integration.test.ts`),
// which get one real PostgreSQL for the run (see services/test-support/src/test-postgres.ts for where it comes
// from) and a database per test file;
// `e2e` drives Debian's Chromium against the native stack (PostgreSQL + API + built web app) that
// services/web/e2e/global-setup.ts starts once. `make test` runs e2e after the other two, so the web
// build and the browser never compete with the integration tests for the machine's two cores; `resilience`
// (faults, load, hostile input) runs on its own through `npm run test:resilience`; `containers` (the production
// images under Testcontainers) through `make test-containers`; `fresh-clone` (the design doc's commands on a fresh
// clone) through `make test-fresh-clone`.
import { defineConfig } from 'vitest/config';

const ignored = ['**/node_modules/**', '**/.next/**', '**/generated/**', '.tools/**', '.data/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['services/*/src/**/*.test.ts', 'services/*/test/**/*.test.ts'],
          exclude: [
            ...ignored,
            '**/*.integration.test.ts',
            '**/*.process.test.ts',
            '**/*.containers.test.ts',
            '**/*.fresh-clone.test.ts',
            'services/api/test/resilience/**',
          ],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['services/*/src/**/*.{integration,process}.test.ts', 'services/*/test/**/*.integration.test.ts'],
          exclude: [...ignored, 'services/api/test/resilience/**'],
          globalSetup: ['services/test-support/src/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Faults, load and hostile input (`npm run test:resilience`, run by .ci/run): one file at a time, since
        // each drives a real API process (and some their own PostgreSQL) hard.
        test: {
          name: 'resilience',
          include: ['services/api/test/resilience/**/*.test.ts'],
          exclude: ignored,
          globalSetup: ['services/test-support/src/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The production images under Testcontainers (`make test-containers`, which builds them first): the schema
        // one-shot, health, drift, readiness and SIGTERM on the real artifacts. One file at a time: each starts
        // PostgreSQL and the images on the machine's two cores.
        test: {
          name: 'containers',
          include: ['services/*/test/**/*.containers.test.ts'],
          exclude: ignored,
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
      {
        // The design doc's commands on a fresh clone (`make test-fresh-clone`, run by .ci/run): npm install, npm run
        // dev, npx prisma ..., npm run build, npm start. Minutes of installing and building: on its own.
        test: {
          name: 'fresh-clone',
          include: ['services/*/test/**/*.fresh-clone.test.ts'],
          exclude: ignored,
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['services/web/e2e/**/*.e2e.test.ts'],
          exclude: ignored,
          globalSetup: ['services/web/e2e/global-setup.ts'],
          // One browser at a time: the journeys are many bounded steps, and a starved CPU makes a
          // correct page look slow.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
