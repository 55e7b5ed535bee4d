// Step "record" of the sync: every attempted change is written to monitrax_ops.schema_history, with the full schema
// file it was made for. The newest applied row's schema is the running release's: what the breaking-change check
// judges the next plan against. The table lives in its own schema on purpose: Prisma only compares the `public`
// schema, so the history table never shows up as drift or gets dropped by `db push`.
import type pg from 'pg';

export const HISTORY_TABLE = 'monitrax_ops.schema_history';

export type Outcome = 'applied' | 'refused' | 'failed';

export interface HistoryEntry {
  schemaHash: string;
  /** The schema file's text (null for a refusal: that schema never ran). */
  schemaText: string | null;
  statements: readonly string[];
  /** Planned statements left out on purpose (--safe-only): still to be applied or dropped by a person. */
  pending?: readonly string[];
  backupFile: string | null;
  appVersion: string;
  outcome: Outcome;
  detail: string | null;
  durationMs: number;
  /** Migrate mode: the migration folder this row is about. */
  migration?: string;
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
    );
    ALTER TABLE ${HISTORY_TABLE} ADD COLUMN IF NOT EXISTS schema_text text;
    ALTER TABLE ${HISTORY_TABLE} ADD COLUMN IF NOT EXISTS pending text[] NOT NULL DEFAULT '{}';
    ALTER TABLE ${HISTORY_TABLE} ADD COLUMN IF NOT EXISTS migration text;`);
}

export async function recordHistory(client: pg.Client, entry: HistoryEntry): Promise<void> {
  await ensureHistoryTable(client);
  await client.query(
    `INSERT INTO ${HISTORY_TABLE} (schema_hash, schema_text, statements, pending, backup_file, app_version, outcome, detail, duration_ms, migration)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      entry.schemaHash,
      entry.schemaText,
      entry.statements,
      entry.pending ?? [],
      entry.backupFile,
      entry.appVersion,
      entry.outcome,
      entry.detail,
      Math.round(entry.durationMs),
      entry.migration ?? null,
    ],
  );
}

export interface RecordedSchema {
  schemaHash: string;
  schemaText: string;
  appVersion: string;
  appliedAt: Date;
  pending: string[];
}

const MISSING = new Set(['42P01', '42703', '3F000']); // no table, no column (an older build's table), no schema

/** The schema of the newest applied sync: the release that serves now. Undefined when none was recorded. */
export async function readRunningSchema(client: pg.Client): Promise<RecordedSchema | undefined> {
  try {
    const { rows } = await client.query<{ schema_hash: string; schema_text: string; app_version: string; applied_at: Date; pending: string[] }>(
      `SELECT schema_hash, schema_text, app_version, applied_at, pending FROM ${HISTORY_TABLE}
       WHERE outcome = 'applied' AND schema_text IS NOT NULL ORDER BY id DESC LIMIT 1`,
    );
    const row = rows[0];
    return row
      ? { schemaHash: row.schema_hash, schemaText: row.schema_text, appVersion: row.app_version, appliedAt: row.applied_at, pending: row.pending }
      : undefined;
  } catch (error) {
    if (MISSING.has((error as { code?: string }).code ?? '')) return undefined;
    throw error;
  }
}
