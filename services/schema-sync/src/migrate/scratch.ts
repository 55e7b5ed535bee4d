// A throwaway database on the same server as a given URL, holding what a project's migrations build: where a new
// migration is planned from (the migrations so far, replayed), where a baseline is compared, and where review checks
// that the migrations build schema.prisma. Its user needs CREATEDB (make dev's and the compose one have it). Dropped
// afterwards whatever happens.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { databaseUrlFor } from '@monitrax/database/url';
import type { MigrationFile } from './migrations.ts';

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function withScratchDatabase<T>(serverUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `monitrax_scratch_${randomBytes(5).toString('hex')}`;
  await onServer(serverUrl, async (client) => {
    try {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    } catch (error) {
      throw new Error(`cannot create a scratch database on this server (${error instanceof Error ? error.message : String(error)}); its user needs CREATEDB`);
    }
  });
  try {
    return await work(databaseUrlFor(serverUrl, name));
  } finally {
    await onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`)).catch(() => {});
  }
}

/**
 * Runs each migration's SQL in order as `migrate deploy` does: the file as one simple query (PostgreSQL runs its
 * statements in one implicit transaction; a file holding only CREATE INDEX CONCURRENTLY runs outside one).
 */
export async function replayMigrations(url: string, migrations: readonly MigrationFile[]): Promise<void> {
  await onServer(url, async (client) => {
    for (const migration of migrations) {
      try {
        await client.query(migration.sql);
      } catch (error) {
        throw new Error(`migration ${migration.name} does not apply on the migrations before it: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });
}
