import { z } from 'zod';
import type { Income } from '../generated/prisma/client.ts';
import { frequency, money, optionalLink, text, toNumber } from './fields.ts';
import { propertyLink } from './links.ts';
import { defineResource } from './resource.ts';

export const income = defineResource({
  path: 'income',
  singular: 'income item',
  shape: {
    source: text(120),
    type: z.enum(['SALARY', 'RENTAL', 'INVESTMENT', 'OTHER']),
    amount: money,
    frequency,
    propertyId: optionalLink,
  },
  model: 'Income',
  delegate: (db) => db.income,
  links: [propertyLink],
  serialize: (row: Income) => ({
    id: row.id,
    source: row.source,
    type: row.type,
    amount: toNumber(row.amount),
    frequency: row.frequency,
    propertyId: row.propertyId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
});
