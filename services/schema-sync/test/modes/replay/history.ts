// A schema history to replay through the sync, in both modes, with rows in every table: this repository's own
// prisma/schema.prisma at each commit that changed it (history/*.prisma), then more releases written here the way
// such a history goes on. Each mainline release should deploy with no flag and no marker; each probe is a change
// that would lose data or break the release still serving, tried from the mainline release before it and expected
// to be refused (then the history goes on without it). The replay counts false refusals (a mainline release
// refused), missed refusals (a probe applied) and missed statements (what Prisma still plans after an apply).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export interface Release {
  name: string;
  schema: string;
  /** Probes, tried from this release: changes that must be refused. */
  probes: { name: string; schema: string }[];
}

const edit = (schema: string, from: string, to: string) => {
  if (!schema.includes(from)) throw new Error(`history: "${from.trim()}" not found`);
  return schema.replace(from, to);
};

export async function releases(): Promise<Release[]> {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'history');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.prisma')).sort();
  const own: Release[] = await Promise.all(
    files.map(async (file) => ({ name: `repository ${file.replace('.prisma', '')}`, schema: await readFile(path.join(dir, file), 'utf8'), probes: [] })),
  );
  let schema = own.at(-1)!.schema;
  const next = (name: string, change: (previous: string) => string, probes: Release['probes'] = []): Release => {
    schema = change(schema);
    return { name, schema, probes };
  };
  const current = own.at(-1)!.schema;
  // Probes from the repository's newest release: each would lose data, fail on the rows, or break the running release.
  own.at(-1)!.probes = [
    { name: 'drop a column that holds data', schema: edit(current, '  category   String\n', '') },
    { name: 'a required column without a default', schema: edit(current, '  address       String\n', '  address       String\n  council       String\n') },
    { name: 'narrow a text column', schema: edit(current, '  payee      String\n', '  payee      String    @db.VarChar(1)\n') },
    { name: 'remove an enum value rows hold', schema: edit(current, 'enum Frequency {\n  WEEKLY\n', 'enum Frequency {\n') },
    { name: 'a unique index over duplicates', schema: edit(current, '  institution String\n', '  institution String      @unique\n') },
    {
      name: 'drop a table that holds rows',
      schema: edit(
        edit(current, '  sessions     Session[]\n', ''),
        current.slice(current.indexOf('/// A signed-in session'), current.indexOf('model Property {')),
        '',
      ),
    },
  ];
  return [
    ...own,
    next('notes on properties and a tag model', (s) =>
      edit(s, '  currentValue  Decimal      @db.Decimal(14, 2)\n', '  currentValue  Decimal      @db.Decimal(14, 2)\n  notes         String?\n')
        .concat(
          '\nmodel Tag {\n  id     String @id @default(uuid()) @db.Uuid\n  name   String @unique\n  userId String @db.Uuid\n  user   User   @relation(fields: [userId], references: [id], onDelete: Cascade)\n}\n',
        )
        .replace('  sessions     Session[]\n', '  sessions     Session[]\n  tags         Tag[]\n'),
    ),
    next('an expense may name its account: a foreign key on a new column', (s) =>
      edit(
        edit(
          s,
          '  payee      String\n',
          '  payee      String\n  accountId  String?   @db.Uuid\n  account    Account?  @relation(fields: [accountId], references: [id], onDelete: SetNull)\n',
        ),
        '  updatedAt   DateTime    @updatedAt @db.Timestamptz(3)\n',
        '  updatedAt   DateTime    @updatedAt @db.Timestamptz(3)\n  expenses    Expense[]\n',
      ),
    ),
    next('a daily frequency (an enum value added)', (s) => edit(s, 'enum Frequency {\n', 'enum Frequency {\n  DAILY\n')),
    next('a required column with a default', (s) =>
      edit(s, '  lender             String\n', '  lender             String\n  offsetLinked       Boolean            @default(false)\n'),
    ),
    next('an index for a query', (s) =>
      edit(s, '  @@index([propertyId])\n}\n\n/// One user', '  @@index([propertyId])\n  @@index([payee])\n}\n\n/// One user'),
    ),
    next('the notes field retired from the client first (@ignore)', (s) => edit(s, '  notes         String?\n', '  notes         String?      @ignore\n')),
  ];
}

/** Two rows in every table of `public` that takes them: parents first, values by type, unique columns distinct. */
export async function seedEveryTable(client: pg.Client): Promise<void> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
    )
  ).rows.map((row) => row.name);
  const foreignKeys = (
    await client.query<{ table: string; column: string; parent: string; parent_column: string }>(
      `SELECT c.conrelid::regclass::text AS table, a.attname AS column, c.confrelid::regclass::text AS parent, pa.attname AS parent_column
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
    )
  ).rows.map((row) => ({ ...row, table: row.table.replace(/"/g, ''), parent: row.parent.replace(/"/g, '') }));
  const unique = new Set(
    (
      await client.query<{ key: string }>(
        `SELECT i.indrelid::regclass::text || '.' || a.attname AS key FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
          WHERE i.indisunique AND NOT i.indisprimary`,
      )
    ).rows.map((row) => row.key.replace(/"/g, '')),
  );
  const ordered: string[] = [];
  const visit = (table: string, seen: Set<string>) => {
    if (ordered.includes(table) || seen.has(table)) return;
    seen.add(table);
    for (const key of foreignKeys.filter((fk) => fk.table === table && fk.parent !== table)) visit(key.parent, seen);
    ordered.push(table);
  };
  for (const table of tables.sort()) visit(table, new Set());

  for (const table of ordered) {
    const columns = (
      await client.query<{ name: string; type: string; udt: string; nullable: string; hasDefault: boolean }>(
        `SELECT column_name AS name, data_type AS type, udt_name AS udt, is_nullable AS nullable, column_default IS NOT NULL OR is_identity = 'YES' AS "hasDefault"
           FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
        [table],
      )
    ).rows.filter((column) => column.nullable === 'NO' && !column.hasDefault);
    const values = columns.map((column) => {
      const fk = foreignKeys.find((key) => key.table === table && key.column === column.name);
      if (fk) return `(SELECT ${pg.escapeIdentifier(fk.parent_column)} FROM ${pg.escapeIdentifier(fk.parent)} ORDER BY random() LIMIT 1)`;
      const distinct = unique.has(`${table}.${column.name}`);
      switch (column.type) {
        case 'uuid':
          return 'gen_random_uuid()';
        case 'text':
        case 'character varying':
          return distinct ? `'v-' || gen_random_uuid()` : `'x'`;
        case 'integer':
        case 'bigint':
        case 'smallint':
          return distinct ? '(random() * 1e9)::int' : '1';
        case 'numeric':
          return '1';
        case 'boolean':
          return 'false';
        case 'date':
          return `current_date - (random() * 10000)::int`;
        case 'timestamp with time zone':
        case 'timestamp without time zone':
          return 'now()';
        case 'USER-DEFINED':
          return `(SELECT enumlabel FROM pg_enum WHERE enumtypid = ${pg.escapeLiteral(`"${column.udt}"`)}::regtype ORDER BY enumsortorder LIMIT 1)::${pg.escapeIdentifier(column.udt)}`;
        default:
          throw new Error(`seedEveryTable: no value for ${table}.${column.name} (${column.type})`);
      }
    });
    const list = columns.map((column) => pg.escapeIdentifier(column.name)).join(', ');
    const insert =
      columns.length > 0
        ? `INSERT INTO ${pg.escapeIdentifier(table)} (${list}) VALUES (${values.join(', ')}) ON CONFLICT DO NOTHING`
        : `INSERT INTO ${pg.escapeIdentifier(table)} DEFAULT VALUES ON CONFLICT DO NOTHING`;
    for (let row = 0; row < 2; row += 1) await client.query(insert);
  }
}

/** Rows per table, to show nothing was lost. */
export async function rowCounts(client: pg.Client): Promise<Record<string, number>> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    )
  ).rows.map((row) => row.name);
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(table)}`)).rows[0]!.n;
  return counts;
}
