// Finds a pg_dump/pg_restore pair new enough for the server. pg_dump refuses to dump a server of a
// newer major than itself, so "whatever pg_dump is on PATH" is not good enough: Debian bookworm's is
// 15 and our server is 17. Where we look, in order:
//   1. PG_BIN_DIR, when set: only there (an explicit choice is not second-guessed; a relative path is
//      taken from the repository root). A machine without a new enough client gets one this way (make pg-client,
//      docs/machine-workarounds.md).
//   2. /usr/lib/postgresql/<major>/bin (Debian/Ubuntu packages), highest major first
//   3. Homebrew's keg-only postgresql@<major> (macOS), highest first
//   4. every directory on PATH
import { execa } from 'execa';
import { constants } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { withClient } from './catalog.ts';
import { REPO_ROOT } from '@monitrax/database/paths';

export interface PgTools {
  pgDump: string;
  pgRestore: string;
  major: number;
  /** Where they came from: "PG_BIN_DIR", "/usr/lib/postgresql/17/bin", "PATH (/usr/bin)". */
  source: string;
}

export interface PgToolsCandidate {
  dir: string;
  source: string;
}

/** "pg_dump (PostgreSQL) 17.12 (Debian 17.12-0+deb13u1)" -> 17 */
export function parsePgVersion(output: string): number | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(output);
  return match ? Number(match[1]) : undefined;
}

async function numberedSubdirs(parent: string, pattern: RegExp): Promise<Array<{ name: string; major: number }>> {
  const names = await readdir(parent).catch(() => [] as string[]);
  return names
    .map((name) => ({ name, major: Number(pattern.exec(name)?.[1] ?? NaN) }))
    .filter((entry) => Number.isInteger(entry.major))
    .sort((a, b) => b.major - a.major);
}

/** Directories to look in, in order of preference. Cheap: nothing is run. */
export async function pgToolsCandidates(env: NodeJS.ProcessEnv = process.env): Promise<PgToolsCandidate[]> {
  // Relative to the repository root, like BACKUP_DIR: the same .env value works from any directory.
  if (env.PG_BIN_DIR) return [{ dir: path.resolve(REPO_ROOT, env.PG_BIN_DIR), source: 'PG_BIN_DIR' }];
  const candidates: PgToolsCandidate[] = [];
  for (const { name } of await numberedSubdirs('/usr/lib/postgresql', /^(\d+)$/)) {
    const dir = `/usr/lib/postgresql/${name}/bin`;
    candidates.push({ dir, source: dir });
  }
  for (const prefix of ['/opt/homebrew/opt', '/usr/local/opt']) {
    for (const { name } of await numberedSubdirs(prefix, /^postgresql@(\d+)$/)) {
      const dir = `${prefix}/${name}/bin`;
      candidates.push({ dir, source: dir });
    }
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir) candidates.push({ dir: path.resolve(dir), source: `PATH (${dir})` });
  }
  return candidates;
}

const isExecutable = (file: string) =>
  access(file, constants.X_OK).then(
    () => true,
    () => false,
  );

/** Runs `pg_dump --version` in a directory that has both tools; undefined when unusable. */
export async function probePgTools(candidate: PgToolsCandidate): Promise<PgTools | undefined> {
  const pgDump = path.join(candidate.dir, 'pg_dump');
  const pgRestore = path.join(candidate.dir, 'pg_restore');
  if (!(await isExecutable(pgDump)) || !(await isExecutable(pgRestore))) return undefined;
  // A wrapper that fails (the chroot client run by a non-root user) simply does not count.
  const result = await execa(pgDump, ['--version'], { timeout: 10_000, reject: false, stdin: 'ignore' });
  const output = result.failed ? '' : result.stdout;
  const major = parsePgVersion(output);
  return major === undefined ? undefined : { pgDump, pgRestore, major, source: candidate.source };
}

/** The first pair whose major is at least minMajor, or undefined. */
export async function findPgTools(options: { minMajor: number; env?: NodeJS.ProcessEnv }): Promise<PgTools | undefined> {
  for (const candidate of await pgToolsCandidates(options.env ?? process.env)) {
    const tools = await probePgTools(candidate);
    if (tools && tools.major >= options.minMajor) return tools;
  }
  return undefined;
}

/** Every usable pair's major (for advice when none is new enough), highest first, no repeats. */
export async function installedPgToolMajors(env: NodeJS.ProcessEnv = process.env): Promise<number[]> {
  const majors = new Set<number>();
  for (const candidate of await pgToolsCandidates(env)) {
    const tools = await probePgTools(candidate);
    if (tools) majors.add(tools.major);
  }
  return [...majors].sort((a, b) => b - a);
}

export function missingPgToolsAdvice(minMajor: number, found: number[]): string {
  const seen = found.length ? `found only: ${found.map((major) => `pg_dump ${major}`).join(', ')}` : 'found none';
  return [
    `No pg_dump/pg_restore of PostgreSQL ${minMajor} or newer was found (${seen}).`,
    `pg_dump refuses to dump a server newer than itself, so backups of a PostgreSQL ${minMajor} server need a ${minMajor}+ client.`,
    'Get one in any of these ways:',
    `  - Debian/Ubuntu: install postgresql-client-${minMajor} from apt.postgresql.org (https://wiki.postgresql.org/wiki/Apt)`,
    `  - a Debian host without that repository, as root: make pg-client    (a PostgreSQL ${minMajor} client in .tools/, which make then uses; docs/machine-workarounds.md)`,
    `  - macOS: brew install postgresql@${minMajor}    (found automatically)`,
    `  - any OS: set PG_BIN_DIR to a directory holding pg_dump and pg_restore ${minMajor}+`,
    'Or, for a schema sync only: pass --no-backup to go ahead without a backup, knowingly.',
  ].join('\n');
}

/** The server's major version (SHOW server_version_num: 170012 -> 17). */
export async function serverMajor(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const result = await client.query<{ server_version_num: string }>('SHOW server_version_num');
    return Math.floor(Number(result.rows[0]!.server_version_num) / 10_000);
  });
}
