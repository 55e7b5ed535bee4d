// Three tiers, told apart by where a file is and how it is named (docs/testing.md):
//   unit         services/*/src/**/*.test.ts(x), beside the module: no port, no process, no database (the web's
//                components in a DOM).
//   integration  services/*/test/**/*.integration.test.ts: a real PostgreSQL (one per run, see
//                services/test-support/src/test-postgres.ts for where it comes from, a database per file) or real
//                processes.
//   slow         services/*/test/<suite>/**/*.slow.test.ts, one project per suite, each run by its own make target:
//                browser (Chromium through the web to the API), resilience (faults, load, hostile input), containers
//                (the production images under Testcontainers), fresh-clone (the design doc's commands), schema-modes
//                (migrate mode end to end, and a schema history through the sync in both modes, rows in every table),
//                vercel (the web's Vercel build through Vercel's own launcher, against the API and PostgreSQL).
// `make test` runs unit + integration, then browser; .ci/run adds the other slow suites.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const ignored = ['**/node_modules/**', '**/.next/**', '**/generated/**', '.tools/**', '.data/**'];

// make test's step runner (services/dev-tools/src/timing/run-steps.ts) asks for a JSON report per step, from which
// it lists the slowest files.
const timingDir = process.env.MONITRAX_TIMING_DIR;

const slowSuite = (name: string, folder: string, options: { globalSetup?: string[]; testTimeout: number; hookTimeout: number }) => ({
  test: {
    name,
    include: [`${folder}/**/*.slow.test.ts`],
    exclude: ignored,
    // One file at a time: each drives real processes (a browser, a loaded API, images, a clone) hard on two cores.
    fileParallelism: false,
    ...options,
  },
});

export default defineConfig({
  test: {
    // Integration tests spend most of their time waiting on other processes (PostgreSQL, the Prisma CLI, a worker's
    // timers): more files at once than Vitest's default of one per core but one (on two cores: one at a time).
    maxWorkers: 4,
    ...(timingDir ? { reporters: ['default', ['json', { outputFile: `${timingDir}/${process.env.MONITRAX_TIMING_STEP ?? 'vitest'}.json` }]] } : {}),
    projects: [
      {
        // The web's client components (*.test.tsx) run in a DOM (happy-dom, chosen per file with a
        // `@vitest-environment` line); `@/` is the web's own import alias.
        resolve: { alias: { '@/': fileURLToPath(new URL('services/web/src/', import.meta.url)) } },
        test: {
          name: 'unit',
          include: ['services/*/src/**/*.test.{ts,tsx}'],
          exclude: ignored,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['services/*/test/**/*.integration.test.ts'],
          exclude: ignored,
          globalSetup: ['services/test-support/src/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      slowSuite('browser', 'services/web/test/browser', {
        globalSetup: ['services/web/test/browser/global-setup.ts'],
        testTimeout: 60_000,
        hookTimeout: 60_000,
      }),
      slowSuite('resilience', 'services/api/test/resilience', {
        globalSetup: ['services/test-support/src/global-setup.ts'],
        testTimeout: 180_000,
        hookTimeout: 120_000,
      }),
      slowSuite('schema-modes', 'services/schema-sync/test/modes', {
        globalSetup: ['services/test-support/src/global-setup.ts'],
        testTimeout: 600_000,
        hookTimeout: 120_000,
      }),
      slowSuite('containers', 'services/dev-tools/test/images', { testTimeout: 120_000, hookTimeout: 240_000 }),
      slowSuite('fresh-clone', 'services/dev-tools/test/fresh-clone', { testTimeout: 600_000, hookTimeout: 120_000 }),
      slowSuite('vercel', 'services/dev-tools/test/vercel', { testTimeout: 120_000, hookTimeout: 180_000 }),
    ],
  },
});
