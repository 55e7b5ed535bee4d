import { z } from 'zod';
import type { Loan } from '../generated/prisma/client.ts';
import { money, optionalLink, ratePercent, text, toNumber } from './fields.ts';
import { propertyLink } from './links.ts';
import { defineResource } from './resource.ts';

export const loans = defineResource({
  path: 'loans',
  singular: 'loan',
  shape: {
    lender: text(120),
    type: z.enum(['HOME', 'INVESTMENT']),
    rateType: z.enum(['VARIABLE', 'FIXED']),
    interestRate: ratePercent,
    principal: money,
    currentBalance: money,
    repaymentAmount: money,
    repaymentFrequency: z.enum(['WEEKLY', 'FORTNIGHTLY', 'MONTHLY']),
    propertyId: optionalLink,
  },
  model: 'Loan',
  delegate: (db) => db.loan,
  links: [propertyLink],
  serialize: (row: Loan) => ({
    id: row.id,
    lender: row.lender,
    type: row.type,
    rateType: row.rateType,
    interestRate: toNumber(row.interestRate),
    principal: toNumber(row.principal),
    currentBalance: toNumber(row.currentBalance),
    repaymentAmount: toNumber(row.repaymentAmount),
    repaymentFrequency: row.repaymentFrequency,
    propertyId: row.propertyId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
});
