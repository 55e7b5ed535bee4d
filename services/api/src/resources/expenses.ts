import { RESOURCE_INPUTS } from '@monitrax/contract/resources';
import type { Expense } from '@monitrax/database/client';
import { toNumber } from './serialize.ts';
import { propertyLink } from './links.ts';
import { defineResource } from './resource.ts';

export const expenses = defineResource({
  path: 'expenses',
  singular: 'expense',
  shape: RESOURCE_INPUTS.expenses,
  model: 'Expense',
  delegate: (db) => db.expense,
  links: [propertyLink],
  serialize: (row: Expense) => ({
    id: row.id,
    payee: row.payee,
    category: row.category,
    amount: toNumber(row.amount),
    frequency: row.frequency,
    propertyId: row.propertyId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
});
