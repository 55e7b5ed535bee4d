// Step 1 of the sync: the database may still be starting (compose starts services together; Render
// may restart the database during a deploy). Retry with capped exponential backoff up to a bound;
// give up at once on errors that waiting cannot fix (bad password, missing database).
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { maskDatabaseUrl } from '@monitrax/database/url';

const PERMANENT_SQLSTATES = new Set(['28P01', '28000', '3D000']); // bad password, no such role, no such database

export class DatabaseWaitError extends Error {
  override name = 'DatabaseWaitError';
}

export async function waitForDatabase(databaseUrl: string, options: { timeoutMs: number; log?: (line: string) => void }): Promise<pg.Client> {
  const deadline = Date.now() + options.timeoutMs;
  let wait = 250;
  let attempt = 0;
  for (;;) {
    attempt += 1;
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000, application_name: 'monitrax-schema-sync' });
    client.on('error', () => {}); // a server restart mid-sync surfaces on the next query instead
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      const code = (error as { code?: string }).code;
      const message = error instanceof Error ? error.message : String(error);
      if (code && PERMANENT_SQLSTATES.has(code)) {
        throw new DatabaseWaitError(`cannot use ${maskDatabaseUrl(databaseUrl)}: ${message}`);
      }
      if (Date.now() + wait > deadline) {
        throw new DatabaseWaitError(
          `database ${maskDatabaseUrl(databaseUrl)} did not accept connections within ${options.timeoutMs} ms (${attempt} attempts; last error: ${message})`,
        );
      }
      options.log?.(`waiting for the database (${message}); retrying in ${wait} ms`);
      await delay(wait);
      wait = Math.min(wait * 2, 5_000);
    }
  }
}
