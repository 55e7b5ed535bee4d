// The db:backup / db:restore command line as people and the Makefile run it: a real process, its exit
// code and what it prints.
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SYNC_LOCK_KEY } from '../../src/sync/database-facts.ts';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { rowCounts } from '../../src/backup/catalog.ts';
import { SAMPLE_ROW_COUNTS, seedSampleDatabase, toolsForTests } from '../support/backup-fixtures.ts';
import { runNodeScript } from '@monitrax/test-support/run-to-exit';

const CLI = fileURLToPath(new URL('../../src/backup/cli.ts', import.meta.url));
const { adminUrl } = inject('testPostgres');
const { itWithTools, reportSkips } = await toolsForTests(adminUrl);

const databases: string[] = [];
let work: string;
let source: string;
let sourceUrl: string;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with only the environment given (plus PATH and PG_BIN_DIR), from a scratch directory. */
function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const inherited: Record<string, string> = { PATH: process.env.PATH ?? '' };
  if (process.env.PG_BIN_DIR) inherited.PG_BIN_DIR = process.env.PG_BIN_DIR;
  return runNodeScript(CLI, args, { cwd: work, env: { ...inherited, ...env } });
}

beforeAll(async () => {
  await reportSkips('backup cli');
  work = await mkdtemp(path.join(tmpdir(), 'monitrax-backup-cli-'));
  source = uniqueDatabaseName('monitrax_cli');
  await createDatabase(adminUrl, source);
  databases.push(source);
  sourceUrl = databaseUrl(adminUrl, source);
  await seedSampleDatabase(sourceUrl);
});

afterAll(async () => {
  for (const name of databases) await dropDatabase(adminUrl, name);
  await rm(work, { recursive: true, force: true });
});

describe('db:backup / db:restore command line', () => {
  it('exit 1 with a clear message when DATABASE_URL is missing', async () => {
    // Empty, not absent: the repository's .env (if any) must not fill it in for this test.
    const run = await cli(['backup'], { DATABASE_URL: '' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('db:backup: DATABASE_URL is not set');
  });

  it('exit 1 with usage for an unknown command or option', async () => {
    const unknown = await cli(['frobnicate'], { DATABASE_URL: sourceUrl });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stderr).toContain('npm run db:restore -- FILE [--into NAME] [--over-live [--end-sessions]]');
    const option = await cli(['restore', 'x.dump', '--overlive'], { DATABASE_URL: sourceUrl });
    expect(option.code).toBe(1);
    expect(option.stderr).toMatch(/Unknown option '--overlive'[\s\S]*usage:/);
  });

  it('exit 1 when the backup file does not exist', async () => {
    const run = await cli(['restore', 'missing.dump'], { DATABASE_URL: sourceUrl });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`db:restore: backup file not found: ${path.join(work, 'missing.dump')}`);
  });

  it('exit 1 when the server cannot be reached, without printing the password', async () => {
    const url = `postgresql://monitrax:Sup3r-Secret-Pw@127.0.0.1:${await findFreePort()}/monitrax`;
    const run = await cli(['backup'], { DATABASE_URL: url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('db:backup: cannot reach PostgreSQL at postgresql://monitrax:***@127.0.0.1:');
    expect(run.stderr).not.toContain('Sup3r-Secret-Pw');
  });

  it('exit 1 with the how-to when no pg_dump is new enough for the server', async () => {
    const old = path.join(work, 'pg15', 'bin');
    await mkdir(old, { recursive: true });
    for (const tool of ['pg_dump', 'pg_restore']) {
      await writeFile(path.join(old, tool), `#!/bin/sh\necho '${tool} (PostgreSQL) 15.14'\n`);
      await chmod(path.join(old, tool), 0o755);
    }
    const run = await cli(['backup'], { DATABASE_URL: sourceUrl, BACKUP_DIR: path.join(work, 'never'), PG_BIN_DIR: old });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No pg_dump/pg_restore of PostgreSQL 17 or newer was found (found only: pg_dump 15)');
    expect(run.stderr).toContain('make pg-client');
    expect(run.stderr).toContain('PG_BIN_DIR');
    await expect(readdir(path.join(work, 'never'))).rejects.toThrow(/ENOENT/);
  });

  itWithTools('backup: exit 0, prints the file and its size; restore: exit 0, prints the new database and row counts', async () => {
    const backupDir = path.join(work, 'backups');
    const backup = await cli(['backup', '--label', 'cli'], { DATABASE_URL: sourceUrl, BACKUP_DIR: backupDir });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const [file] = await readdir(backupDir);
    expect(file).toMatch(new RegExp(`^${source}-\\d{8}T\\d{6}Z-cli\\.dump$`));
    expect(backup.stdout).toMatch(/^using pg_dump\/pg_restore \d+ from .+ \(server is PostgreSQL 17\)$/m);
    expect(backup.stdout).toMatch(
      new RegExp(`^backup: ${path.join(backupDir, file!)} \\(\\d+\\.\\d KiB, 4 tables, verified with pg_restore --list\\) in \\d+\\.\\d s$`, 'm'),
    );

    const restore = await cli(['restore', path.join('backups', file!)], { DATABASE_URL: sourceUrl });
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const restored = /restored .+ into database "([^"]+)"/.exec(restore.stdout)?.[1];
    expect(restored).toMatch(new RegExp(`^${source}_restore_`));
    databases.push(restored!);
    expect(restore.stdout).toMatch(/^ {2}table +rows$/m);
    expect(restore.stdout).toMatch(/^ {2}ledger\.entries +250$/m);
    expect(restore.stdout).toContain(`DROP DATABASE ${restored};`);
    expect(await rowCounts(databaseUrl(adminUrl, restored!))).toEqual(SAMPLE_ROW_COUNTS);
  });

  itWithTools('restore into the live database needs --over-live; with it, a pre-restore backup is taken first', async () => {
    const live = uniqueDatabaseName('monitrax_cli_live');
    await createDatabase(adminUrl, live, source);
    databases.push(live);
    const liveUrl = databaseUrl(adminUrl, live);
    const backupDir = path.join(work, 'live-backups');
    expect((await cli(['backup'], { DATABASE_URL: liveUrl, BACKUP_DIR: backupDir })).code).toBe(0);
    const [file] = await readdir(backupDir);
    const dump = path.join(backupDir, file!);

    const refused = await cli(['restore', dump, '--into', live], { DATABASE_URL: liveUrl, BACKUP_DIR: backupDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`"${live}" is the live database`);

    const run = await cli(['restore', dump, '--over-live'], { DATABASE_URL: liveUrl, BACKUP_DIR: backupDir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/its current contents were backed up first to .+-pre-restore\.dump/);
    expect(run.stdout).toContain(`into database "${live}"`);
    expect((await readdir(backupDir)).filter((name) => name.endsWith('-pre-restore.dump'))).toHaveLength(1);
  });

  itWithTools('over live refuses while others are connected or a schema sync runs; --end-sessions ends the others', async () => {
    const live = uniqueDatabaseName('monitrax_cli_busy');
    await createDatabase(adminUrl, live, source);
    databases.push(live);
    const liveUrl = databaseUrl(adminUrl, live);
    const backupDir = path.join(work, 'busy-backups');
    expect((await cli(['backup'], { DATABASE_URL: liveUrl, BACKUP_DIR: backupDir })).code).toBe(0);
    const [file] = await readdir(backupDir);
    const dump = path.join(backupDir, file!);
    const preRestoreBackups = async () => (await readdir(backupDir)).filter((name) => name.endsWith('-pre-restore.dump'));

    // Someone else (the API, a psql) on the live database, who writes a row the backup does not have.
    const other = new pg.Client({ connectionString: liveUrl, application_name: 'monitrax-api' });
    const otherEnded = new Promise<void>((resolve) => other.on('error', () => resolve()));
    await other.connect();
    await other.query(`INSERT INTO "Owner Notes" (body) VALUES ('written after the backup')`);
    const before = await rowCounts(liveUrl);

    const refused = await cli(['restore', dump, '--over-live'], { DATABASE_URL: liveUrl, BACKUP_DIR: backupDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/1 other session\(s\) connected to ".+" before the restore: monitrax-api \(pid \d+/);
    expect(refused.stderr).toContain('END_SESSIONS=1');
    expect(refused.stderr).toContain('Nothing was restored.');
    expect(await preRestoreBackups()).toEqual([]);
    expect(await rowCounts(liveUrl)).toEqual(before);

    // A schema sync holding its lock (advisory locks belong to a database: the live one).
    const sync = new pg.Client({ connectionString: liveUrl });
    await sync.connect();
    try {
      await sync.query('SELECT pg_advisory_lock($1)', [SYNC_LOCK_KEY]);
      const locked = await cli(['restore', dump, '--over-live', '--end-sessions'], { DATABASE_URL: liveUrl, BACKUP_DIR: backupDir });
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain('a schema sync holds its lock');
      expect(await preRestoreBackups()).toEqual([]);
    } finally {
      await sync.end();
    }

    const ended = await cli(['restore', dump, '--over-live', '--end-sessions'], { DATABASE_URL: liveUrl, BACKUP_DIR: backupDir });
    expect(ended.stderr).toBe('');
    expect(ended.code).toBe(0);
    expect(ended.stdout).toMatch(/ending 1 other session\(s\) on ".+": monitrax-api/);
    await otherEnded;
    await other.end().catch(() => {});
    expect(await preRestoreBackups()).toHaveLength(1);
    expect(await rowCounts(liveUrl)).toEqual(SAMPLE_ROW_COUNTS);
  });
});
