// Step "record" of the sync: every attempted change is written to monitrax_ops.schema_history.
// The table lives in its own schema on purpose: Prisma only compares the `public` schema, so the
// history table never shows up as drift or gets dropped by `db push`.
import type pg from 'pg';

export const HISTORY_TABLE = 'monitrax_ops.schema_history';

export type Outcome = 'applied' | 'refused' | 'failed';

export interface HistoryEntry {
  schemaHash: string;
  statements: readonly string[];
  backupFile: string | null;
  appVersion: string;
  outcome: Outcome;
  detail: string | null;
  durationMs: number;
}

export async function ensureHistoryTable(client: pg.Client): Promise<void> {
  await client.query(`
    CREATE SCHEMA IF NOT EXISTS monitrax_ops;
    CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
      id          bigserial PRIMARY KEY,
      applied_at  timestamptz NOT NULL DEFAULT now(),
      schema_hash text        NOT NULL,
      statements  text[]      NOT NULL,
      backup_file text,
      app_version text        NOT NULL,
      outcome     text        NOT NULL CHECK (outcome IN ('applied', 'refused', 'failed')),
      detail      text,
      duration_ms integer     NOT NULL
    );`);
}

export async function recordHistory(client: pg.Client, entry: HistoryEntry): Promise<void> {
  await ensureHistoryTable(client);
  await client.query(
    `INSERT INTO ${HISTORY_TABLE} (schema_hash, statements, backup_file, app_version, outcome, detail, duration_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [entry.schemaHash, entry.statements, entry.backupFile, entry.appVersion, entry.outcome, entry.detail, Math.round(entry.durationMs)],
  );
}
