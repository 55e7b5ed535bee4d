// Two projects: `unit` needs nothing; `integration` gets one real PostgreSQL for the run (see
// services/ops/src/testing/test-postgres.ts for where it comes from) and a database per test file.
import { defineConfig } from 'vitest/config';

const ignored = ['**/node_modules/**', '**/.next/**', '**/generated/**', '.tools/**', '.data/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['services/*/src/**/*.test.ts', 'services/*/test/**/*.test.ts', 'prisma/**/*.test.ts'],
          exclude: [...ignored, '**/*.integration.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['services/*/src/**/*.integration.test.ts', 'services/*/test/**/*.integration.test.ts'],
          exclude: ignored,
          globalSetup: ['services/ops/src/testing/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
