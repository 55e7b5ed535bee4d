// What a database holds, read from the system catalogs: used to refuse restoring into a database that
// already has tables, and to report row counts after a restore.
import pg from 'pg';
import { tableName } from './naming.ts';

/** One short-lived connection; always closed, also when connecting fails. */
export async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

// User tables in every schema that is not PostgreSQL's own. Partitions are left out: their rows are
// counted through the partitioned parent.
const USER_TABLES = `
  SELECT n.nspname AS schema, c.relname AS table
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
     AND n.nspname NOT IN ('pg_catalog', 'information_schema')
     AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
   ORDER BY 1, 2`;

export async function userTables(client: pg.Client): Promise<Array<{ schema: string; table: string }>> {
  return (await client.query<{ schema: string; table: string }>(USER_TABLES)).rows;
}

/** Exact row counts (count(*), not the planner's estimate), keyed `table` in public, `schema.table` elsewhere. */
export async function rowCounts(databaseUrl: string): Promise<Record<string, number>> {
  return withClient(databaseUrl, async (client) => {
    const counts: Record<string, number> = {};
    for (const { schema, table } of await userTables(client)) {
      const sql = `SELECT count(*)::bigint AS n FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`;
      counts[tableName(schema, table)] = Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
    }
    return counts;
  });
}

export async function databaseExists(client: pg.Client, name: string): Promise<boolean> {
  return ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
}
