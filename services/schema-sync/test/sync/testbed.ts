// What the schema sync's integration tests share: databases on the run's PostgreSQL (fresh ones, and copies of the
// template the run's globalSetup synced with the same syncSchema, i.e. a database as a first deploy left it),
// schema variants derived from prisma/schema.prisma, and a sync that collects its output. Each test file calls
// useSyncTestbed() once; the files run in parallel, each with databases of its own.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { SCHEMA_PATH } from '@monitrax/database/paths';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { findPgTools } from '../../src/backup/pg-tools.ts';
import { syncSchema, type SyncOptions } from '../../src/sync/sync.ts';

export const { adminUrl, templateDatabase } = inject('testPostgres');

/** Decided before collection so it.skipIf can name the skipped tests in the report. */
export const pgTools = await findPgTools({ minMajor: 17 });

export interface TestDatabase {
  url: string;
  client: pg.Client;
}

export interface SyncTestbed {
  /** An empty database. */
  freshDatabase(): Promise<TestDatabase>;
  /** A database with the app's schema, synced and recorded as the running release (a copy of the run's template). */
  syncedDatabase(): Promise<TestDatabase>;
  /** The app's schema with the generator removed (pushing a variant must not regenerate the client), edited. */
  schemaVariant(name: string, edit: (schema: string) => string): Promise<string>;
  sync(url: string, overrides?: Partial<SyncOptions>): { result: ReturnType<typeof syncSchema>; lines: string[]; backupDir: string };
  /** Remembers a database the test made some other way (a restore), to drop it after the test. */
  dropLater(name: string): void;
  readonly workDir: string;
}

export function useSyncTestbed(): SyncTestbed {
  const created: string[] = [];
  const clients: pg.Client[] = [];
  let workDir = '';
  let syncRuns = 0;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'monitrax-sync-test-'));
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.end().catch(() => {});
    for (const name of created.splice(0)) await dropDatabase(adminUrl, name);
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  async function database(template?: string): Promise<TestDatabase> {
    const name = uniqueDatabaseName('monitrax_sync');
    await createDatabase(adminUrl, name, template);
    created.push(name);
    const url = databaseUrl(adminUrl, name);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return { url, client };
  }

  return {
    get workDir() {
      return workDir;
    },
    freshDatabase: () => database(),
    syncedDatabase: () => database(templateDatabase),
    async schemaVariant(name, edit) {
      const base = (await readFile(SCHEMA_PATH, 'utf8')).replace(/generator client \{[^}]*\}/, '');
      const file = path.join(workDir, `${name}.prisma`);
      const changed = edit(base);
      expect(changed).not.toBe(base);
      await writeFile(file, changed);
      return file;
    },
    sync(url, overrides = {}) {
      const lines: string[] = [];
      syncRuns += 1;
      const backupDir = path.join(workDir, `backups-${syncRuns}`);
      const result = syncSchema({
        databaseUrl: url,
        backupDir,
        mode: 'apply',
        acceptDataLoss: [],
        backup: true,
        appVersion: 'test',
        waitTimeoutMs: 5_000,
        log: (line) => lines.push(line),
        ...overrides,
      });
      return { result, lines, backupDir };
    },
    dropLater: (name) => created.push(name),
  };
}

/** Property.notes and a new Note table: a change that loses nothing and breaks nothing. */
export const additive = (schema: string) =>
  schema.replace('  currentValue  Decimal      @db.Decimal(14, 2)\n', '  currentValue  Decimal      @db.Decimal(14, 2)\n  notes         String?\n') +
  '\nmodel Note {\n  id   String @id @default(uuid()) @db.Uuid\n  body String\n}\n';

/** Expense.category dropped: loses its values. */
export const destructive = (schema: string) => schema.replace(/\n {2}category {3}String\n/, '\n');

export const tablesOf = async (client: pg.Client) =>
  (await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((row) => row.tablename);

export const historyOf = async (client: pg.Client) =>
  (await client.query(`SELECT outcome, backup_file, cardinality(statements) AS n FROM monitrax_ops.schema_history ORDER BY id`)).rows;

export const columnsOf = async (client: pg.Client, table: string) =>
  (await client.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY 1`, [table])).rows.map(
    (row) => row.column_name,
  );

export const filesIn = (dir: string) => readdir(dir).catch(() => [] as string[]);

/** One user with one expense (Council, Rates). */
export async function seedExpense(client: pg.Client) {
  const user = await client.query(
    `INSERT INTO "User" (id, email, "passwordHash", name, "updatedAt") VALUES (gen_random_uuid(), 'a@b.c', 'x', 'A', now()) RETURNING id`,
  );
  await client.query(
    `INSERT INTO "Expense" (id, "userId", payee, category, amount, frequency, "updatedAt") VALUES (gen_random_uuid(), $1, 'Council', 'Rates', 1980, 'ANNUAL', now())`,
    [user.rows[0].id],
  );
}

export { databaseUrl };
