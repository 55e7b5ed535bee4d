// Vitest globalSetup for the integration project: one PostgreSQL for the whole run, a template
// database with the schema applied through the same Prisma CLI path `make dev` uses, and the
// connection details handed to test files via provide/inject.
import type { TestProject } from 'vitest/node';
import { syncSchema } from '@monitrax/schema-sync/sync/sync';
import { createDatabase, databaseUrl, dropDatabase } from './databases.ts';
import { provideTestPostgres } from './test-postgres.ts';

export const TEMPLATE_DATABASE = 'monitrax_template';

declare module 'vitest' {
  export interface ProvidedContext {
    testPostgres: { adminUrl: string; templateDatabase: string; source: string };
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  const postgres = await provideTestPostgres();
  try {
    await dropDatabase(postgres.adminUrl, TEMPLATE_DATABASE);
    await createDatabase(postgres.adminUrl, TEMPLATE_DATABASE);
    // The same schema sync `make dev` and deploys run.
    const lines: string[] = [];
    const synced = await syncSchema({
      databaseUrl: databaseUrl(postgres.adminUrl, TEMPLATE_DATABASE),
      backupDir: 'backups',
      mode: 'apply',
      acceptDataLoss: [],
      backup: false,
      appVersion: 'test',
      waitTimeoutMs: 10_000,
      log: (line) => lines.push(line),
    });
    if (synced.exitCode !== 0) throw new Error(`schema sync into the test template failed (${synced.message}):\n${lines.join('\n')}`);
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  const where = new URL(postgres.adminUrl);
  console.log(
    `[integration] PostgreSQL from ${postgres.source} (${postgres.detail}) at ${where.hostname}:${where.port || 5432}; schema template ready in ${Date.now() - started} ms`,
  );
  project.provide('testPostgres', { adminUrl: postgres.adminUrl, templateDatabase: TEMPLATE_DATABASE, source: postgres.source });
  return async () => {
    await dropDatabase(postgres.adminUrl, TEMPLATE_DATABASE).catch(() => {});
    await postgres.stop();
  };
}
