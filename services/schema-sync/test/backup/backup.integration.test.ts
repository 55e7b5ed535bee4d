// Backup and restore against the integration run's PostgreSQL 17, with whatever pg_dump/pg_restore
// this machine has. Without a new enough client the tests that need one are skipped by name.
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { backupDatabase } from '../../src/backup/backup.ts';
import { rowCounts, withClient } from '../../src/backup/catalog.ts';
import { SAMPLE_ROW_COUNTS, SAMPLE_TABLES, seedSampleDatabase, toolsForTests } from '../support/backup-fixtures.ts';
import { serverMajor } from '../../src/backup/pg-tools.ts';
import { restoreBackup } from '../../src/backup/restore.ts';

const { adminUrl } = inject('testPostgres');
// Decided before collection so that it.skipIf can name the skipped tests.
const { tools, itWithTools, reportSkips } = await toolsForTests(adminUrl);

const databases: string[] = [];
let work: string;
let source: string; // a database with the sample rows; never modified after seeding
let sourceUrl: string;

async function newDatabase(prefix: string, template?: string): Promise<string> {
  const name = uniqueDatabaseName(prefix);
  await createDatabase(adminUrl, name, template);
  databases.push(name);
  return name;
}

const query = (url: string, sql: string) => withClient(url, async (client) => (await client.query(sql)).rows);

beforeAll(async () => {
  await reportSkips('backup');
  work = await mkdtemp(path.join(tmpdir(), 'monitrax-backup-test-'));
  source = await newDatabase('monitrax_backup');
  sourceUrl = databaseUrl(adminUrl, source);
  await seedSampleDatabase(sourceUrl);
});

afterAll(async () => {
  for (const name of databases) await dropDatabase(adminUrl, name);
  await rm(work, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('reads the server major (what the tools must be at least)', async () => {
    expect(await serverMajor(adminUrl)).toBe(17);
  });

  itWithTools('backs up a database with rows into a 0600 file whose listing names every table', async () => {
    const backupDir = path.join(work, 'first', 'backups');
    const now = new Date('2026-11-25T09:08:07Z');
    const result = await backupDatabase({ databaseUrl: sourceUrl, backupDir, label: 'manual', tools: tools!, now });
    expect(result.file).toBe(path.join(backupDir, `${source}-20261125T090807Z-manual.dump`));
    expect([...result.tables].sort()).toEqual(SAMPLE_TABLES);
    expect(result.bytes).toBe((await stat(result.file)).size);
    expect(result.bytes).toBeGreaterThan(1000);
    expect((await stat(result.file)).mode & 0o777).toBe(0o600);
    expect((await stat(backupDir)).mode & 0o777).toBe(0o700);
    expect(await readdir(backupDir)).toEqual([path.basename(result.file)]); // no .partial left behind
  });

  itWithTools('restores into a new database with the same row counts and values; the source is untouched', async () => {
    const { file } = await backupDatabase({ databaseUrl: sourceUrl, backupDir: path.join(work, 'copy'), label: 'copy', tools: tools! });
    const restored = await restoreBackup({ file, databaseUrl: sourceUrl, tools: tools! });
    databases.push(restored.database);
    expect(restored.database).toMatch(new RegExp(`^${source}_restore_\\d{8}t\\d{6}z$`));
    expect(restored.rowCounts).toEqual(SAMPLE_ROW_COUNTS);
    expect(await rowCounts(sourceUrl)).toEqual(SAMPLE_ROW_COUNTS);
    const copyUrl = databaseUrl(adminUrl, restored.database);
    const values = `SELECT o.name, o.mood::text, o.joined, i.label, i.price::text FROM items i JOIN owners o ON o.id = i.owner_id ORDER BY i.id`;
    expect(await query(copyUrl, values)).toEqual(await query(sourceUrl, values));
    expect(await query(copyUrl, `SELECT name FROM owners WHERE id = 1`)).toEqual([{ name: "O'Brien – Zoë" }]);
    expect(await query(copyUrl, `SELECT sum(amount)::text AS total FROM ledger.entries`)).toEqual([{ total: '39218.75' }]);
    // Sequences come along: the next id follows the restored rows.
    expect(await query(copyUrl, `INSERT INTO owners (name, mood, joined) VALUES ('New', 'calm', now()) RETURNING id`)).toEqual([{ id: 4 }]);
  });

  itWithTools('refuses to restore over the live database without overLive, or into a database that has tables', async () => {
    const { file } = await backupDatabase({ databaseUrl: sourceUrl, backupDir: path.join(work, 'refuse'), label: 'refuse', tools: tools! });
    await expect(restoreBackup({ file, databaseUrl: sourceUrl, into: source, tools: tools! })).rejects.toThrow(/is the live database.*--over-live/);
    const occupied = await newDatabase('monitrax_occupied');
    await query(databaseUrl(adminUrl, occupied), 'CREATE TABLE keep_me (id int)');
    await expect(restoreBackup({ file, databaseUrl: sourceUrl, into: occupied, tools: tools! })).rejects.toThrow(/already exists and has 1 table/);
    expect(await rowCounts(databaseUrl(adminUrl, occupied))).toEqual({ keep_me: 0 });
    expect(await rowCounts(sourceUrl)).toEqual(SAMPLE_ROW_COUNTS);
  });

  itWithTools('restores into an existing empty database given by name', async () => {
    const { file } = await backupDatabase({ databaseUrl: sourceUrl, backupDir: path.join(work, 'into'), label: 'into', tools: tools! });
    const empty = await newDatabase('monitrax_empty');
    const restored = await restoreBackup({ file, databaseUrl: sourceUrl, into: empty, tools: tools! });
    expect(restored).toEqual({ database: empty, rowCounts: SAMPLE_ROW_COUNTS });
  });

  itWithTools('restores over the live database with overLive: later changes are undone', async () => {
    const live = await newDatabase('monitrax_live', source);
    const liveUrl = databaseUrl(adminUrl, live);
    const { file } = await backupDatabase({ databaseUrl: liveUrl, backupDir: path.join(work, 'live'), label: 'before', tools: tools! });
    await query(liveUrl, `DELETE FROM ledger.entries; UPDATE owners SET name = 'changed'; DROP TABLE "Owner Notes"; CREATE TABLE extra (id int)`);
    const restored = await restoreBackup({ file, databaseUrl: liveUrl, overLive: true, tools: tools! });
    expect(restored.database).toBe(live);
    // Objects the backup does not know (extra) are left alone; everything it holds is as it was.
    expect(restored.rowCounts).toEqual({ ...SAMPLE_ROW_COUNTS, extra: 0 });
    expect(await query(liveUrl, `SELECT name FROM owners ORDER BY id`)).toEqual([{ name: "O'Brien – Zoë" }, { name: 'Nguyễn' }, { name: 'Smith' }]);
  });

  itWithTools('a failed backup keeps no file and says why, without the password', async () => {
    const backupDir = path.join(work, 'failed');
    // Wrong password and no such database: refused by either check, whatever the server's auth method.
    const url = new URL(databaseUrl(adminUrl, 'monitrax_no_such_database'));
    url.password = 'Sup3r-Secret-Pw';
    const error = await backupDatabase({ databaseUrl: url.toString(), backupDir, label: 'x', tools: tools! }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/backup of database "monitrax_no_such_database" failed; no backup file was kept\. pg_dump exited with code 1/);
    expect(error?.message).toMatch(/does not exist|password authentication failed/);
    expect(error?.message).not.toContain('Sup3r-Secret-Pw');
    expect(await readdir(backupDir)).toEqual([]);
  });

  itWithTools('a failed restore into a new database removes that database', async () => {
    const garbage = path.join(work, 'garbage.dump');
    await writeFile(garbage, 'not an archive');
    const into = uniqueDatabaseName('monitrax_garbage');
    await expect(restoreBackup({ file: garbage, databaseUrl: sourceUrl, into, tools: tools! })).rejects.toThrow(
      new RegExp(`into "${into}" failed; database "${into}" was removed\\. pg_restore exited with code 1`),
    );
    expect(await query(adminUrl, `SELECT datname FROM pg_database WHERE datname = '${into}'`)).toEqual([]);
  });

  it('refuses a backup file that does not exist', async () => {
    const fakeTools = { pgDump: '/nonexistent/pg_dump', pgRestore: '/nonexistent/pg_restore', major: 17, source: 'test' };
    await expect(restoreBackup({ file: path.join(work, 'nope.dump'), databaseUrl: sourceUrl, tools: fakeTools })).rejects.toThrow(/backup file not found/);
  });
});
