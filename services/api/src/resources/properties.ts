import { z } from 'zod';
import type { Property } from '../generated/prisma/client.ts';
import { calendarDate, money, text, toDateOnly, toNumber } from './fields.ts';
import { defineResource } from './resource.ts';

export const properties = defineResource({
  path: 'properties',
  singular: 'property',
  shape: {
    name: text(120),
    address: text(300),
    type: z.enum(['HOME', 'INVESTMENT']),
    purchasePrice: money,
    purchaseDate: calendarDate,
    currentValue: money,
  },
  model: 'Property',
  delegate: (db) => db.property,
  links: [],
  serialize: (row: Property) => ({
    id: row.id,
    name: row.name,
    address: row.address,
    type: row.type,
    purchasePrice: toNumber(row.purchasePrice),
    purchaseDate: toDateOnly(row.purchaseDate),
    currentValue: toNumber(row.currentValue),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
});
