// Every user-owned resource, mounted at /api/<key> behind requireAuth (the routes come from the contract's table).
// A new resource: its model in prisma/schema.prisma, its fields in @monitrax/contract/resource-fields, one line here
// (docs/architecture.md: adding a resource).
import type { ResourceKey } from '@monitrax/contract/resources';
import { defineResource, type ResourceDefinition } from './resource.ts';

export const resources = [
  defineResource('properties', { singular: 'property', model: 'Property', delegate: (db) => db.property }),
  defineResource('loans', { singular: 'loan', model: 'Loan', delegate: (db) => db.loan }),
  defineResource('accounts', { singular: 'account', model: 'Account', delegate: (db) => db.account }),
  defineResource('income', { singular: 'income item', model: 'Income', delegate: (db) => db.income }),
  defineResource('expenses', { singular: 'expense', model: 'Expense', delegate: (db) => db.expense }),
] as const satisfies readonly ResourceDefinition[];

export function resourceOf(key: ResourceKey): ResourceDefinition {
  const found = resources.find((resource) => resource.key === key);
  if (!found) throw new Error(`no resource ${key}`);
  return found;
}
