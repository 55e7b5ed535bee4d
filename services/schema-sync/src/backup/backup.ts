// Takes a pg_dump custom-format backup of one database and proves it readable before calling it done.
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { databaseNameOf } from '@monitrax/database/url';
import { tablesInArchiveList } from './archive-list.ts';
import { backupFileName } from './naming.ts';
import { pgToolConnection } from './pg-connection.ts';
import type { PgTools } from './pg-tools.ts';
import { runPgTool } from './run-pg-tool.ts';

export interface BackupOptions {
  databaseUrl: string;
  backupDir: string;
  /** Why the backup was taken, e.g. "manual" or a schema hash; part of the file name. */
  label: string;
  tools: PgTools;
  /** For tests; defaults to now. */
  now?: Date;
}

export interface BackupResult {
  file: string;
  bytes: number;
  /** Tables in the archive: `name` in public, `schema.name` elsewhere. */
  tables: string[];
}

export class BackupError extends Error {
  override name = 'BackupError';
}

/** The pg_dump arguments (connection arguments come from the URL; the password never appears). */
export function pgDumpArgs(connectionArgs: readonly string[]): string[] {
  return ['--format=custom', ...connectionArgs];
}

export async function backupDatabase(options: BackupOptions): Promise<BackupResult> {
  const database = databaseNameOf(options.databaseUrl);
  const connection = pgToolConnection(options.databaseUrl);
  // Backups hold every row (password hashes included): only the owner may read them.
  await mkdir(options.backupDir, { recursive: true, mode: 0o700 });
  const file = path.resolve(options.backupDir, backupFileName(database, options.label, options.now ?? new Date()));
  // Written under a temporary name and renamed once verified, so a file with the final name is
  // always a complete, readable backup (also when the process is killed half-way).
  const partial = `${file}.partial`;
  if (
    await stat(file).then(
      () => true,
      () => false,
    )
  )
    throw new BackupError(`${file} already exists; not overwriting a backup`);

  try {
    const output = await open(partial, 'wx', 0o600);
    try {
      await chmod(partial, 0o600); // the umask may have taken bits away, never added: make it exact
      await runPgTool(options.tools.pgDump, pgDumpArgs(connection.args), {
        env: connection.env,
        secrets: connection.secrets,
        stdoutFd: output.fd,
      });
    } finally {
      await output.close();
    }

    const input = await open(partial, 'r');
    let listing: string;
    let bytes: number;
    try {
      bytes = (await input.stat()).size;
      listing = (await runPgTool(options.tools.pgRestore, ['--list'], { env: connection.env, secrets: [], stdinFd: input.fd })).stdout;
    } finally {
      await input.close();
    }
    await rename(partial, file);
    return { file, bytes, tables: tablesInArchiveList(listing) };
  } catch (error) {
    await rm(partial, { force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new BackupError(`backup of database "${database}" failed; no backup file was kept. ${reason}`);
  }
}
