import type { Expense } from '../generated/prisma/client.ts';
import { frequency, money, optionalLink, text, toNumber } from './fields.ts';
import { propertyLink } from './links.ts';
import { defineResource } from './resource.ts';

export const expenses = defineResource({
  path: 'expenses',
  singular: 'expense',
  shape: {
    payee: text(120),
    category: text(60),
    amount: money,
    frequency,
    propertyId: optionalLink,
  },
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
