// A restore over the live database (make db-restore OVER_LIVE=1) with writers around it: one that connects after the
// last check is caught and the restore stops with nothing restored and nothing lost; while pg_restore runs the
// database refuses every new connection, and takes them again afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { backupDatabase } from '../../src/backup/backup.ts';
import { withClient } from '../../src/backup/catalog.ts';
import { DatabaseInUseError, type Sealed, withExclusiveUse } from '../../src/backup/exclusive-use.ts';
import { restoreBackup } from '../../src/backup/restore.ts';
import { toolsForTests } from '../support/backup-fixtures.ts';

const { adminUrl } = inject('testPostgres');
const { tools, itWithTools, reportSkips } = await toolsForTests(adminUrl);

const databases: string[] = [];
let work: string;

beforeAll(async () => {
  await reportSkips('sealed restore');
  work = await mkdtemp(path.join(tmpdir(), 'monitrax-sealed-restore-'));
});
afterAll(async () => {
  for (const name of databases) await dropDatabase(adminUrl, name);
  await rm(work, { recursive: true, force: true });
});

const query = (url: string, sql: string) => withClient(url, async (client) => (await client.query(sql)).rows);

/** A live database whose backup is taken before one more row lands ("after the backup"). */
async function liveWithBackup(rows: number) {
  const name = uniqueDatabaseName('monitrax_sealed');
  await createDatabase(adminUrl, name);
  databases.push(name);
  const url = databaseUrl(adminUrl, name);
  await query(url, `CREATE TABLE entries (id bigint PRIMARY KEY, note text); INSERT INTO entries SELECT g, 'n' || g FROM generate_series(1, ${rows}) g`);
  const { file } = await backupDatabase({ databaseUrl: url, backupDir: path.join(work, name), label: 'before', tools: tools! });
  await query(url, `INSERT INTO entries VALUES (0, 'written after the backup')`);
  return { name, url, file };
}

const restoreOverLive = (url: string, file: string, seal: Sealed) => restoreBackup({ file, databaseUrl: url, overLive: true, tools: tools!, seal });
const options = { endSessions: false, log: () => {} };

describe('a restore over the live database, sealed', () => {
  itWithTools('a writer that connects after the last check stops the restore: nothing restored, nothing lost', async () => {
    const live = await liveWithBackup(10);
    const writer = new pg.Client({ connectionString: live.url });
    try {
      const outcome = withExclusiveUse(live.url, options, async (ensureStillAlone, sealed) => {
        await ensureStillAlone('during the safety backup');
        // Between the last check and pg_restore: a client connects and writes.
        await writer.connect();
        await writer.query(`INSERT INTO entries VALUES (-1, 'written in the gap')`);
        return restoreOverLive(live.url, live.file, sealed);
      });
      await expect(outcome).rejects.toThrow(DatabaseInUseError);
      await expect(outcome).rejects.toThrow(/between the last check and the restore.*Nothing was restored/);
    } finally {
      await writer.end().catch(() => {});
    }
    // Not restored (the row after the backup is there), the gap's write kept, and connections allowed again.
    expect(await query(live.url, `SELECT id FROM entries WHERE id <= 0 ORDER BY id`)).toEqual([{ id: '-1' }, { id: '0' }]);
  });

  itWithTools('while pg_restore runs nobody can connect; afterwards the database is the backup and takes connections', async () => {
    // Rows enough that pg_restore's COPY takes a while after the door closes.
    const live = await liveWithBackup(300_000);
    let restoring = true;
    // A writer that knocks as soon as the database says it takes no connections (watched from another database,
    // so the watcher is nobody the restore has to wait for).
    const knock = withClient(adminUrl, async (watcher) => {
      while (restoring) {
        const { rows } = await watcher.query<{ open: boolean }>('SELECT datallowconn AS open FROM pg_database WHERE datname = $1', [live.name]);
        if (rows[0]?.open === false) {
          const writer = new pg.Client({ connectionString: live.url });
          return writer.connect().then(
            async () => {
              await writer.end();
              return 'connected';
            },
            (error: Error) => error.message,
          );
        }
        await delay(5); // the catalog says when the door closes; nothing announces it
      }
      return 'the restore ended before the door was seen closed';
    });
    const restored = await withExclusiveUse(live.url, options, async (_ensureStillAlone, sealed) => restoreOverLive(live.url, live.file, sealed)).finally(
      () => {
        restoring = false;
      },
    );
    expect(await knock).toMatch(/is not currently accepting connections/);
    expect(restored.rowCounts).toEqual({ entries: 300_000 });
    // The backup, without the row written after it; and the door open again.
    expect(await query(live.url, `SELECT count(*)::int AS n FROM entries WHERE id = 0`)).toEqual([{ n: 0 }]);
    expect((await query(adminUrl, `SELECT datallowconn FROM pg_database WHERE datname = '${live.name}'`))[0]).toEqual({ datallowconn: true });
  });
});
