// Database-level commands the wasm engine does not have: checking that the database exists,
// creating it, dropping it. The Prisma CLI runs them as `schema-engine cli <command>` before
// `db push` / `migrate dev` ("PostgreSQL database x created at ..."), so we do them with node-postgres.
import pg from 'pg';
import { parsePostgresUrl, quoteIdentifier, withDatabase } from './connection-config.ts';
import type { PgConnectionSettings } from './connection-config.ts';

/** A failure with the Prisma error code the CLI understands (P1000, P1001, P1003, ...). */
export class DatabaseCommandError extends Error {
  readonly errorCode: string | undefined;

  constructor(message: string, errorCode?: string) {
    super(message);
    this.name = 'DatabaseCommandError';
    this.errorCode = errorCode;
  }
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'ENOENT']);

/** Maps a node-postgres error to the native engine's user-facing error (same codes and wording). */
export function toDatabaseCommandError(error: unknown, settings: PgConnectionSettings): DatabaseCommandError {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const user = String(settings.config.user ?? '');
  const at = settings.location;
  switch (code) {
    case '3D000':
      return new DatabaseCommandError(`Database \`${settings.database}\` does not exist on the database server at \`${at}\`.`, 'P1003');
    case '28P01':
    case '28000':
      return new DatabaseCommandError(
        `Authentication failed against database server at \`${at}\`, the provided database credentials for \`${user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${at}\`.`,
        'P1000',
      );
    case '42P04':
      return new DatabaseCommandError(`Database \`${settings.database}\` already exists on the database server at \`${at}\``, 'P1009');
    case '42501':
      return new DatabaseCommandError(`User \`${user}\` was denied access on the database \`${settings.database}\``, 'P1010');
  }
  if ((code && UNREACHABLE_CODES.has(code)) || /timeout/i.test(message)) {
    return new DatabaseCommandError(`Can't reach database server at \`${at}\`\n\nPlease make sure your database server is running at \`${at}\`.`, 'P1001');
  }
  return new DatabaseCommandError(message, typeof code === 'string' && /^P\d{4}$/.test(code) ? code : undefined);
}

async function withClient<T>(settings: PgConnectionSettings, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(settings.config);
  // A connection error after connect() would otherwise be an unhandled 'error' event.
  client.on('error', () => {});
  try {
    await client.connect();
    return await use(client);
  } catch (error) {
    throw toDatabaseCommandError(error, settings);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Connects to the database of the URL and runs a trivial query. */
export async function canConnectToDatabase(url: string): Promise<void> {
  const settings = parsePostgresUrl(url);
  await withClient(settings, (client) => client.query('SELECT 1'));
}

/**
 * Runs a database-level statement from a maintenance database on the same server (the database
 * being created or dropped cannot be the one we are connected to): `postgres`, else `template1`.
 */
async function fromMaintenanceDatabase(settings: PgConnectionSettings, sql: string): Promise<void> {
  try {
    await withClient(withDatabase(settings, 'postgres'), (client) => client.query(sql));
  } catch (error) {
    if (!(error instanceof DatabaseCommandError) || error.errorCode !== 'P1003') throw error;
    await withClient(withDatabase(settings, 'template1'), (client) => client.query(sql));
  }
}

/** Creates the database named in the URL; returns its name. */
export async function createDatabase(url: string): Promise<string> {
  const settings = parsePostgresUrl(url);
  try {
    await fromMaintenanceDatabase(settings, `CREATE DATABASE ${quoteIdentifier(settings.database)}`);
  } catch (error) {
    // Report "already exists" about the database we were asked for, not the maintenance database.
    if (error instanceof DatabaseCommandError && error.errorCode === 'P1009') throw toDatabaseCommandError({ code: '42P04' }, settings);
    throw error;
  }
  return settings.database;
}

/** Drops the database named in the URL. */
export async function dropDatabase(url: string): Promise<void> {
  const settings = parsePostgresUrl(url);
  await fromMaintenanceDatabase(settings, `DROP DATABASE ${quoteIdentifier(settings.database)}`);
}
