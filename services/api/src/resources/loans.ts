import { RESOURCE_INPUTS } from '@monitrax/contract/resources';
import type { Loan } from '@monitrax/database/client';
import { toNumber } from './serialize.ts';
import { propertyLink } from './links.ts';
import { defineResource } from './resource.ts';

export const loans = defineResource({
  path: 'loans',
  singular: 'loan',
  shape: RESOURCE_INPUTS.loans,
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
