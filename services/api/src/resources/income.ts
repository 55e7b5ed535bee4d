import { RESOURCE_INPUTS } from '@monitrax/contract/resources';
import type { Income } from '@monitrax/database/client';
import { toNumber } from './serialize.ts';
import { propertyLink } from './links.ts';
import { defineResource } from './resource.ts';

export const income = defineResource({
  path: 'income',
  singular: 'income item',
  shape: RESOURCE_INPUTS.income,
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
