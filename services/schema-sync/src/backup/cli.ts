// `npm run db:backup` and `npm run db:restore -- FILE [--into NAME] [--over-live [--end-sessions]]`.
//   backup  [--label NAME]                    pg_dump DATABASE_URL into BACKUP_DIR (default: backups)
//   restore FILE [--into NAME] [--over-live]  into a new database (default), or over the live one: only while
//                                             nobody else is connected (--end-sessions ends them), under the
//                                             schema sync's lock, after a safety backup (exclusive-use.ts)
// Reads DATABASE_URL and BACKUP_DIR from the environment, or from the repository's .env. BACKUP_DIR is
// relative to the repository root, as for the schema sync, so both put backups in the same place.
// Exit codes: 0 done, 1 anything else (usage, environment, connection, missing tools, pg_dump/pg_restore).
import { devDatabaseUrl } from '@monitrax/contract/platform';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { maskDatabaseUrl } from '@monitrax/database/url';
import { backupDatabase } from './backup.ts';
import { findPgTools, installedPgToolMajors, missingPgToolsAdvice, serverMajor, type PgTools } from './pg-tools.ts';
import { withExclusiveUse } from './exclusive-use.ts';
import { restoreBackup } from './restore.ts';
import { REPO_ROOT } from '@monitrax/database/paths';

const USAGE = `usage:
  npm run db:backup [-- --label NAME]
  npm run db:restore -- FILE [--into NAME] [--over-live [--end-sessions]]`;

class CliError extends Error {
  override name = 'CliError';
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

const backupDirOf = (env: NodeJS.ProcessEnv) => path.resolve(REPO_ROOT, env.BACKUP_DIR || 'backups');
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function requireDatabaseUrl(env: NodeJS.ProcessEnv): string {
  const url = env.DATABASE_URL;
  if (!url) throw new CliError(`DATABASE_URL is not set. Put it in .env or the environment, e.g. DATABASE_URL=${devDatabaseUrl()}`);
  try {
    new URL(url);
  } catch {
    throw new CliError('DATABASE_URL is not a valid URL; expected postgresql://user:password@host:port/database');
  }
  return url;
}

/** Tools at least as new as the server: pg_dump refuses newer servers, pg_restore newer archives. */
async function toolsFor(databaseUrl: string, env: NodeJS.ProcessEnv): Promise<PgTools> {
  let major: number;
  try {
    major = await serverMajor(databaseUrl);
  } catch (error) {
    throw new CliError(`cannot reach PostgreSQL at ${maskDatabaseUrl(databaseUrl)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const tools = await findPgTools({ minMajor: major, env });
  if (!tools) throw new CliError(missingPgToolsAdvice(major, await installedPgToolMajors(env)));
  console.log(`using pg_dump/pg_restore ${tools.major} from ${tools.source} (server is PostgreSQL ${major})`);
  return tools;
}

async function backup(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { values } = parseArgs({ args, options: { label: { type: 'string', default: 'manual' } }, strict: true });
  const databaseUrl = requireDatabaseUrl(env);
  const tools = await toolsFor(databaseUrl, env);
  const started = performance.now();
  const result = await backupDatabase({ databaseUrl, backupDir: backupDirOf(env), label: values.label, tools });
  console.log(`backup: ${result.file} (${sizeText(result.bytes)}, ${result.tables.length} tables, verified with pg_restore --list) in ${seconds(started)}`);
}

async function restore(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { into: { type: 'string' }, 'over-live': { type: 'boolean', default: false }, 'end-sessions': { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new CliError(`restore needs exactly one backup FILE\n${USAGE}`);
  // npm runs scripts from the repository root; INIT_CWD is where the person typed the command.
  const file = path.resolve(env.INIT_CWD ?? process.cwd(), positionals[0]!);
  if (!existsSync(file)) throw new CliError(`backup file not found: ${file}`);
  const overLive = values['over-live'];
  if (overLive && values.into !== undefined) throw new CliError('--over-live restores into the live database (DATABASE_URL); leave out --into');
  const databaseUrl = requireDatabaseUrl(env);
  const tools = await toolsFor(databaseUrl, env);
  if (values['end-sessions'] && !overLive) throw new CliError('--end-sessions goes with --over-live (a restore into a new database disturbs nobody)');
  const started = performance.now();
  const result = overLive
    ? await withExclusiveUse(databaseUrl, { endSessions: values['end-sessions'], log: (line) => console.log(line) }, async (ensureStillAlone, sealed) => {
        // A restore over live replaces the data: keep what is there now, so the restore can be undone.
        const safety = await backupDatabase({ databaseUrl, backupDir: backupDirOf(env), label: 'pre-restore', tools });
        console.log(`restore over the live database: its current contents were backed up first to ${safety.file} (${sizeText(safety.bytes)})`);
        await ensureStillAlone('during the safety backup');
        // The database takes no new connection while pg_restore runs (exclusive-use.ts).
        return restoreBackup({ file, databaseUrl, tools, overLive, seal: sealed });
      })
    : await restoreBackup({ file, databaseUrl, tools, overLive, ...(values.into === undefined ? {} : { into: values.into }) });
  console.log(`restored ${file} into database "${result.database}" in ${seconds(started)}`);
  const rows = Object.entries(result.rowCounts);
  const width = Math.max(5, ...rows.map(([table]) => table.length));
  console.log(`  ${'table'.padEnd(width)}  rows`);
  for (const [table, count] of rows) console.log(`  ${table.padEnd(width)}  ${count}`);
  if (!overLive) console.log(`The live database is untouched. Drop the copy when done: DROP DATABASE ${result.database};`);
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'backup') await backup(rest, env);
    else if (command === 'restore') await restore(rest, env);
    else throw new CliError(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // parseArgs throws TypeErrors with a code (unknown option, missing value): show the usage too.
    const usage = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? `\n${USAGE}` : '';
    const prefix = command === 'backup' || command === 'restore' ? `db:${command}` : 'db';
    console.error(`${prefix}: ${message}${usage}`);
    return 1;
  }
}

if (import.meta.main) {
  // .env is optional (Docker and Render pass real environment variables) and never overrides them.
  dotenv.config({ path: path.join(REPO_ROOT, '.env'), quiet: true });
  process.exitCode = await main(process.argv.slice(2));
}
