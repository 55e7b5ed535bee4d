// Tables the schema does not own: undeclared, a plan that would drop one is refused whatever it holds, and --check
// says which lines keep it; declared (Prisma's externally managed tables, from the project's prisma.config.ts), a
// database holding one deploys with no flag, keeps it, and its owner may change it without the drift check noticing.
import { writeFile } from 'node:fs/promises';
import { SCHEMA_PATH } from '@monitrax/database/paths';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PrismaProject } from '../../src/sync/prisma-config.ts';
import { EXIT } from '../../src/sync/sync.ts';
import { readVerification } from '../../src/sync/verified-state.ts';
import { additive, tablesOf, useSyncTestbed } from './testbed.ts';
import { LONG_TEST_TIMEOUT_MS } from '@monitrax/test-support/timeouts';

const testbed = useSyncTestbed();
const { syncedDatabase, schemaVariant, sync } = testbed;

let additiveSchema: string;
let declared: PrismaProject;

const LEGACY = `CREATE TYPE legacy_kind AS ENUM ('import', 'manual');
  CREATE TABLE legacy_imports (id serial PRIMARY KEY, kind legacy_kind NOT NULL, note text);
  INSERT INTO legacy_imports (kind, note) VALUES ('import', 'from the old system'), ('manual', 'keep me');`;

beforeAll(async () => {
  additiveSchema = await schemaVariant('additive', additive);
  // A project of its own: the same lists in its prisma.config.ts (for Prisma) and in the sync's options (for the
  // drift fingerprint), as the repository's prisma.config.ts takes them from external-objects.ts.
  const configPath = path.join(testbed.workDir, 'external.config.ts');
  await writeFile(
    configPath,
    `export default {
  schema: ${JSON.stringify(SCHEMA_PATH)},
  experimental: { externalTables: true },
  tables: { external: ['public.legacy_imports'] },
  enums: { external: ['public.legacy_kind'] },
  datasource: { url: process.env.DATABASE_URL },
};
`,
  );
  declared = {
    configPath,
    migrationsPath: path.join(testbed.workDir, 'no-migrations'),
    externalTables: ['public.legacy_imports'],
    externalEnums: ['public.legacy_kind'],
  };
});

// Each test plans the whole schema several times (Prisma's schema engine, CPU-bound): a bound against a hang, not a
// speed goal, wide enough for two cores shared with the rest of the tier.
describe('tables the schema does not own', { timeout: LONG_TEST_TIMEOUT_MS }, () => {
  it('refuses a plan that would drop an undeclared table, whatever it holds, and says which lines keep it', async () => {
    const { url, client } = await syncedDatabase();
    await client.query(LEGACY);
    await client.query('CREATE TABLE scratch_empty (id int)');
    const run = sync(url, { schemaPath: additiveSchema });
    expect(await run.result).toMatchObject({ exitCode: EXIT.REFUSED, message: 'change would lose data' });
    const output = run.lines.join('\n');
    expect(output).toContain("drops table legacy_imports, which no release's schema describes");
    expect(output).toContain("drops table scratch_empty, which no release's schema describes");
    expect(output).toContain("drops enum legacy_kind, which no release's schema describes");
    expect(output).toContain("export const EXTERNAL_TABLES: readonly string[] = ['public.legacy_imports', 'public.scratch_empty'];");
    expect(output).toContain("export const EXTERNAL_ENUMS: readonly string[] = ['public.legacy_kind'];");
    expect(await tablesOf(client)).toEqual(expect.arrayContaining(['legacy_imports', 'scratch_empty']));
    expect(await tablesOf(client)).not.toContain('Note');
  });

  it('--check lists the undeclared tables and enums with the lines to declare them', async () => {
    const { url, client } = await syncedDatabase();
    await client.query(LEGACY);
    const run = sync(url, { mode: 'check' });
    expect(await run.result).toMatchObject({ exitCode: EXIT.DRIFT });
    expect(run.lines).toContain(
      "undeclared: table legacy_imports, enum legacy_kind: in the database, described by no release's schema and not declared, so Prisma plans to drop them",
    );
    expect(run.lines).toContain("  export const EXTERNAL_TABLES: readonly string[] = ['public.legacy_imports'];");
  });

  it('deploys with no flag over a declared table and keeps it; its owner changes it and the drift check does not mind', async () => {
    const { url, client } = await syncedDatabase();
    await client.query(LEGACY);
    const run = sync(url, { schemaPath: additiveSchema, project: declared, backup: false });
    expect(await run.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'applied' });
    expect(run.lines.join('\n')).not.toContain('legacy');
    expect((await client.query('SELECT count(*)::int AS n FROM legacy_imports')).rows[0].n).toBe(2);
    expect(await readVerification(url, additiveSchema, declared)).toMatchObject({ verified: true });

    // The table's owner adds a column and a value: nothing of ours changed.
    await client.query(`ALTER TABLE legacy_imports ADD COLUMN imported_at timestamptz; ALTER TYPE legacy_kind ADD VALUE 'api'`);
    expect(await readVerification(url, additiveSchema, declared)).toMatchObject({ verified: true });
    const again = sync(url, { schemaPath: additiveSchema, project: declared });
    expect(await again.result).toMatchObject({ exitCode: EXIT.OK, outcome: 'in-sync' });
    expect(again.lines.join('\n')).toContain('catalog unchanged since Prisma verified it');

    // A change to a table of ours still counts as drift.
    await client.query('ALTER TABLE "Note" ADD COLUMN stray int');
    expect(await readVerification(url, additiveSchema, declared)).toMatchObject({ verified: false });
  });
});
