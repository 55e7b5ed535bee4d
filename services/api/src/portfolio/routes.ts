// GET /api/portfolio/snapshot: the signed-in user's totals, read in one repeatable-read transaction so
// the figures are consistent with each other even while rows are being edited.
import { Router } from 'express';
import type { Database } from '../db/prisma.ts';
import { currentUserId } from '../auth/require-auth.ts';
import { sendData } from '../http/envelope.ts';
import { computeSnapshot } from './snapshot.ts';

export function portfolioRoutes(deps: { db: Database }): Router {
  const { db } = deps;
  const router = Router();

  router.get('/snapshot', async (req, res) => {
    const where = { userId: currentUserId(req) };
    const [properties, loans, accounts, incomes, expenses] = await db.$transaction(
      [
        db.property.findMany({ where, select: { id: true, name: true, currentValue: true }, orderBy: { createdAt: 'asc' } }),
        db.loan.findMany({ where, select: { id: true, propertyId: true, currentBalance: true, repaymentAmount: true, repaymentFrequency: true } }),
        db.account.findMany({ where, select: { type: true, balance: true, loanId: true } }),
        db.income.findMany({ where, select: { amount: true, frequency: true } }),
        db.expense.findMany({ where, select: { amount: true, frequency: true } }),
      ],
      { isolationLevel: 'RepeatableRead' },
    );
    sendData(req, res, computeSnapshot({ properties, loans, accounts, incomes, expenses }));
  });

  return router;
}
