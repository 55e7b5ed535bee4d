import { RESOURCE_INPUTS } from '@monitrax/contract/resources';
import type { Property } from '@monitrax/database/client';
import { toDateOnly, toNumber } from './serialize.ts';
import { defineResource } from './resource.ts';

export const properties = defineResource({
  path: 'properties',
  singular: 'property',
  shape: RESOURCE_INPUTS.properties,
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
