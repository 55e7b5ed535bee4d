// The schema sync against a real PostgreSQL 17: fresh database, no-op, additive, destructive,
// --check and --dry-run. Schema variants are derived from prisma/schema.prisma at test time.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { findPgTools } from '../../src/backup/pg-tools.ts';
import { restoreBackup } from '../../src/backup/restore.ts';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { REPO_ROOT, SCHEMA_PATH } from '@monitrax/database/paths';
import { EXIT, syncSchema, type SyncOptions } from '../../src/sync/sync.ts';
import { readVerification } from '../../src/sync/verified-state.ts';
import { runNodeScript } from '@monitrax/test-support/run-to-exit';

const { adminUrl } = inject('testPostgres');
const created: string[] = [];
let syncRuns = 0;
let workDir: string;
let additiveSchema: string;
let destructiveSchema: string;
// Decided before collection so it.skipIf can name the skipped tests in the report.
const pgTools = await findPgTools({ minMajor: 17 });

/** The app's schema with the generator removed (pushing a variant must not regenerate the client). */
async function schemaVariant(name: string, edit: (schema: string) => string): Promise<string> {
  const base = (await readFile(SCHEMA_PATH, 'utf8')).replace(/generator client \{[^}]*\}/, '');
  const file = path.join(workDir, `${name}.prisma`);
  const changed = edit(base);
  expect(changed).not.toBe(base);
  await writeFile(file, changed);
  return file;
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'monitrax-sync-test-'));
  additiveSchema = await schemaVariant(
    'additive',
    (schema) =>
      schema.replace('  currentValue  Decimal      @db.Decimal(14, 2)\n', '  currentValue  Decimal      @db.Decimal(14, 2)\n  notes         String?\n') +
      '\nmodel Note {\n  id   String @id @default(uuid()) @db.Uuid\n  body String\n}\n',
  );
  destructiveSchema = await schemaVariant('destructive', (schema) => schema.replace(/\n {2}category {3}String\n/, '\n'));
  if (!pgTools) console.log('[integration] schema sync: no pg_dump >= 17 here; skipping by name the tests that take or restore a backup');
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const name of created.splice(0)) await dropDatabase(adminUrl, name);
});

async function freshDatabase(): Promise<{ url: string; client: pg.Client }> {
  const name = uniqueDatabaseName('monitrax_sync');
  await createDatabase(adminUrl, name);
  created.push(name);
  const url = databaseUrl(adminUrl, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { url, client };
}

function sync(url: string, overrides: Partial<SyncOptions> = {}) {
  const lines: string[] = [];
  syncRuns += 1;
  const backupDir = path.join(workDir, `backups-${syncRuns}`);
  const result = syncSchema({
    databaseUrl: url,
    backupDir,
    mode: 'apply',
    acceptDataLoss: false,
    backup: true,
    appVersion: 'test',
    waitTimeoutMs: 5_000,
    log: (line) => lines.push(line),
    ...overrides,
  });
  return { result, lines, backupDir };
}

const tablesOf = async (client: pg.Client) =>
  (await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((row) => row.tablename);
const historyOf = async (client: pg.Client) =>
  (await client.query(`SELECT outcome, backup_file, cardinality(statements) AS n FROM monitrax_ops.schema_history ORDER BY id`)).rows;
const filesIn = (dir: string) => readdir(dir).catch(() => [] as string[]);

async function seedExpense(client: pg.Client) {
  const user = await client.query(
    `INSERT INTO "User" (id, email, "passwordHash", name, "updatedAt") VALUES (gen_random_uuid(), 'a@b.c', 'x', 'A', now()) RETURNING id`,
  );
  await client.query(
    `INSERT INTO "Expense" (id, "userId", payee, category, amount, frequency, "updatedAt") VALUES (gen_random_uuid(), $1, 'Council', 'Rates', 1980, 'ANNUAL', now())`,
    [user.rows[0].id],
  );
}

describe('schema sync', () => {
  it('creates every table on a fresh database, then a second run is a no-op that runs no DDL', async () => {
    const { url, client } = await freshDatabase();
    try {
      const first = sync(url);
      expect((await first.result).outcome).toBe('applied');
      expect(first.lines).toContain('backup: skipped (fresh database: no tables, nothing to back up)');
      expect(await tablesOf(client)).toEqual(['Account', 'Expense', 'Income', 'Loan', 'PortfolioDay', 'Property', 'Session', 'User']);
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
    } finally {
      await client.end();
    }
  });

  it('skips Prisma only while schema and catalog are as Prisma last verified them', async () => {
    const { url, client } = await freshDatabase();
    const verified = 'catalog unchanged since Prisma verified it';
    const said = (lines: string[]) => lines.find((line) => line.startsWith('in sync:')) ?? '';
    try {
      await sync(url).result;
      const unchanged = sync(url);
      expect(await unchanged.result).toMatchObject({ outcome: 'in-sync' });
      expect(said(unchanged.lines)).toContain(verified);

      // A hand-made change to the catalog: the next run asks Prisma again, which puts the index back.
      await client.query('DROP INDEX "Expense_propertyId_idx"');
      const repaired = sync(url, { backup: false });
      expect(await repaired.result).toMatchObject({ outcome: 'applied' });
      expect(said(repaired.lines)).toBe('');
      expect(repaired.lines.some((line) => line.includes('CREATE INDEX "Expense_propertyId_idx"'))).toBe(true);
      expect(repaired.lines).toContain('verified: Prisma plans nothing more after the push');
      // The push is remembered with the catalog as it left it.
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
    } finally {
      await client.end();
    }
  });

  it('applies an additive change without a backup when told --no-backup, and records it', async () => {
    const { url, client } = await freshDatabase();
    try {
      await sync(url).result;
      await seedExpense(client);
      const run = sync(url, { schemaPath: additiveSchema, backup: false });
      expect(await run.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
      expect(run.lines).toContain('backup: skipped (--no-backup)');
      expect(await tablesOf(client)).toContain('Note');
      expect((await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'Property' AND column_name = 'notes'`)).rowCount).toBe(
        1,
      );
      expect((await historyOf(client)).at(-1)).toMatchObject({ outcome: 'applied', backup_file: null });
      expect((await client.query('SELECT count(*)::int AS n FROM "Expense"')).rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });

  it.skipIf(!pgTools)('backs up before an additive change: the file exists and lists the old tables', async () => {
    const { url, client } = await freshDatabase();
    try {
      await sync(url).result;
      await seedExpense(client);
      const run = sync(url, { schemaPath: additiveSchema });
      const result = await run.result;
      expect(result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
      expect(result.backupFile).toBeDefined();
      expect(await filesIn(run.backupDir)).toEqual([path.basename(result.backupFile!)]);
      // The eight app tables, monitrax_ops.schema_history and monitrax_ops.schema_verified, which the first sync created.
      expect(run.lines.some((line) => line.startsWith('backup: ') && line.includes('10 tables'))).toBe(true);
      expect((await historyOf(client)).at(-1)).toMatchObject({ outcome: 'applied', backup_file: result.backupFile });
    } finally {
      await client.end();
    }
  });

  it('refuses a destructive change on a table with rows: exit 3, data intact, no backup taken', async () => {
    const { url, client } = await freshDatabase();
    try {
      await sync(url).result;
      await seedExpense(client);
      const run = sync(url, { schemaPath: destructiveSchema });
      const result = await run.result;
      expect(result).toMatchObject({ exitCode: EXIT.REFUSED, outcome: 'refused' });
      expect(result.blockers?.map((blocker) => blocker.reason)).toEqual(['drops column Expense.category and its values']);
      expect((await client.query('SELECT payee, category FROM "Expense"')).rows).toEqual([{ payee: 'Council', category: 'Rates' }]);
      expect(await filesIn(run.backupDir)).toEqual([]);
      expect((await historyOf(client)).at(-1)).toMatchObject({ outcome: 'refused', backup_file: null });
    } finally {
      await client.end();
    }
  });

  it("follows the URL's ?schema= in its data checks: rows there block a destructive change, tables there get a backup", async () => {
    const { url: publicUrl, client } = await freshDatabase();
    const url = `${publicUrl}${publicUrl.includes('?') ? '&' : '?'}schema=app`;
    try {
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
    } finally {
      await client.end();
    }
  });

  it('applies the destructive change with --accept-data-loss --no-backup', async () => {
    const { url, client } = await freshDatabase();
    try {
      await sync(url).result;
      await seedExpense(client);
      // Dropping a column the running release reads is breaking too: this test is about data loss, so it allows that.
      expect(await sync(url, { schemaPath: destructiveSchema, acceptDataLoss: true, allowBreaking: true, backup: false }).result).toMatchObject({
        outcome: 'applied',
      });
      expect(
        (await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'Expense' AND column_name = 'category'`)).rowCount,
      ).toBe(0);
    } finally {
      await client.end();
    }
  });

  it.skipIf(!pgTools)('with --accept-data-loss takes a backup first, and restoring it brings the dropped values back', async () => {
    const { url, client } = await freshDatabase();
    try {
      await sync(url).result;
      await seedExpense(client);
      const result = await sync(url, { schemaPath: destructiveSchema, acceptDataLoss: true, allowBreaking: true }).result;
      expect(result.outcome).toBe('applied');
      const restored = await restoreBackup({ file: result.backupFile!, databaseUrl: url, tools: pgTools! });
      created.push(restored.database);
      expect(restored.rowCounts).toMatchObject({ Expense: 1, User: 1 });
      const copy = new pg.Client({ connectionString: databaseUrl(adminUrl, restored.database) });
      await copy.connect();
      try {
        expect((await copy.query('SELECT category FROM "Expense"')).rows).toEqual([{ category: 'Rates' }]);
      } finally {
        await copy.end();
      }
    } finally {
      await client.end();
    }
  });

  it('--dry-run prints the plan and changes nothing', async () => {
    const { url, client } = await freshDatabase();
    try {
      const run = sync(url, { mode: 'dry-run' });
      expect(await run.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'planned' });
      expect(run.lines.some((line) => /CREATE TABLE "User"/.test(line))).toBe(true);
      expect(await tablesOf(client)).toEqual([]);
    } finally {
      await client.end();
    }
  });
});

describe('breaking changes, judged against the running release', () => {
  const columnsOf = async (client: pg.Client, table: string) =>
    (await client.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY 1`, [table])).rows.map(
      (row) => row.column_name,
    );
  const ADDRESS = '  address       String\n';

  it('records the full schema of each applied sync: the running release', async () => {
    const { url, client } = await freshDatabase();
    try {
      await sync(url).result;
      const { rows } = await client.query(`SELECT schema_text, schema_hash FROM monitrax_ops.schema_history WHERE outcome = 'applied'`);
      expect(rows).toEqual([{ schema_text: await readFile(SCHEMA_PATH, 'utf8'), schema_hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    } finally {
      await client.end();
    }
  });

  it('refuses to drop a column the running release reads even on empty tables (exit 3, nothing touched), unless --allow-breaking', async () => {
    const { url, client } = await freshDatabase();
    const withoutAddress = await schemaVariant('without-address', (schema) => schema.replace(ADDRESS, ''));
    try {
      await sync(url).result;
      const refused = sync(url, { schemaPath: withoutAddress });
      const result = await refused.result;
      expect(result).toMatchObject({ exitCode: EXIT.REFUSED, outcome: 'refused', message: 'change would break the running release' });
      expect(result.blockers).toEqual([]); // no rows: nothing would be lost, and yet it is refused
      expect(refused.lines).toContain('  - drops column Property.address, which the running release reads');
      expect(refused.lines.join('\n')).toContain('expand, then contract');
      expect(refused.lines.join('\n')).toMatch(/\[destructive, breaking\] ALTER TABLE "Property" DROP COLUMN "address"/);
      expect(await columnsOf(client, 'Property')).toContain('address');
      expect((await historyOf(client)).at(-1)).toMatchObject({ outcome: 'refused' });

      const dryRun = sync(url, { schemaPath: withoutAddress, mode: 'dry-run' });
      await dryRun.result;
      expect(dryRun.lines).toContain('  would refuse without --allow-breaking: the running release would fail on it');

      const allowed = sync(url, { schemaPath: withoutAddress, allowBreaking: true });
      expect(await allowed.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
      expect(allowed.lines.some((line) => line.startsWith('breaking: applying 1 change(s)'))).toBe(true);
      expect(await columnsOf(client, 'Property')).not.toContain('address');
    } finally {
      await client.end();
    }
  });

  it.each([
    [
      'a new required column without a default',
      (schema: string) => schema.replace(ADDRESS, `${ADDRESS}  postcode      String\n`),
      /adds required column Property.postcode/,
    ],
    ['a type change', (schema: string) => schema.replace(ADDRESS, '  address       String       @db.VarChar(200)\n'), /changes the type of Property.address/],
    [
      'a removed enum value',
      (schema: string) => schema.replace(/enum PropertyType \{\n {2}HOME\n {2}INVESTMENT\n\}/, 'enum PropertyType {\n  HOME\n}'),
      /removes INVESTMENT from enum PropertyType/,
    ],
    [
      'a new NOT NULL',
      (schema: string) => schema.replace('  lvr             Decimal? @db.Decimal(8, 2)', '  lvr             Decimal  @db.Decimal(8, 2)'),
      /makes PortfolioDay.lvr required/,
    ],
  ])('refuses %s on empty tables', async (_name, edit, reason) => {
    const { url, client } = await freshDatabase();
    const variant = await schemaVariant(`breaking-${_name.replace(/\W+/g, '-')}`, edit);
    try {
      await sync(url).result;
      const run = sync(url, { schemaPath: variant });
      expect(await run.result).toMatchObject({ exitCode: EXIT.REFUSED, outcome: 'refused', message: 'change would break the running release' });
      expect(run.lines.some((line) => reason.test(line))).toBe(true);
    } finally {
      await client.end();
    }
  });

  it('goes through the contract path: @ignore in one release, the drop in the next (data loss still needs --accept-data-loss)', async () => {
    const { url, client } = await freshDatabase();
    const ignored = await schemaVariant('address-ignored', (schema) => schema.replace(ADDRESS, '  address       String?      @ignore\n'));
    const dropped = await schemaVariant('address-dropped', (schema) => schema.replace(ADDRESS, ''));
    try {
      await sync(url).result;
      const expand = sync(url, { schemaPath: ignored });
      expect(await expand.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' }); // DROP NOT NULL: not breaking
      expect(expand.lines.join('\n')).not.toContain('breaking');
      await client.query(
        `INSERT INTO "User" (id, email, "passwordHash", name, "updatedAt") VALUES ('00000000-0000-4000-8000-000000000001', 'c@d.e', 'x', 'C', now());
         INSERT INTO "Property" (id, "userId", name, address, type, "purchasePrice", "purchaseDate", "currentValue", "updatedAt")
         VALUES (gen_random_uuid(), '00000000-0000-4000-8000-000000000001', 'Home', '1 Old St', 'HOME', 1, '2020-01-01', 2, now())`,
      );

      const contract = sync(url, { schemaPath: dropped });
      const refused = await contract.result;
      expect(refused).toMatchObject({ exitCode: EXIT.REFUSED, outcome: 'refused', message: 'change would lose data' });
      expect(contract.lines.join('\n')).not.toContain('breaking');
      expect(await columnsOf(client, 'Property')).toContain('address');

      expect(await sync(url, { schemaPath: dropped, acceptDataLoss: true, backup: false }).result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
      expect(await columnsOf(client, 'Property')).not.toContain('address');
    } finally {
      await client.end();
    }
  });

  it('a release whose schema needs no statement (an @ignore on an optional field) is still recorded as the running one', async () => {
    const { url, client } = await freshDatabase();
    const revokedIgnored = await schemaVariant('revoked-ignored', (schema) =>
      schema.replace('  revokedAt DateTime? @db.Timestamptz(3)', '  revokedAt DateTime? @db.Timestamptz(3) @ignore'),
    );
    const revokedDropped = await schemaVariant('revoked-dropped', (schema) => schema.replace('  revokedAt DateTime? @db.Timestamptz(3)\n', ''));
    try {
      await sync(url).result;
      expect(await sync(url, { schemaPath: revokedIgnored }).result).toMatchObject({ exitCode: EXIT.OK, outcome: 'in-sync' });
      expect((await historyOf(client)).at(-1)).toMatchObject({ outcome: 'applied', n: 0 });
      expect(await sync(url, { schemaPath: revokedDropped }).result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
    } finally {
      await client.end();
    }
  });
});

describe('Squawk in the plan', () => {
  it('shows findings next to their statement on a table with rows: a warning goes ahead, a refusing rule stops the plan', async () => {
    const { url, client } = await freshDatabase();
    const indexed = await schemaVariant('expense-payee-index', (schema) => schema.replace(/(model Expense \{\n)/, '$1  @@index([payee])\n'));
    const rewritten = await schemaVariant('expense-volatile-default', (schema) =>
      schema.replace(/(model Expense \{\n)/, '$1  token      String    @default(dbgenerated("(gen_random_uuid())::text"))\n'),
    );
    try {
      const fresh = sync(url);
      await fresh.result;
      expect(fresh.lines.join('\n')).not.toContain('squawk'); // new tables: nothing to lock
      await seedExpense(client);

      const warned = sync(url, { schemaPath: indexed, backup: false });
      expect(await warned.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
      const text = warned.lines.join('\n');
      expect(text).toMatch(/\[safe\] CREATE INDEX "Expense_payee_idx" ON "Expense"\("payee"\)\n\s+squawk require-concurrent-index-creation \(warns\): /);
      expect(text).toContain('CREATE INDEX CONCURRENTLY "Expense_payee_idx" ON "Expense"("payee");');

      const refused = sync(url, { schemaPath: rewritten, backup: false });
      expect(await refused.result).toMatchObject({ exitCode: EXIT.REFUSED, outcome: 'refused' });
      expect(refused.lines.some((line) => /^\s+- squawk adding-field-with-default: /.test(line))).toBe(true);
      expect(await sync(url, { schemaPath: rewritten, backup: false, allowBreaking: true }).result).toMatchObject({ exitCode: EXIT.OK });
    } finally {
      await client.end();
    }
  });
});

describe('rollback: a reverted release with --safe-only', () => {
  it('applies the safe statements, leaves the ones that would lose data or break the running release pending, and reports them', async () => {
    const { url, client } = await freshDatabase();
    // The reverted release is the old schema plus one unrelated safe change (a new optional column elsewhere).
    const reverted = await schemaVariant('reverted-plus-memo', (schema) => schema.replace(/(model Expense \{\n)/, '$1  memo       String?\n'));
    try {
      await sync(url, { schemaPath: additiveSchema }).result; // release N: Property.notes and the Note table
      await client.query(
        `INSERT INTO "User" (id, email, "passwordHash", name, "updatedAt") VALUES ('00000000-0000-4000-8000-000000000002', 'r@b.c', 'x', 'R', now());
         INSERT INTO "Property" (id, "userId", name, address, type, "purchasePrice", "purchaseDate", "currentValue", notes, "updatedAt")
         VALUES (gen_random_uuid(), '00000000-0000-4000-8000-000000000002', 'Home', '1 St', 'HOME', 1, '2020-01-01', 2, 'keep me', now())`,
      );

      // Without --safe-only the revert is refused: N still serves and reads what it would drop.
      expect(await sync(url, { schemaPath: reverted }).result).toMatchObject({ exitCode: EXIT.REFUSED });

      const revert = sync(url, { schemaPath: reverted, safeOnly: true, backup: false });
      const result = await revert.result;
      expect(result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
      expect(result.pending).toHaveLength(2);
      expect(revert.lines.filter((line) => line.startsWith('  pending: ')).sort()).toEqual([
        '  pending: ALTER TABLE "Property" DROP COLUMN "notes"',
        '  pending: DROP TABLE "Note"',
      ]);
      expect((await client.query(`SELECT notes FROM "Property"`)).rows).toEqual([{ notes: 'keep me' }]);
      expect((await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'Expense' AND column_name = 'memo'`)).rowCount).toBe(1);
      const recorded = (
        await client.query(
          `SELECT outcome, cardinality(statements) AS n, cardinality(pending) AS pending FROM monitrax_ops.schema_history ORDER BY id DESC LIMIT 1`,
        )
      ).rows[0];
      expect(recorded).toEqual({ outcome: 'applied', n: 1, pending: 2 });

      // --check sees what is left (exit 2), and the API's schema check (readVerification) says it is pending.
      expect(await sync(url, { schemaPath: reverted, mode: 'check' }).result).toMatchObject({ exitCode: EXIT.DRIFT });
      expect(await readVerification(url, reverted)).toMatchObject({ verified: false, pending: 2 });

      // Deploying the reverted release again changes nothing and still leaves them pending.
      expect(await sync(url, { schemaPath: reverted, safeOnly: true, backup: false }).result).toMatchObject({ exitCode: EXIT.OK, pending: expect.any(Array) });

      // A person drops them later: the running release (the reverted one) does not read them, so it is only data loss.
      expect(await sync(url, { schemaPath: reverted, acceptDataLoss: true, backup: false }).result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
      expect(await readVerification(url, reverted)).toMatchObject({ verified: true, pending: 0 });
    } finally {
      await client.end();
    }
  });
});

describe('db:sync command line', () => {
  async function cli(args: string[], url: string, env: NodeJS.ProcessEnv = {}) {
    const run = await runNodeScript('services/schema-sync/src/sync/cli.ts', args, {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, DATABASE_URL: url, BACKUP_DIR: path.join(workDir, 'cli-backups'), ...env },
    });
    return { code: run.code, output: run.stdout + run.stderr };
  }

  it('--check exits 2 on drift and 0 in sync; exit 3 when refused; never prints the password', async () => {
    const { url, client } = await freshDatabase();
    try {
      const drift = await cli(['--check'], url);
      expect(drift.code).toBe(2);
      expect(await tablesOf(client)).toEqual([]);
      expect((await cli([], url)).code).toBe(0);
      expect((await cli(['--check'], url)).code).toBe(0);
      await seedExpense(client);
      const refused = await cli(['--schema', destructiveSchema], url);
      expect(refused.code).toBe(3);
      expect(refused.output).toContain('drops column Expense.category');
      const password = new URL(url).password;
      if (password) expect(drift.output + refused.output).not.toContain(`:${password}@`);
    } finally {
      await client.end();
    }
  });

  it('names bad environment variables and rejects unknown flags with exit 1', async () => {
    const bad = await cli([], 'mysql://nope');
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('DATABASE_URL: must be a postgresql:// URL');
    const flag = await cli(['--yolo'], 'postgresql://x@127.0.0.1/db');
    expect(flag.code).toBe(1);
    expect(flag.output).toMatch(/Unknown option '--yolo'/);
    const contradiction = await cli(['--safe-only', '--accept-data-loss'], 'postgresql://x@127.0.0.1/db');
    expect(contradiction.code).toBe(1);
    expect(contradiction.output).toContain('--safe-only leaves out what --accept-data-loss and --allow-breaking would let through');
    const envContradiction = await cli(['--accept-data-loss'], 'postgresql://x@127.0.0.1/db', { SCHEMA_SYNC_SAFE_ONLY: 'true' });
    expect(envContradiction.code).toBe(1);
    expect(envContradiction.output).toContain('unset it for this run (SCHEMA_SYNC_SAFE_ONLY=false)');
    const badSafeOnly = await cli([], 'postgresql://x@127.0.0.1/db', { SCHEMA_SYNC_SAFE_ONLY: 'yes' });
    expect(badSafeOnly.code).toBe(1);
    expect(badSafeOnly.output).toContain('SCHEMA_SYNC_SAFE_ONLY:');
  });

  it('SCHEMA_SYNC_SAFE_ONLY=true is --safe-only for deploys that cannot pass flags', async () => {
    const { url, client } = await freshDatabase();
    try {
      expect((await cli(['--schema', additiveSchema, '--no-backup'], url)).code).toBe(0);
      const revert = await cli(['--no-backup'], url, { SCHEMA_SYNC_SAFE_ONLY: 'true' });
      expect(revert.code).toBe(0);
      expect(revert.output).toMatch(/safe only: applying 0 safe statement\(s\); leaving 2 pending/);
      expect((await cli(['--check'], url)).code).toBe(2);
    } finally {
      await client.end();
    }
  });
});
