// The portfolio-snapshot job: one PortfolioDay row per user for today (the calendar day in the worker's time zone),
// with the totals the dashboard's snapshot shows. Set-based: each batch of users is one INSERT ... SELECT over
// SQL aggregates (the same definitions as services/api/src/portfolio/snapshot.ts: money summed in numeric, each
// frequency's amounts times its occurrences a year over 12, rounded to cents at the end), never a round trip per
// user. Idempotent: ON CONFLICT (userId, date) DO NOTHING, so a second run, a retry after a crash or a second
// worker adds nothing to a day that already has its row.
import { TIMES_PER_YEAR } from '@monitrax/contract/frequency';
import { Prisma } from '@monitrax/database/client';
import type { Database } from '@monitrax/database/create-db';

/** `amount` times its frequency's occurrences a year, as SQL: the contract's factors, the API's snapshot maths. The
 * values are this module's own constants (enum names and integers), so they are written into the statement. */
const perYear = (amount: string, frequency: string) =>
  Prisma.raw(
    `${amount} * CASE ${frequency}::text ${Object.entries(TIMES_PER_YEAR)
      .map(([name, times]) => `WHEN '${name}' THEN ${times}`)
      .join(' ')} END`,
  );

export const PORTFOLIO_SNAPSHOT_JOB = 'portfolio-snapshot';

export interface SnapshotRunResult {
  /** The day written, YYYY-MM-DD in `timeZone`. */
  date: string;
  timeZone: string;
  users: number;
  written: number;
  alreadyThere: number;
  batches: number;
  durationMs: number;
}

export interface SnapshotRunOptions {
  /** IANA zone whose calendar day the rows are for (SNAPSHOT_TIME_ZONE, default Australia/Sydney). */
  timeZone: string;
  /** Users per INSERT ... SELECT. */
  batchSize?: number;
  /** Overrides "today" (tests); YYYY-MM-DD. */
  date?: string;
}

export async function runPortfolioSnapshot(db: Database, options: SnapshotRunOptions): Promise<SnapshotRunResult> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 1_000;
  const [{ today }] = await db.prisma.$queryRaw<[{ today: string }]>`
    SELECT to_char(coalesce(${options.date ?? null}::date, (now() AT TIME ZONE ${options.timeZone})::date), 'YYYY-MM-DD') AS today`;
  let after = '00000000-0000-0000-0000-000000000000';
  let users = 0;
  let written = 0;
  let batches = 0;
  for (;;) {
    const ids = await db.prisma.$queryRaw<{ id: string }[]>`
      SELECT "id"::text AS id FROM "User" WHERE "id" > ${after}::uuid ORDER BY "id" LIMIT ${batchSize}`;
    if (ids.length === 0) break;
    const batch = ids.map((row) => row.id);
    written += await db.prisma.$executeRaw`
      WITH batch AS (SELECT unnest(${batch}::uuid[]) AS "userId"),
      properties AS (
        SELECT "userId", sum("currentValue") AS value FROM "Property" WHERE "userId" IN (SELECT "userId" FROM batch) GROUP BY "userId"),
      loans AS (
        SELECT "userId", sum("currentBalance") AS balance,
               sum(${perYear('"repaymentAmount"', '"repaymentFrequency"')}) / 12 AS monthly
          FROM "Loan" WHERE "userId" IN (SELECT "userId" FROM batch) GROUP BY "userId"),
      accounts AS (
        SELECT "userId", sum("balance") AS balance FROM "Account" WHERE "userId" IN (SELECT "userId" FROM batch) GROUP BY "userId"),
      incomes AS (
        SELECT "userId", sum(${perYear('"amount"', '"frequency"')}) / 12 AS monthly
          FROM "Income" WHERE "userId" IN (SELECT "userId" FROM batch) GROUP BY "userId"),
      expenses AS (
        SELECT "userId", sum(${perYear('"amount"', '"frequency"')}) / 12 AS monthly
          FROM "Expense" WHERE "userId" IN (SELECT "userId" FROM batch) GROUP BY "userId"),
      totals AS (
        SELECT b."userId",
               coalesce(p.value, 0) AS property_value,
               coalesce(l.balance, 0) AS loan_balance,
               coalesce(a.balance, 0) AS account_balance,
               coalesce(i.monthly, 0) - coalesce(e.monthly, 0) - coalesce(l.monthly, 0) AS cash_flow
          FROM batch b
          LEFT JOIN properties p USING ("userId") LEFT JOIN loans l USING ("userId") LEFT JOIN accounts a USING ("userId")
          LEFT JOIN incomes i USING ("userId") LEFT JOIN expenses e USING ("userId"))
      INSERT INTO "PortfolioDay" ("id", "userId", "date", "netPosition", "propertyValue", "loanBalance", "equity", "lvr", "monthlyCashFlow")
      SELECT gen_random_uuid(), "userId", ${today}::date,
             round(property_value + account_balance - loan_balance, 2),
             round(property_value, 2),
             round(loan_balance, 2),
             round(property_value - loan_balance, 2),
             CASE WHEN property_value = 0 THEN NULL ELSE round(loan_balance / property_value * 100, 2) END,
             round(cash_flow, 2)
        FROM totals
      ON CONFLICT ("userId", "date") DO NOTHING`;
    users += batch.length;
    batches += 1;
    after = batch[batch.length - 1]!;
  }
  return {
    date: today,
    timeZone: options.timeZone,
    users,
    written,
    alreadyThere: users - written,
    batches,
    durationMs: Math.round(performance.now() - started),
  };
}
