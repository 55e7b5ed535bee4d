// Step "apply" of the sync: the statements Prisma planned (`migrate diff --script`, exactly what `prisma db push`
// would run), run here on the sync's own connection in one transaction, in the schema Prisma planned for (the URL's
// ?schema=). Doing it here instead of handing the plan back to `prisma db push`, which would compute the same diff
// again, means: one Prisma CLI run less per deploy, all or nothing (db push applies step by step), and when a
// statement fails, PostgreSQL's own error (SQLSTATE, message, detail, the statement) instead of the engine's wrapper.
// One exception to "one transaction": PostgreSQL lets no statement of the transaction that added an enum value use
// it, so the work commits after each `ALTER TYPE ... ADD VALUE` (an added value is harmless on its own).
import pg from 'pg';

export interface ApplyFailure {
  /** The statement PostgreSQL refused, and its position in the list (0-based). */
  statement: string;
  index: number;
  sqlstate: string | undefined;
  message: string;
  detail: string | undefined;
  /** Statements already committed before the failure (enum values added). */
  committed: number;
}

const ADDS_ENUM_VALUE = /^ALTER TYPE\b.*\bADD VALUE\b/is;

/** Runs `statements` in order; undefined when all were applied, else what PostgreSQL said about the first failure. */
export async function applyStatements(client: pg.Client, schema: string, statements: readonly string[]): Promise<ApplyFailure | undefined> {
  const begin = () => client.query(`BEGIN; SET LOCAL search_path TO ${pg.escapeIdentifier(schema)}`);
  let committed = 0;
  let index = 0;
  try {
    await begin();
    for (; index < statements.length; index += 1) {
      const statement = statements[index]!;
      await client.query(statement);
      if (ADDS_ENUM_VALUE.test(statement.trim())) {
        await client.query('COMMIT');
        committed = index + 1;
        await begin();
      }
    }
    await client.query('COMMIT');
    return undefined;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    const failure = error as Partial<pg.DatabaseError> & { message?: string };
    return {
      statement: statements[index] ?? '',
      index,
      sqlstate: failure.code,
      message: failure.message ?? String(error),
      detail: failure.detail,
      committed,
    };
  }
}

/**
 * Runs `statements` in one transaction and rolls it back whatever happens: what PostgreSQL says about the first one
 * it refuses (undefined when it would take them all). How the sync names the statement and the error behind a
 * failed migration, whose runner only passes on a summary.
 */
export async function trialRun(client: pg.Client, schema: string, statements: readonly string[]): Promise<ApplyFailure | undefined> {
  let index = 0;
  try {
    await client.query(`BEGIN; SET LOCAL search_path TO ${pg.escapeIdentifier(schema)}`);
    for (; index < statements.length; index += 1) await client.query(statements[index]!);
    return undefined;
  } catch (error) {
    const failure = error as Partial<pg.DatabaseError> & { message?: string };
    return {
      statement: statements[index] ?? '',
      index,
      sqlstate: failure.code,
      message: failure.message ?? String(error),
      detail: failure.detail,
      committed: 0,
    };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}

/** One line for the log and schema_history: "ERROR 23502: column ... contains null values (DETAIL ...) in: <statement>". */
export function describeFailure(failure: ApplyFailure): string {
  const detail = failure.detail ? ` (${failure.detail})` : '';
  const kept = failure.committed > 0 ? `; ${failure.committed} statement(s) before it adding enum values stay, which is safe` : '';
  return `PostgreSQL refused statement ${failure.index + 1}: ERROR ${failure.sqlstate ?? '?'}: ${failure.message}${detail} in: ${failure.statement.slice(0, 500)}${kept}`;
}
