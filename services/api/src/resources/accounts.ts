import { RESOURCE_INPUTS } from '@monitrax/contract/resources';
import type { Account } from '@monitrax/database/client';
import { toNumber } from './serialize.ts';
import { loanLink } from './links.ts';
import { defineResource } from './resource.ts';

export const accounts = defineResource({
  path: 'accounts',
  singular: 'account',
  shape: RESOURCE_INPUTS.accounts,
  model: 'Account',
  delegate: (db) => db.account,
  links: [loanLink],
  serialize: (row: Account) => ({
    id: row.id,
    name: row.name,
    institution: row.institution,
    type: row.type,
    balance: toNumber(row.balance),
    loanId: row.loanId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }),
});
