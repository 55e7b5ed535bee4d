// GET /api/portfolio/snapshot (the contract's PORTFOLIO_SNAPSHOT_PATH): the signed-in user's totals from SQL aggregates (sums and counts grouped by
// frequency or type, and each property with the loans secured on it summed), read in one repeatable-read
// transaction so the figures are consistent with each other even while rows are being edited.
import { HISTORY_DAYS, type HistoryPoint } from '@monitrax/contract/snapshot';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { parseOrThrow } from '../http/validate.ts';
import { toDateOnly, toNumber } from '../resources/serialize.ts';
import type { Database } from '@monitrax/database/create-db';
import { currentUserId } from '../auth/require-auth.ts';
import { sendData } from '../http/envelope.ts';
import { computeSnapshot } from './snapshot.ts';

const ZERO = '0';

/** GET PORTFOLIO_SNAPSHOT_PATH (app.ts mounts it behind requireAuth). */
export function snapshotHandler(deps: { db: Database }): RequestHandler {
  const { db } = deps;
  return async (req, res) => {
    const userId = currentUserId(req);
    const where = { userId };
    // One connection, one snapshot of the data: the queries run one after another inside the transaction.
    const [properties, secured, loans, accounts, incomes, expenses] = await db.prisma.$transaction(
      async (tx) =>
        [
          await tx.property.findMany({ where, select: { id: true, name: true, currentValue: true }, orderBy: { createdAt: 'asc' } }),
          await tx.loan.groupBy({ by: ['propertyId'], where: { userId, propertyId: { not: null } }, _sum: { currentBalance: true } }),
          await tx.loan.groupBy({ by: ['repaymentFrequency'], where, _count: { _all: true }, _sum: { currentBalance: true, repaymentAmount: true } }),
          await tx.account.groupBy({ by: ['type'], where, _count: { _all: true }, _sum: { balance: true } }),
          await tx.income.groupBy({ by: ['frequency'], where, _count: { _all: true }, _sum: { amount: true } }),
          await tx.expense.groupBy({ by: ['frequency'], where, _count: { _all: true }, _sum: { amount: true } }),
        ] as const,
      { isolationLevel: 'RepeatableRead' },
    );
    const securedBy = new Map(secured.map((group) => [group.propertyId, group._sum.currentBalance ?? ZERO]));
    sendData(
      req,
      res,
      computeSnapshot({
        properties: properties.map((property) => ({ ...property, securedBalance: securedBy.get(property.id) ?? ZERO })),
        loans: loans.map((group) => ({
          frequency: group.repaymentFrequency,
          count: group._count._all,
          balance: group._sum.currentBalance ?? ZERO,
          repayments: group._sum.repaymentAmount ?? ZERO,
        })),
        accounts: accounts.map((group) => ({ type: group.type, count: group._count._all, balance: group._sum.balance ?? ZERO })),
        incomes: incomes.map((group) => ({ frequency: group.frequency, count: group._count._all, amount: group._sum.amount ?? ZERO })),
        expenses: expenses.map((group) => ({ frequency: group.frequency, count: group._count._all, amount: group._sum.amount ?? ZERO })),
      }),
    );
  };
}

const historyQuery = z.strictObject({
  days: z.coerce
    .number({ error: 'must be a whole number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be 1 or more')
    .max(HISTORY_DAYS.max, `must be at most ${HISTORY_DAYS.max}`)
    .default(HISTORY_DAYS.default),
});

/** GET PORTFOLIO_HISTORY_PATH: the signed-in user's last `days` daily points (today counted), oldest first. */
export function historyHandler(deps: { db: Database }): RequestHandler {
  const { db } = deps;
  return async (req, res) => {
    const { days } = parseOrThrow(historyQuery, { ...req.query }, 'Query string');
    const userId = currentUserId(req);
    // The newest `days` rows, then oldest first: the days the worker wrote, however the calendar falls.
    const rows = await db.prisma.portfolioDay.findMany({ where: { userId }, orderBy: { date: 'desc' }, take: days });
    const points: HistoryPoint[] = rows.reverse().map((row) => ({
      date: toDateOnly(row.date),
      netPosition: toNumber(row.netPosition),
      propertyValue: toNumber(row.propertyValue),
      loanBalance: toNumber(row.loanBalance),
      equity: toNumber(row.equity),
      lvr: row.lvr === null ? null : toNumber(row.lvr),
      monthlyCashFlow: toNumber(row.monthlyCashFlow),
    }));
    sendData(req, res, points, { meta: { days } });
  };
}
