// A fresh database per test file, copied from the schema template that globalSetup prepared.
import { inject } from 'vitest';
import { createDatabase as createPhysicalDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { createDb, type Database } from '@monitrax/database/create-db';

export interface TestDatabase {
  url: string;
  db: Database;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, templateDatabase } = inject('testPostgres');
  const name = uniqueDatabaseName();
  await createPhysicalDatabase(adminUrl, name, templateDatabase);
  const url = databaseUrl(adminUrl, name);
  const db = createDb(url, { maxConnections: 5 });
  return {
    url,
    db,
    async drop() {
      await db.close();
      await dropDatabase(adminUrl, name);
    },
  };
}
