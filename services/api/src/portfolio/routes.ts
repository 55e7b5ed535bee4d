// The handlers of the contract's portfolio routes. portfolio.snapshot: the signed-in user's totals from SQL
// aggregates (sums and counts grouped by frequency or type, and each property with the loans secured on it summed),
// read in one repeatable-read transaction so the figures are consistent with each other even while rows are being
// edited. portfolio.history: the daily points the worker wrote.
import type { HistoryPoint } from '@monitrax/contract/snapshot';
import type { Handlers, RouteHandler } from '../http/route-table.ts';
import { toDateOnly, toNumber } from '../resources/serialize.ts';
import type { Database } from '@monitrax/database/create-db';
import { currentUserId } from '../auth/require-auth.ts';
import { sendData } from '../http/envelope.ts';
import { computeSnapshot } from './snapshot.ts';

const ZERO = '0';

function snapshotHandler(db: Database): RouteHandler<'portfolio.snapshot'> {
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

/** The signed-in user's last `days` daily points (today counted), oldest first. */
function historyHandler(db: Database): RouteHandler<'portfolio.history'> {
  return async (req, res, { query: { days } }) => {
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

export function portfolioHandlers(deps: { db: Database }): Handlers<'portfolio.snapshot' | 'portfolio.history'> {
  return { 'portfolio.snapshot': snapshotHandler(deps.db), 'portfolio.history': historyHandler(deps.db) };
}
