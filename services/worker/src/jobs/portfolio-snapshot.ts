// The portfolio-snapshot job: one PortfolioDay row per user for today (the calendar day in the worker's time zone),
// with the totals the dashboard's snapshot shows. Set-based: each batch of users is one INSERT ... SELECT over
// SQL aggregates (the same definitions as services/api/src/portfolio/snapshot.ts: money summed in numeric, each
// frequency's amounts times its occurrences a year over 12, rounded to cents at the end), never a round trip per
// user. Idempotent: ON CONFLICT (userId, date) DO NOTHING, so a second run, a retry after a crash or a second
// worker adds nothing to a day that already has its row.
// One user's rows never stop anyone else's day: a batch that PostgreSQL refuses for its data (SQLSTATE class 22 or
// 23, e.g. a sum beyond the history's columns) is written again one user at a time, and the users it still refuses
// are returned with PostgreSQL's reason (the worker logs them, the API's worker check counts them). Any other error
// (the database gone) fails the job, which pg-boss retries.
import { TIMES_PER_YEAR } from '@monitrax/contract/frequency';
import { LVR_MAX_PERCENT } from '@monitrax/contract/snapshot';
import { Prisma } from '@monitrax/database/client';
import type { Database } from '@monitrax/database/create-db';
import { isDataError, postgresErrorOf } from '@monitrax/database/errors';

/** `amount` times its frequency's occurrences a year, as SQL: the contract's factors, the API's snapshot maths. The
 * values are this module's own constants (enum names and integers), so they are written into the statement. */
const perYear = (amount: string, frequency: string) =>
  Prisma.raw(
    `${amount} * CASE ${frequency}::text ${Object.entries(TIMES_PER_YEAR)
      .map(([name, times]) => `WHEN '${name}' THEN ${times}`)
      .join(' ')} END`,
  );

export const PORTFOLIO_SNAPSHOT_JOB = 'portfolio-snapshot';

/** A user the day could not be written for, and PostgreSQL's reason. */
export interface UserFailure {
  userId: string;
  reason: string;
}

/** How many failures the job's output names one by one (all of them are counted and logged). */
const FAILURES_LISTED = 20;

export interface SnapshotRunResult {
  /** The day written, YYYY-MM-DD in `timeZone`. */
  date: string;
  timeZone: string;
  users: number;
  written: number;
  alreadyThere: number;
  /** Users whose day PostgreSQL refused for their data; everyone else got theirs. */
  usersFailed: number;
  /** The first of them, with the reason. */
  failures: UserFailure[];
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
  /** Told about each user whose day could not be written (the worker logs it). */
  onUserFailed?: (failure: UserFailure) => void;
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
  const failures: UserFailure[] = [];
  for (;;) {
    const ids = await db.prisma.$queryRaw<{ id: string }[]>`
      SELECT "id"::text AS id FROM "User" WHERE "id" > ${after}::uuid ORDER BY "id" LIMIT ${batchSize}`;
    if (ids.length === 0) break;
    const batch = ids.map((row) => row.id);
    try {
      written += await writeDay(db, batch, today);
    } catch (error) {
      if (!isDataError(error)) throw error;
      for (const userId of batch) {
        try {
          written += await writeDay(db, [userId], today);
        } catch (userError) {
          if (!isDataError(userError)) throw userError;
          const failure = { userId, reason: reasonOf(userError) };
          failures.push(failure);
          options.onUserFailed?.(failure);
        }
      }
    }
    users += batch.length;
    batches += 1;
    after = batch[batch.length - 1]!;
  }
  return {
    date: today,
    timeZone: options.timeZone,
    users,
    written,
    alreadyThere: users - written - failures.length,
    usersFailed: failures.length,
    failures: failures.slice(0, FAILURES_LISTED),
    batches,
    durationMs: Math.round(performance.now() - started),
  };
}

const reasonOf = (error: unknown) => {
  const postgres = postgresErrorOf(error);
  return postgres ? `${postgres.sqlState} ${postgres.message}` : String(error);
};

/** One INSERT ... SELECT of the day's row for each of `userIds`; how many it wrote. */
function writeDay(db: Database, userIds: string[], today: string): Promise<number> {
  return db.prisma.$executeRaw`
    WITH batch AS (SELECT unnest(${userIds}::uuid[]) AS "userId"),
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
           CASE WHEN property_value = 0 THEN NULL
                WHEN round(loan_balance / property_value * 100, 2) > ${String(LVR_MAX_PERCENT)}::numeric THEN NULL
                ELSE round(loan_balance / property_value * 100, 2) END,
           round(cash_flow, 2)
      FROM totals
    ON CONFLICT ("userId", "date") DO NOTHING`;
}
