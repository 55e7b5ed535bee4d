// What the sync needs to know about the live data before changing anything. Every question is asked of the
// schema Prisma compares (the URL's ?schema=, else public: comparedSchemaOf), the one the plan changes.
import pg from 'pg';

/** Of the given tables of `schema`, the ones that exist and hold at least one row. */
export async function tablesWithRows(client: pg.Client, schema: string, tables: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const table of tables) {
    const qualified = `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`;
    const exists = await client.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [qualified]);
    if (!exists.rows[0]?.exists) continue;
    const rows = await client.query(`SELECT EXISTS (SELECT 1 FROM ${qualified}) AS has_rows`);
    if (rows.rows[0]?.has_rows) found.add(table);
  }
  return found;
}

/** Number of tables in `schema`: zero means a fresh database with nothing to back up. */
export async function tableCountIn(client: pg.Client, schema: string): Promise<number> {
  const result = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1`, [schema]);
  return result.rows[0]?.n ?? 0;
}

export async function serverMajorOf(client: pg.Client): Promise<number> {
  const result = await client.query(`SELECT current_setting('server_version_num')::int AS version`);
  return Math.floor(Number(result.rows[0]?.version) / 10_000);
}

/** Serialises syncs: two deploys (or two instances with SCHEMA_SYNC_ON_START) must not push at once. */
export const SYNC_LOCK_KEY = 7_326_118_422; // arbitrary, fixed: "monitrax schema sync"

export async function withSyncLock<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query('SELECT pg_advisory_lock($1)', [SYNC_LOCK_KEY]);
  try {
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [SYNC_LOCK_KEY]).catch(() => {});
  }
}
