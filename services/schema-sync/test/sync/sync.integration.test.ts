// The schema sync against a real PostgreSQL 17: fresh database, no-op, the verified-state shortcut, additive and
// destructive changes, backups, the URL's ?schema=, --accept-data-loss and --dry-run. Schema variants are derived
// from prisma/schema.prisma at test time; most tests start from a database as a first deploy left it.
import path from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { restoreBackup } from '../../src/backup/restore.ts';
import { EXIT } from '../../src/sync/sync.ts';
import { additive, adminUrl, databaseUrl, destructive, filesIn, historyOf, pgTools, seedExpense, tablesOf, useSyncTestbed } from './testbed.ts';
import { Prisma } from '@monitrax/database/client';
import { LONG_TEST_TIMEOUT_MS } from '@monitrax/test-support/timeouts';

const { freshDatabase, syncedDatabase, schemaVariant, sync, dropLater } = useSyncTestbed();
let additiveSchema: string;
let destructiveSchema: string;

beforeAll(async () => {
  additiveSchema = await schemaVariant('additive', additive);
  destructiveSchema = await schemaVariant('destructive', destructive);
  if (!pgTools) console.log('[integration] schema sync: no pg_dump >= 17 here; skipping by name the tests that take or restore a backup');
});

// Each test plans the whole schema several times (Prisma's schema engine, CPU-bound): a bound against a hang, not a
// speed goal, wide enough for two cores shared with the rest of the tier.
describe('schema sync', { timeout: LONG_TEST_TIMEOUT_MS }, () => {
  it('creates every table on a fresh database, then a second run is a no-op that runs no DDL', async () => {
    const { url, client } = await freshDatabase();
    const first = sync(url);
    expect((await first.result).outcome).toBe('applied');
    expect(first.lines).toContain('backup: skipped (fresh database: no tables, nothing to back up)');
    expect(await tablesOf(client)).toEqual(Object.values(Prisma.ModelName).sort()); // one per model
    expect(await historyOf(client)).toEqual([{ outcome: 'applied', backup_file: null, n: expect.any(Number) }]);

    // Any DDL during the second run would land in ddl_log (event triggers see every DDL command).
    const superuser = (await client.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows[0].rolsuper;
    if (superuser) {
      await client.query(`CREATE TABLE monitrax_ops.ddl_log (tag text);
        CREATE FUNCTION monitrax_ops.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO monitrax_ops.ddl_log SELECT command_tag FROM pg_event_trigger_ddl_commands(); END $$;
        CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION monitrax_ops.log_ddl();`);
    }
    const second = sync(url);
    expect(await second.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'in-sync' });
    expect(await historyOf(client)).toHaveLength(1);
    if (superuser) {
      expect((await client.query('SELECT tag FROM monitrax_ops.ddl_log')).rows).toEqual([]);
      await client.query('DROP EVENT TRIGGER log_ddl');
    }
  });

  it('skips Prisma only while schema and catalog are as Prisma last verified them', async () => {
    const { url, client } = await syncedDatabase();
    const verified = 'catalog unchanged since Prisma verified it';
    const said = (lines: string[]) => lines.find((line) => line.startsWith('in sync:')) ?? '';
    const unchanged = sync(url);
    expect(await unchanged.result).toMatchObject({ outcome: 'in-sync' });
    expect(said(unchanged.lines)).toContain(verified);

    // A hand-made change to the catalog: the next run asks Prisma again, which puts the index back.
    await client.query('DROP INDEX "Expense_propertyId_idx"');
    const repaired = sync(url, { backup: false });
    expect(await repaired.result).toMatchObject({ outcome: 'applied' });
    expect(said(repaired.lines)).toBe('');
    expect(repaired.lines.some((line) => line.includes('CREATE INDEX "Expense_propertyId_idx"'))).toBe(true);
    expect(repaired.lines).toContain('verified: Prisma plans nothing more after the change');
    // The change is remembered with the catalog as it left it.
    const afterRepair = sync(url);
    expect(await afterRepair.result).toMatchObject({ outcome: 'in-sync' });
    expect(said(afterRepair.lines)).toContain(verified);

    // --check never trusts the memory: it always asks Prisma.
    const checked = sync(url, { mode: 'check' });
    expect(await checked.result).toMatchObject({ outcome: 'in-sync' });
    expect(said(checked.lines)).toContain('Prisma found no difference');

    // Another schema file: a different hash, so Prisma plans it.
    const additive = sync(url, { schemaPath: additiveSchema, backup: false });
    expect(await additive.result).toMatchObject({ outcome: 'applied' });
  });

  it('applies an additive change without a backup when told --no-backup, and records it', async () => {
    const { url, client } = await syncedDatabase();
    await seedExpense(client);
    const run = sync(url, { schemaPath: additiveSchema, backup: false });
    expect(await run.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
    expect(run.lines).toContain('backup: skipped (--no-backup)');
    expect(await tablesOf(client)).toContain('Note');
    expect((await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'Property' AND column_name = 'notes'`)).rowCount).toBe(1);
    expect((await historyOf(client)).at(-1)).toMatchObject({ outcome: 'applied', backup_file: null });
    expect((await client.query('SELECT count(*)::int AS n FROM "Expense"')).rows[0].n).toBe(1);
  });

  it.skipIf(!pgTools)('backs up before an additive change: the file exists and lists the old tables', async () => {
    const { url, client } = await syncedDatabase();
    await seedExpense(client);
    const run = sync(url, { schemaPath: additiveSchema });
    const result = await run.result;
    expect(result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
    expect(result.backupFile).toBeDefined();
    expect(await filesIn(run.backupDir)).toEqual([path.basename(result.backupFile!)]);
    // The app's tables, monitrax_ops.schema_history and monitrax_ops.schema_verified, which the first sync created.
    const tables = Object.keys(Prisma.ModelName).length + 2;
    expect(run.lines.some((line) => line.startsWith('backup: ') && line.includes(`${tables} tables`))).toBe(true);
    expect((await historyOf(client)).at(-1)).toMatchObject({ outcome: 'applied', backup_file: result.backupFile });
  });

  it('refuses a destructive change on a table with rows: exit 3, data intact, no backup taken', async () => {
    const { url, client } = await syncedDatabase();
    await seedExpense(client);
    const run = sync(url, { schemaPath: destructiveSchema });
    const result = await run.result;
    expect(result).toMatchObject({ exitCode: EXIT.REFUSED, outcome: 'refused' });
    expect(result.blockers?.map((blocker) => blocker.reason)).toEqual(['drops column Expense.category and its values']);
    expect((await client.query('SELECT payee, category FROM "Expense"')).rows).toEqual([{ payee: 'Council', category: 'Rates' }]);
    expect(await filesIn(run.backupDir)).toEqual([]);
    expect((await historyOf(client)).at(-1)).toMatchObject({ outcome: 'refused', backup_file: null });
  });

  // Four syncs in one test: more than the default bound when the whole suite shares two cores.
  it("follows the URL's ?schema= in its data checks: rows there block a destructive change, tables there get a backup", async () => {
    const { url: publicUrl, client } = await freshDatabase();
    const url = `${publicUrl}${publicUrl.includes('?') ? '&' : '?'}schema=app`;
    const first = sync(url);
    expect((await first.result).exitCode).toBe(EXIT.OK);
    expect(await tablesOf(client)).toEqual([]); // everything went to "app"
    await client.query('SET search_path TO app');
    await seedExpense(client);
    const dryRun = await sync(url, { schemaPath: destructiveSchema, mode: 'dry-run' }).result;
    expect(dryRun.blockers?.map((blocker) => blocker.reason)).toEqual(['drops column Expense.category and its values']);
    const refused = sync(url, { schemaPath: destructiveSchema });
    expect(await refused.result).toMatchObject({ exitCode: EXIT.REFUSED, outcome: 'refused' });
    expect((await client.query('SELECT payee, category FROM app."Expense"')).rows).toEqual([{ payee: 'Council', category: 'Rates' }]);
    if (pgTools) {
      const additive = sync(url, { schemaPath: additiveSchema });
      expect(await additive.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
      expect(additive.lines.join('\n')).not.toContain('fresh database');
      expect(await filesIn(additive.backupDir)).toHaveLength(1);
    }
  });

  it('applies the destructive change with --accept-data-loss --no-backup', async () => {
    const { url, client } = await syncedDatabase();
    await seedExpense(client);
    // Dropping a column the running release reads is breaking too: this test is about data loss, so it allows that.
    expect(await sync(url, { schemaPath: destructiveSchema, acceptDataLoss: ['Expense.category'], allowBreaking: true, backup: false }).result).toMatchObject({
      outcome: 'applied',
    });
    expect((await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'Expense' AND column_name = 'category'`)).rowCount).toBe(
      0,
    );
  });

  it.skipIf(!pgTools)('with --accept-data-loss takes a backup first, and restoring it brings the dropped values back', async () => {
    const { url, client } = await syncedDatabase();
    await seedExpense(client);
    const result = await sync(url, { schemaPath: destructiveSchema, acceptDataLoss: ['Expense.category'], allowBreaking: true }).result;
    expect(result.outcome).toBe('applied');
    const restored = await restoreBackup({ file: result.backupFile!, databaseUrl: url, tools: pgTools! });
    dropLater(restored.database);
    expect(restored.rowCounts).toMatchObject({ Expense: 1, User: 1 });
    const copy = new pg.Client({ connectionString: databaseUrl(adminUrl, restored.database) });
    await copy.connect();
    try {
      expect((await copy.query('SELECT category FROM "Expense"')).rows).toEqual([{ category: 'Rates' }]);
    } finally {
      await copy.end();
    }
  });

  it('--dry-run prints the plan and changes nothing', async () => {
    const { url, client } = await freshDatabase();
    const run = sync(url, { mode: 'dry-run' });
    expect(await run.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'planned' });
    expect(run.lines.some((line) => /CREATE TABLE "User"/.test(line))).toBe(true);
    expect(await tablesOf(client)).toEqual([]);
  });
});
