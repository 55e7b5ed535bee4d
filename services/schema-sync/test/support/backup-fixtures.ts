// Shared by the backup integration tests: which pg tools this machine has, and a sample database.
import type pg from 'pg';
import { it } from 'vitest';
import { findPgTools, installedPgToolMajors, serverMajor, type PgTools } from '../../src/backup/pg-tools.ts';
import { withClient } from '../../src/backup/catalog.ts';

export interface ToolsForTests {
  tools: PgTools | undefined;
  major: number;
  /** it.skipIf(!tools), remembering the name so the run can say what it skipped. */
  itWithTools(name: string, test: () => Promise<void>): void;
  /** One console line naming what was skipped and why; nothing when the tools exist. */
  reportSkips(file: string): Promise<void>;
}

export async function toolsForTests(adminUrl: string): Promise<ToolsForTests> {
  const major = await serverMajor(adminUrl);
  const tools = await findPgTools({ minMajor: major });
  const skipped: string[] = [];
  return {
    tools,
    major,
    itWithTools(name, test) {
      if (!tools) skipped.push(name);
      it.skipIf(!tools)(name, test);
    },
    async reportSkips(file) {
      if (tools || skipped.length === 0) return;
      const found = await installedPgToolMajors();
      console.log(
        `[integration] ${file}: skipped ${skipped.length} test(s) needing pg_dump/pg_restore >= ${major} ` +
          `(found ${found.length ? found.map((m) => `pg_dump ${m}`).join(', ') : 'none'}; build one with \`make pg-client\` as root, or set PG_BIN_DIR): ` +
          skipped.map((name) => `"${name}"`).join('; '),
      );
    },
  };
}

/**
 * Tables in two schemas, an enum, a foreign key, numeric money, quotes and non-ASCII text, and a
 * table name with a space: what a backup must carry across unchanged.
 */
export async function seedSampleDatabase(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, async (client: pg.Client) => {
    await client.query(`
      CREATE TYPE mood AS ENUM ('calm', 'busy');
      CREATE TABLE owners (id serial PRIMARY KEY, name text NOT NULL, mood mood NOT NULL, joined timestamptz NOT NULL);
      CREATE TABLE items (id serial PRIMARY KEY, owner_id int NOT NULL REFERENCES owners(id), label text NOT NULL, price numeric(14,2) NOT NULL);
      CREATE TABLE "Owner Notes" (id serial PRIMARY KEY, body text);
      CREATE SCHEMA ledger;
      CREATE TABLE ledger.entries (id bigserial PRIMARY KEY, item_id int REFERENCES items(id), amount numeric(14,2) NOT NULL);
      INSERT INTO owners (name, mood, joined) VALUES
        ('O''Brien – Zoë', 'calm', '2024-02-29T10:00:00Z'), ('Nguyễn', 'busy', '2025-07-01T00:00:00Z'), ('Smith', 'calm', '2026-01-15T23:59:59Z');
      INSERT INTO items (owner_id, label, price) VALUES
        (1, 'Unit 4', 550000.00), (1, 'Offset', 1234.50), (2, 'Car loan', -1800.00), (3, 'Shares', 0.01), (3, 'Cash', 99.99);
      INSERT INTO "Owner Notes" (body) VALUES ('first'), (NULL);
      INSERT INTO ledger.entries (item_id, amount) SELECT 1 + (n % 5), n * 1.25 FROM generate_series(1, 250) AS n;
    `);
  });
}

export const SAMPLE_ROW_COUNTS = { owners: 3, items: 5, 'Owner Notes': 2, 'ledger.entries': 250 };
export const SAMPLE_TABLES = ['Owner Notes', 'items', 'ledger.entries', 'owners'];
