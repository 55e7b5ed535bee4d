// Throwaway databases on a test server: each integration test file gets its own copy of a template
// that already has the schema, so files run in parallel and never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export { databaseUrlFor as databaseUrl } from '@monitrax/database/url';

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function createDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  return withAdmin(adminUrl, async (client) => {
    const from = template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : '';
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${from}`);
  });
}

export function dropDatabase(adminUrl: string, name: string): Promise<void> {
  return withAdmin(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  });
}

export function uniqueDatabaseName(prefix = 'monitrax_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}
