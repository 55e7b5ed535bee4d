// The migration files of a project in migrate mode, with their markers, and what Prisma's own table
// (`_prisma_migrations`) says was applied. A migration folder holds `migration.sql`, named `<timestamp>_<name>`
// (Prisma's `migrate dev` and our `db:migration` write them so; `0_init` is a baseline's), applied in name order.
//
// A marker is a reviewed exception written into the file itself, a comment line of its own (conventionally the
// first), with a reason:
//   -- monitrax: accept-data-loss: <reason>   the migration drops or rewrites data on purpose
//   -- monitrax: allow-breaking: <reason>     the release still serving fails on it for the length of the deploy
// There is no flag for a deploy in migrate mode: what a migration may do is decided in review, in the file.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

export type MarkerKind = 'accept-data-loss' | 'allow-breaking';

export interface Markers {
  /** Reasons given, by kind. */
  reasons: Partial<Record<MarkerKind, string>>;
  /** Marker lines that say nothing usable (no reason, an unknown kind). */
  problems: string[];
}

export interface MigrationFile {
  name: string;
  file: string;
  sql: string;
  markers: Markers;
}

const MARKER_LINE = /^--\s*monitrax\s*:\s*([a-z-]+)\s*:?\s*(.*?)\s*$/i;
const KINDS: readonly MarkerKind[] = ['accept-data-loss', 'allow-breaking'];

export function markersOf(sql: string): Markers {
  const markers: Markers = { reasons: {}, problems: [] };
  for (const line of sql.split('\n')) {
    const match = MARKER_LINE.exec(line.trim());
    if (!match) continue;
    const kind = match[1]!.toLowerCase() as MarkerKind;
    const reason = match[2]!;
    if (!KINDS.includes(kind)) markers.problems.push(`unknown marker "${match[1]}" (known: ${KINDS.join(', ')})`);
    else if (!reason) markers.problems.push(`the ${kind} marker gives no reason: write "-- monitrax: ${kind}: <why>"`);
    else markers.reasons[kind] = reason;
  }
  return markers;
}

/** The migrations in `dir`, in the order Prisma applies them; none when the folder does not exist. */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const migrations: MigrationFile[] = [];
  for (const entry of entries.filter((candidate) => candidate.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, entry.name, 'migration.sql');
    let sql: string;
    try {
      sql = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    migrations.push({ name: entry.name, file, sql, markers: markersOf(sql) });
  }
  return migrations;
}

export interface AppliedMigration {
  name: string;
  finished: boolean;
  rolledBack: boolean;
}

/** Prisma's record of applied migrations in `schema`; undefined when the table does not exist (never migrated). */
export async function readAppliedMigrations(client: pg.Client, schema: string): Promise<AppliedMigration[] | undefined> {
  const table = `${pg.escapeIdentifier(schema)}."_prisma_migrations"`;
  const exists = await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [table]);
  if (!exists.rows[0]?.exists) return undefined;
  const { rows } = await client.query<{ name: string; finished: boolean; rolled_back: boolean }>(
    `SELECT migration_name AS name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM ${table} ORDER BY started_at`,
  );
  return rows.map((row) => ({ name: row.name, finished: row.finished, rolledBack: row.rolled_back }));
}
