// Restores a pg_dump custom-format backup. By default into a NEW database beside the live one, so a
// restore can be inspected (and copied from) without touching production data; over the live
// database only when asked explicitly, and then in one transaction so a failure changes nothing.
import { open, stat } from 'node:fs/promises';
import pg from 'pg';
import { databaseNameOf, databaseUrlFor } from '@monitrax/database/url';
import { databaseExists, rowCounts, userTables, withClient } from './catalog.ts';
import { MAX_IDENTIFIER_BYTES, restoreDatabaseName } from './naming.ts';
import { pgToolConnection } from './pg-connection.ts';
import type { PgTools } from './pg-tools.ts';
import { runPgTool } from './run-pg-tool.ts';
import { DatabaseInUseError, OVER_LIVE_RESTORE_APPLICATION } from './exclusive-use.ts';

export interface RestoreOptions {
  file: string;
  /** The live database's URL: the server to restore on, and the database `overLive` replaces. */
  databaseUrl: string;
  /** Name of the new database (default `<db>_restore_<UTC timestamp>`); must not exist, or be empty. */
  into?: string;
  /** Replace the live database's contents (drops and recreates every object in the backup). */
  overLive?: boolean;
  tools: PgTools;
  /** Runs pg_restore (over live: while the database takes no other connection, exclusive-use.ts). */
  seal?: <R>(restore: () => Promise<R>) => Promise<R>;
  /** For tests; defaults to now. */
  now?: Date;
}

export interface RestoreResult {
  database: string;
  /** Rows per table after the restore: `name` in public, `schema.name` elsewhere. */
  rowCounts: Record<string, number>;
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/**
 * --no-owner/--no-privileges: the backup may come from another server (Render) whose roles do not
 * exist here; objects then belong to whoever restores. --exit-on-error: stop at the first error
 * instead of leaving a half-restored database that looks fine.
 */
export function pgRestoreArgs(connectionArgs: readonly string[], overLive: boolean): string[] {
  const args = ['--no-owner', '--no-privileges', '--exit-on-error'];
  if (overLive) args.push('--clean', '--if-exists', '--single-transaction');
  return [...args, ...connectionArgs];
}

/** Creates the target database, or accepts an existing empty one. Returns whether we created it. */
async function prepareTarget(databaseUrl: string, target: string): Promise<boolean> {
  return withClient(databaseUrl, async (client) => {
    if (await databaseExists(client, target)) {
      const tables = await withClient(databaseUrlFor(databaseUrl, target), userTables);
      if (tables.length > 0) {
        throw new RestoreError(`database "${target}" already exists and has ${tables.length} table(s); restore into a new name (--into) or drop it first`);
      }
      return false;
    }
    // template0: pg_restore expects a pristine database, without whatever was added to template1.
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(target)} TEMPLATE template0`);
    return true;
  });
}

async function dropDatabase(databaseUrl: string, name: string): Promise<void> {
  await withClient(databaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const info = await stat(options.file).catch(() => undefined);
  if (!info?.isFile()) throw new RestoreError(`backup file not found: ${options.file}`);

  const live = databaseNameOf(options.databaseUrl);
  const overLive = options.overLive === true;
  if (overLive && options.into !== undefined && options.into !== live) {
    throw new RestoreError(`--over-live restores into the live database "${live}"; it cannot be combined with --into ${options.into}`);
  }
  const target = overLive ? live : (options.into ?? restoreDatabaseName(live, options.now ?? new Date()));
  if (!overLive && target === live) {
    throw new RestoreError(`"${target}" is the live database; restoring over it replaces its data: pass --over-live to do that knowingly`);
  }
  if (Buffer.byteLength(target) > MAX_IDENTIFIER_BYTES) {
    throw new RestoreError(`database name "${target}" is longer than PostgreSQL's ${MAX_IDENTIFIER_BYTES} bytes`);
  }

  const created = overLive ? false : await prepareTarget(options.databaseUrl, target);
  const connection = pgToolConnection(options.databaseUrl, target);
  const input = await open(options.file, 'r');
  try {
    const run = () =>
      runPgTool(options.tools.pgRestore, pgRestoreArgs(connection.args, overLive), {
        env: overLive ? { ...connection.env, PGAPPNAME: OVER_LIVE_RESTORE_APPLICATION } : connection.env,
        secrets: connection.secrets,
        stdinFd: input.fd,
      });
    await (options.seal ? options.seal(run) : run());
  } catch (error) {
    if (error instanceof DatabaseInUseError) throw error; // the seal stopped it before anything was written
    // A half-restored new database would look like a good copy: remove it. (Over live, the single
    // transaction has already rolled everything back.)
    if (created) await dropDatabase(options.databaseUrl, target).catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    const outcome = overLive ? `"${target}" is unchanged (rolled back)` : created ? `database "${target}" was removed` : `"${target}" may be partly restored`;
    throw new RestoreError(`restore of ${options.file} into "${target}" failed; ${outcome}. ${reason}`);
  } finally {
    await input.close();
  }
  return { database: target, rowCounts: await rowCounts(databaseUrlFor(options.databaseUrl, target)) };
}
